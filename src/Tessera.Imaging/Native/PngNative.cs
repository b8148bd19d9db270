using System.Runtime.InteropServices;

namespace Tessera.Imaging.Native;

/// <summary>libpng's simplified API: errors come back in <see cref="Image.Message"/>, with no setjmp in sight.</summary>
internal static unsafe partial class PngNative
{
    public const uint ImageVersion = 1;
    public const uint FormatAlpha = 0x01;
    public const uint FormatColor = 0x02;
    public const uint FormatLinear = 0x04;
    public const uint FormatColormap = 0x08;

    [LibraryImport("png16", EntryPoint = "png_image_begin_read_from_file", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int BeginReadFromFile(Image* image, string fileName);

    [LibraryImport("png16", EntryPoint = "png_image_begin_read_from_memory")]
    public static partial int BeginReadFromMemory(Image* image, byte* memory, nuint size);

    [LibraryImport("png16", EntryPoint = "png_image_finish_read")]
    public static partial int FinishRead(Image* image, void* background, void* buffer, int rowStride, void* colormap);

    [LibraryImport("png16", EntryPoint = "png_image_free")]
    public static partial void Free(Image* image);

    [LibraryImport("png16", EntryPoint = "png_image_write_to_memory")]
    public static partial int WriteToMemory(Image* image, byte* memory, nuint* memoryBytes, int convertTo8Bit, void* buffer, int rowStride, void* colormap);

    /// <summary>png_image (png.h, PNG_IMAGE_VERSION 1).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Image
    {
        public IntPtr Opaque;
        public uint Version;
        public uint Width;
        public uint Height;
        public uint Format;
        public uint Flags;
        public uint ColormapEntries;
        public uint WarningOrError;
        public fixed byte Message[64];

        /// <summary>True when the last call failed (an error, not just a warning).</summary>
        public readonly bool Failed => (WarningOrError & 3) > 1;

        public readonly string Text()
        {
            fixed (byte* message = Message)
            {
                return Marshal.PtrToStringUTF8((IntPtr)message) ?? "";
            }
        }
    }
}
