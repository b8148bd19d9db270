using System.Runtime.InteropServices;

namespace Tessera.Imaging.Native;

/// <summary>
/// libtiff entry points. TIFFGetField and TIFFSetField are variadic; they are bound as ordinary functions with the
/// argument types after C's default promotions (integers as int/uint, pointers), which is the same calling sequence
/// on x86-64 System V for non-floating-point arguments.
/// </summary>
internal static unsafe partial class TiffNative
{
    public const uint TagSubfileType = 254;
    public const uint TagImageWidth = 256;
    public const uint TagImageLength = 257;
    public const uint TagBitsPerSample = 258;
    public const uint TagCompression = 259;
    public const uint TagPhotometric = 262;
    public const uint TagImageDescription = 270;
    public const uint TagSamplesPerPixel = 277;
    public const uint TagRowsPerStrip = 278;
    public const uint TagXResolution = 282;
    public const uint TagYResolution = 283;
    public const uint TagPlanarConfig = 284;
    public const uint TagResolutionUnit = 296;
    public const uint TagTileWidth = 322;
    public const uint TagTileLength = 323;
    public const uint TagSubIfd = 330;
    public const uint TagExtraSamples = 338;
    public const uint TagSampleFormat = 339;

    // Pseudo-tags: codec settings that are not written to the file.
    public const uint TagJpegQuality = 65537;
    public const uint TagJpegColorMode = 65538;
    public const uint TagZipQuality = 65557;
    public const uint TagZstdLevel = 65564;

    public const int PlanarContiguous = 1;
    public const int PlanarSeparate = 2;
    public const int JpegColorModeRgb = 1;

    [LibraryImport("tiff", EntryPoint = "TIFFOpenOptionsAlloc")]
    public static partial IntPtr OpenOptionsAlloc();

    [LibraryImport("tiff", EntryPoint = "TIFFOpenOptionsFree")]
    public static partial void OpenOptionsFree(IntPtr options);

    [LibraryImport("tiff", EntryPoint = "TIFFOpenOptionsSetErrorHandlerExtR")]
    public static partial void OpenOptionsSetErrorHandlerExtR(IntPtr options, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, byte*, byte*, IntPtr, int> handler, IntPtr userData);

    [LibraryImport("tiff", EntryPoint = "TIFFOpenOptionsSetWarningHandlerExtR")]
    public static partial void OpenOptionsSetWarningHandlerExtR(IntPtr options, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, byte*, byte*, IntPtr, int> handler, IntPtr userData);

    [LibraryImport("tiff", EntryPoint = "TIFFOpenExt", StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr OpenExt(string name, string mode, IntPtr options);

    [LibraryImport("tiff", EntryPoint = "TIFFClose")]
    public static partial void Close(IntPtr tif);

    [LibraryImport("tiff", EntryPoint = "TIFFIsBigTIFF")]
    public static partial int IsBigTiff(IntPtr tif);

    [LibraryImport("tiff", EntryPoint = "TIFFReadDirectory")]
    public static partial int ReadDirectory(IntPtr tif);

    [LibraryImport("tiff", EntryPoint = "TIFFSetSubDirectory")]
    public static partial int SetSubDirectory(IntPtr tif, ulong offset);

    [LibraryImport("tiff", EntryPoint = "TIFFCurrentDirOffset")]
    public static partial ulong CurrentDirOffset(IntPtr tif);

    [LibraryImport("tiff", EntryPoint = "TIFFWriteDirectory")]
    public static partial int WriteDirectory(IntPtr tif);

    [LibraryImport("tiff", EntryPoint = "TIFFGetField")]
    public static partial int GetField(IntPtr tif, uint tag, void* value);

    [LibraryImport("tiff", EntryPoint = "TIFFGetField")]
    public static partial int GetField(IntPtr tif, uint tag, void* count, void* values);

    [LibraryImport("tiff", EntryPoint = "TIFFGetFieldDefaulted")]
    public static partial int GetFieldDefaulted(IntPtr tif, uint tag, void* value);

    [LibraryImport("tiff", EntryPoint = "TIFFSetField")]
    public static partial int SetField(IntPtr tif, uint tag, int value);

    [LibraryImport("tiff", EntryPoint = "TIFFSetField")]
    public static partial int SetField(IntPtr tif, uint tag, uint value);

    [LibraryImport("tiff", EntryPoint = "TIFFSetField")]
    public static partial int SetField(IntPtr tif, uint tag, void* value);

    [LibraryImport("tiff", EntryPoint = "TIFFSetField")]
    public static partial int SetField(IntPtr tif, uint tag, int count, void* values);

    [LibraryImport("tiff", EntryPoint = "TIFFReadEncodedTile")]
    public static partial nint ReadEncodedTile(IntPtr tif, uint tile, void* buffer, nint size);

    [LibraryImport("tiff", EntryPoint = "TIFFReadEncodedStrip")]
    public static partial nint ReadEncodedStrip(IntPtr tif, uint strip, void* buffer, nint size);

    [LibraryImport("tiff", EntryPoint = "TIFFWriteEncodedTile")]
    public static partial nint WriteEncodedTile(IntPtr tif, uint tile, void* data, nint size);

    [LibraryImport("tiff", EntryPoint = "TIFFWriteEncodedStrip")]
    public static partial nint WriteEncodedStrip(IntPtr tif, uint strip, void* data, nint size);

    [LibraryImport("tiff", EntryPoint = "TIFFIsCODECConfigured")]
    public static partial int IsCodecConfigured(ushort scheme);

    [LibraryImport("tiff", EntryPoint = "TIFFFindCODEC")]
    public static partial Codec* FindCodec(ushort scheme);

    /// <summary>The start of libtiff's TIFFCodec: its name and scheme.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Codec
    {
        public byte* Name;
        public ushort Scheme;
    }
}
