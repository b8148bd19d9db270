namespace Tessera.Imaging;

/// <summary>Recognises image files by their magic bytes, not their names.</summary>
public static class ImageFileFormat
{
    /// <summary>The kind of the file at <paramref name="path"/> (<see cref="ImageFileKind.Unknown"/> for short or other files).</summary>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static ImageFileKind Detect(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Span<byte> head = stackalloc byte[8];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        var length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Detect(head[..length]);
    }

    /// <summary>The kind of a file that starts with <paramref name="head"/> (8 bytes suffice).</summary>
    public static ImageFileKind Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("II*\0"u8) || head.StartsWith("MM\0*"u8))
        {
            return ImageFileKind.Tiff;
        }

        if (head.StartsWith("II+\0"u8) || head.StartsWith("MM\0+"u8))
        {
            return ImageFileKind.BigTiff;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ImageFileKind.Png;
        }

        return head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? ImageFileKind.Jpeg : ImageFileKind.Unknown;
    }
}
