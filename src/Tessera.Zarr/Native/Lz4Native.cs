using System.Runtime.InteropServices;

namespace Tessera.Zarr.Native;

/// <summary>liblz4 block API entry points.</summary>
internal static unsafe partial class Lz4Native
{
    [LibraryImport("lz4", EntryPoint = "LZ4_compressBound")]
    public static partial int CompressBound(int inputSize);

    [LibraryImport("lz4", EntryPoint = "LZ4_compress_fast")]
    public static partial int CompressFast(byte* src, byte* dst, int srcSize, int dstCapacity, int acceleration);

    [LibraryImport("lz4", EntryPoint = "LZ4_decompress_safe")]
    public static partial int DecompressSafe(byte* src, byte* dst, int compressedSize, int dstCapacity);
}
