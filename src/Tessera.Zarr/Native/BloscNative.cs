using System.Runtime.InteropServices;

namespace Tessera.Zarr.Native;

/// <summary>c-blosc 1.x entry points (the context variants: thread-safe, no global state).</summary>
internal static unsafe partial class BloscNative
{
    /// <summary>Bytes blosc may add to incompressible input.</summary>
    public const int MaxOverhead = 16;

    /// <summary>Bytes of the blosc frame header.</summary>
    public const int HeaderSize = 16;

    [LibraryImport("blosc", EntryPoint = "blosc_compress_ctx", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int CompressCtx(int clevel, int doshuffle, nuint typesize, nuint nbytes, byte* src, byte* dest, nuint destsize, string compressor, nuint blocksize, int numinternalthreads);

    [LibraryImport("blosc", EntryPoint = "blosc_decompress_ctx")]
    public static partial int DecompressCtx(byte* src, byte* dest, nuint destsize, int numinternalthreads);

    [LibraryImport("blosc", EntryPoint = "blosc_cbuffer_validate")]
    public static partial int CbufferValidate(byte* cbuffer, nuint cbytes, nuint* nbytes);

    [LibraryImport("blosc", EntryPoint = "blosc_cbuffer_sizes")]
    public static partial void CbufferSizes(byte* cbuffer, nuint* nbytes, nuint* cbytes, nuint* blocksize);
}
