using System.Runtime.InteropServices;

namespace Tessera.Zarr.Native;

/// <summary>libzstd entry points.</summary>
internal static unsafe partial class ZstdNative
{
    public const int CompressionLevelParameter = 100;
    public const int ChecksumFlagParameter = 201;
    public const int ResetSessionAndParameters = 3;
    public const ulong ContentSizeUnknown = ulong.MaxValue;
    public const ulong ContentSizeError = ulong.MaxValue - 1;

    [LibraryImport("zstd", EntryPoint = "ZSTD_compressBound")]
    public static partial nuint CompressBound(nuint srcSize);

    [LibraryImport("zstd", EntryPoint = "ZSTD_isError")]
    public static partial uint IsError(nuint code);

    [LibraryImport("zstd", EntryPoint = "ZSTD_getErrorName")]
    public static partial byte* GetErrorName(nuint code);

    [LibraryImport("zstd", EntryPoint = "ZSTD_createCCtx")]
    public static partial IntPtr CreateCCtx();

    [LibraryImport("zstd", EntryPoint = "ZSTD_freeCCtx")]
    public static partial nuint FreeCCtx(IntPtr cctx);

    [LibraryImport("zstd", EntryPoint = "ZSTD_CCtx_reset")]
    public static partial nuint CCtxReset(IntPtr cctx, int reset);

    [LibraryImport("zstd", EntryPoint = "ZSTD_CCtx_setParameter")]
    public static partial nuint CCtxSetParameter(IntPtr cctx, int parameter, int value);

    [LibraryImport("zstd", EntryPoint = "ZSTD_compress2")]
    public static partial nuint Compress2(IntPtr cctx, byte* dst, nuint dstCapacity, byte* src, nuint srcSize);

    [LibraryImport("zstd", EntryPoint = "ZSTD_createDCtx")]
    public static partial IntPtr CreateDCtx();

    [LibraryImport("zstd", EntryPoint = "ZSTD_freeDCtx")]
    public static partial nuint FreeDCtx(IntPtr dctx);

    [LibraryImport("zstd", EntryPoint = "ZSTD_DCtx_reset")]
    public static partial nuint DCtxReset(IntPtr dctx, int reset);

    [LibraryImport("zstd", EntryPoint = "ZSTD_decompressDCtx")]
    public static partial nuint DecompressDCtx(IntPtr dctx, byte* dst, nuint dstCapacity, byte* src, nuint srcSize);

    [LibraryImport("zstd", EntryPoint = "ZSTD_decompressStream")]
    public static partial nuint DecompressStream(IntPtr dctx, Buffer* output, Buffer* input);

    [LibraryImport("zstd", EntryPoint = "ZSTD_getFrameContentSize")]
    public static partial ulong GetFrameContentSize(byte* src, nuint srcSize);

    /// <summary>Layout shared by ZSTD_inBuffer and ZSTD_outBuffer: pointer, size, position.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Buffer
    {
        public byte* Data;
        public nuint Size;
        public nuint Position;
    }

    public static string ErrorName(nuint code) => Marshal.PtrToStringUTF8((IntPtr)GetErrorName(code)) ?? $"error {code}";
}
