using System.Runtime.InteropServices;

namespace Tessera.Imaging.Native;

/// <summary>libjpeg-turbo's TurboJPEG 2.1 API. A handle is not thread-safe: one per call.</summary>
internal static unsafe partial class TurboJpegNative
{
    public const int PixelFormatRgb = 0;
    public const int PixelFormatGray = 6;
    public const int SubsamplingGray = 3;
    public const int Subsampling420 = 2;
    public const int Subsampling444 = 0;
    public const int ColorspaceGray = 2;
    public const int FlagAccurateDct = 4096;

    [LibraryImport("turbojpeg", EntryPoint = "tjInitDecompress")]
    public static partial IntPtr InitDecompress();

    [LibraryImport("turbojpeg", EntryPoint = "tjInitCompress")]
    public static partial IntPtr InitCompress();

    [LibraryImport("turbojpeg", EntryPoint = "tjDestroy")]
    public static partial int Destroy(IntPtr handle);

    [LibraryImport("turbojpeg", EntryPoint = "tjDecompressHeader3")]
    public static partial int DecompressHeader3(IntPtr handle, byte* jpeg, nuint size, int* width, int* height, int* subsampling, int* colorspace);

    [LibraryImport("turbojpeg", EntryPoint = "tjDecompress2")]
    public static partial int Decompress2(IntPtr handle, byte* jpeg, nuint size, byte* destination, int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport("turbojpeg", EntryPoint = "tjCompress2")]
    public static partial int Compress2(IntPtr handle, byte* source, int width, int pitch, int height, int pixelFormat, byte** jpeg, nuint* size, int subsampling, int quality, int flags);

    [LibraryImport("turbojpeg", EntryPoint = "tjGetErrorStr2")]
    public static partial byte* GetErrorStr2(IntPtr handle);

    [LibraryImport("turbojpeg", EntryPoint = "tjFree")]
    public static partial void Free(byte* buffer);

    public static string ErrorText(IntPtr handle) =>
        (Marshal.PtrToStringUTF8((IntPtr)GetErrorStr2(handle)) ?? "unknown TurboJPEG error").Replace('\n', ' ').Trim();
}
