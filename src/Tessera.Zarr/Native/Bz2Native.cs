using System.Runtime.InteropServices;

namespace Tessera.Zarr.Native;

/// <summary>libbz2 one-shot buffer API entry points.</summary>
internal static unsafe partial class Bz2Native
{
    public const int Ok = 0;
    public const int OutputBufferFull = -8;

    [LibraryImport("bz2", EntryPoint = "BZ2_bzBuffToBuffCompress")]
    public static partial int BuffToBuffCompress(byte* dest, uint* destLen, byte* source, uint sourceLen, int blockSize100k, int verbosity, int workFactor);

    [LibraryImport("bz2", EntryPoint = "BZ2_bzBuffToBuffDecompress")]
    public static partial int BuffToBuffDecompress(byte* dest, uint* destLen, byte* source, uint sourceLen, int small, int verbosity);

    public static string ErrorName(int code) => code switch
    {
        -1 => "sequence error",
        -2 => "parameter error",
        -3 => "out of memory",
        -4 => "data integrity error",
        -5 => "not bzip2 data (bad magic)",
        -7 => "unexpected end of data",
        -8 => "output larger than expected",
        _ => $"error {code}",
    };
}
