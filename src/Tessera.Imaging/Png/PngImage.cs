using Tessera.Imaging.Native;
using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Png;

/// <summary>
/// PNG files through libpng's simplified API. Grey, grey + alpha, RGB and RGBA at 8 or 16 bits are read as stored
/// (palette images expand to RGB or RGBA). Two conversions of that API remain: 8-bit samples of a file whose gamma
/// is not sRGB's are converted to sRGB, and 16-bit samples are returned linear with alpha premultiplied, which leaves
/// 16-bit files without gamma information and without alpha unchanged.
/// </summary>
public static unsafe class PngImage
{
    /// <summary>Reads the PNG at <paramref name="path"/>.</summary>
    /// <exception cref="ImageFormatException">The file is missing or libpng cannot decode it; the message is libpng's.</exception>
    public static DecodedImage Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        NativeImagingLibrary.Png.EnsureLoaded();
        if (!File.Exists(path))
        {
            throw new ImageFormatException(path, "file not found");
        }

        var image = new PngNative.Image { Version = PngNative.ImageVersion };
        try
        {
            return PngNative.BeginReadFromFile(&image, path) == 0
                ? throw Failure(path, &image, "not a readable PNG file")
                : Finish(path, &image);
        }
        finally
        {
            PngNative.Free(&image);
        }
    }

    /// <summary>Decodes a PNG held in memory; <paramref name="name"/> is used in messages.</summary>
    /// <exception cref="ImageFormatException">libpng cannot decode the bytes.</exception>
    public static DecodedImage Decode(ReadOnlySpan<byte> bytes, string name)
    {
        NativeImagingLibrary.Png.EnsureLoaded();
        var image = new PngNative.Image { Version = PngNative.ImageVersion };
        try
        {
            fixed (byte* pointer = bytes)
            {
                // libpng reads from the memory until finish_read returns, so both calls stay inside the fixed block.
                return PngNative.BeginReadFromMemory(&image, pointer, (nuint)bytes.Length) == 0
                    ? throw Failure(name, &image, "not a readable PNG")
                    : Finish(name, &image);
            }
        }
        finally
        {
            PngNative.Free(&image);
        }
    }

    /// <summary>Encodes <paramref name="image"/> as a PNG (16-bit samples are written as linear, as the simplified API does).</summary>
    public static byte[] Encode(DecodedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        NativeImagingLibrary.Png.EnsureLoaded();
        var png = new PngNative.Image
        {
            Version = PngNative.ImageVersion,
            Width = (uint)image.Width,
            Height = (uint)image.Height,
            Format = FormatOf(image.Channels, image.DataType == DataType.UInt16),
        };
        try
        {
            fixed (byte* pixels = image.Pixels)
            {
                nuint size = 0;
                if (PngNative.WriteToMemory(&png, null, &size, 0, pixels, 0, null) == 0)
                {
                    throw new InvalidOperationException($"libpng cannot encode the image: {png.Text()}");
                }

                var result = new byte[size];
                fixed (byte* output = result)
                {
                    if (PngNative.WriteToMemory(&png, output, &size, 0, pixels, 0, null) == 0)
                    {
                        throw new InvalidOperationException($"libpng cannot encode the image: {png.Text()}");
                    }
                }

                return size == (nuint)result.Length ? result : result[..(int)size];
            }
        }
        finally
        {
            PngNative.Free(&png);
        }
    }

    /// <summary>Writes <paramref name="image"/> as a PNG file.</summary>
    public static void Write(string path, DecodedImage image) => File.WriteAllBytes(path, Encode(image));

    private static DecodedImage Finish(string name, PngNative.Image* image)
    {
        // The natural format, with the colour map expanded: samples as the file stores them.
        var wide = (image->Format & PngNative.FormatLinear) != 0;
        var channels = (int)(image->Format & (PngNative.FormatColor | PngNative.FormatAlpha)) + 1;
        image->Format = FormatOf(channels, wide);
        var size = (long)image->Width * image->Height * channels * (wide ? 2 : 1);
        if (size > Array.MaxLength)
        {
            throw new ImageFormatException(name, $"a {image->Width} × {image->Height} PNG is too large to decode at once");
        }

        var pixels = new byte[size];
        fixed (byte* buffer = pixels)
        {
            if (PngNative.FinishRead(image, null, buffer, 0, null) == 0)
            {
                throw Failure(name, image, "cannot decode the PNG");
            }
        }

        return new DecodedImage((int)image->Width, (int)image->Height, channels, wide ? DataType.UInt16 : DataType.UInt8, pixels);
    }

    private static uint FormatOf(int channels, bool wide) =>
        (uint)(channels - 1) | (wide ? PngNative.FormatLinear : 0);

    private static ImageFormatException Failure(string name, PngNative.Image* image, string what)
    {
        var message = image->Text().Replace('\n', ' ').Trim();
        return new ImageFormatException(name, message.Length == 0 ? what : message);
    }
}
