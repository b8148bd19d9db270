using System.Text.Json.Nodes;
using Tessera.Zarr.Buffers;
using Tessera.Zarr.Native;

namespace Tessera.Zarr.Codecs;

/// <summary>The v3 <c>zstd</c> codec (numcodecs <c>zstd</c> in v2), through libzstd.</summary>
public sealed unsafe class ZstdCodec : BytesToBytesCodec
{
    // Contexts are expensive to create and not thread-safe: one of each per thread.
    [ThreadStatic]
    private static ZstdContext? t_compression;

    [ThreadStatic]
    private static ZstdContext? t_decompression;

    /// <summary>Creates the codec.</summary>
    public ZstdCodec(int level = 3, bool checksum = false)
    {
        if (level is < -131072 or > 22)
        {
            throw new ZarrMetadataException(null, "$.codecs", $"codec 'zstd': level must be at most 22, found {level}");
        }

        Level = level;
        Checksum = checksum;
    }

    /// <summary>Compression level (negative levels are the fast modes).</summary>
    public int Level { get; }

    /// <summary>Whether frames carry a content checksum.</summary>
    public bool Checksum { get; }

    /// <inheritdoc />
    public override string Name => "zstd";

    /// <inheritdoc />
    public override JsonObject? Configuration => new() { ["level"] = Level, ["checksum"] = Checksum };

    /// <inheritdoc />
    public override JsonObject? ToV2Json() => Checksum
        ? new() { ["id"] = "zstd", ["level"] = Level, ["checksum"] = true }
        : new() { ["id"] = "zstd", ["level"] = Level };

    /// <inheritdoc />
    public override long MaxEncodedSize(long decodedSize) =>
        decodedSize > long.MaxValue / 2 ? long.MaxValue
        : decodedSize + (decodedSize >> 8) + (decodedSize < 128 << 10 ? ((128 << 10) - decodedSize) >> 11 : 0) + 64; // ZSTD_COMPRESSBOUND, plus margin

    /// <inheritdoc />
    public override PooledBuffer Encode(ReadOnlySpan<byte> decoded)
    {
        NativeCodecLibrary.Zstd.EnsureLoaded(Name);
        var context = t_compression ??= new ZstdContext(ZstdNative.CreateCCtx(), compression: true);
        var bound = (int)ZstdNative.CompressBound((nuint)decoded.Length);
        var output = PooledBuffer.Rent(bound);
        try
        {
            Check(ZstdNative.CCtxReset(context.Handle, ZstdNative.ResetSessionAndParameters), CodecDirection.Encode);
            Check(ZstdNative.CCtxSetParameter(context.Handle, ZstdNative.CompressionLevelParameter, Level), CodecDirection.Encode);
            Check(ZstdNative.CCtxSetParameter(context.Handle, ZstdNative.ChecksumFlagParameter, Checksum ? 1 : 0), CodecDirection.Encode);
            fixed (byte* source = decoded)
            fixed (byte* destination = output.Span)
            {
                var written = ZstdNative.Compress2(context.Handle, destination, (nuint)bound, source, (nuint)decoded.Length);
                Check(written, CodecDirection.Encode);
                output.Truncate((int)written);
            }

            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public override void Decode(ReadOnlySpan<byte> encoded, Span<byte> decoded)
    {
        NativeCodecLibrary.Zstd.EnsureLoaded(Name);
        var context = t_decompression ??= new ZstdContext(ZstdNative.CreateDCtx(), compression: false);
        fixed (byte* source = encoded)
        fixed (byte* destination = decoded)
        {
            var declared = ZstdNative.GetFrameContentSize(source, (nuint)encoded.Length);
            if (declared == ZstdNative.ContentSizeError)
            {
                throw Failure(CodecDirection.Decode, $"not a zstd frame ({encoded.Length} bytes)");
            }

            if (declared != ZstdNative.ContentSizeUnknown && declared > (ulong)decoded.Length)
            {
                throw Failure(CodecDirection.Decode, $"frame holds {declared} bytes, expected {decoded.Length}");
            }

            var written = ZstdNative.DecompressDCtx(context.Handle, destination, (nuint)decoded.Length, source, (nuint)encoded.Length);
            Check(written, CodecDirection.Decode);
            if ((int)written != decoded.Length)
            {
                throw Failure(CodecDirection.Decode, $"decoded {written} bytes, expected {decoded.Length}");
            }
        }
    }

    /// <inheritdoc />
    public override PooledBuffer Decode(ReadOnlySpan<byte> encoded, int maxDecodedLength)
    {
        NativeCodecLibrary.Zstd.EnsureLoaded(Name);
        ulong declared;
        fixed (byte* source = encoded)
        {
            declared = ZstdNative.GetFrameContentSize(source, (nuint)encoded.Length);
        }

        if (declared == ZstdNative.ContentSizeError)
        {
            throw Failure(CodecDirection.Decode, $"not a zstd frame ({encoded.Length} bytes)");
        }

        if (declared != ZstdNative.ContentSizeUnknown && declared > (ulong)maxDecodedLength)
        {
            throw TooLarge(declared > long.MaxValue ? long.MaxValue : (long)declared, maxDecodedLength);
        }

        if (declared != ZstdNative.ContentSizeUnknown)
        {
            var exact = PooledBuffer.Rent((int)declared);
            try
            {
                Decode(encoded, exact.Span);
                return exact;
            }
            catch
            {
                exact.Dispose();
                throw;
            }
        }

        return DecodeStreaming(encoded, maxDecodedLength);
    }

    /// <summary>Frames written by streaming compressors do not declare their size: decode in steps.</summary>
    private PooledBuffer DecodeStreaming(ReadOnlySpan<byte> encoded, int maxDecodedLength)
    {
        var context = t_decompression ??= new ZstdContext(ZstdNative.CreateDCtx(), compression: false);
        Check(ZstdNative.DCtxReset(context.Handle, 1), CodecDirection.Decode);
        var output = PooledBuffer.Rent((int)Math.Min(maxDecodedLength, Math.Max(1L << 16, encoded.Length * 4L)));
        try
        {
            var produced = 0;
            fixed (byte* source = encoded)
            {
                var input = new ZstdNative.Buffer { Data = source, Size = (nuint)encoded.Length, Position = 0 };
                while (true)
                {
                    if (produced == output.Length)
                    {
                        if (produced >= maxDecodedLength)
                        {
                            throw TooLarge(produced + 1L, maxDecodedLength);
                        }

                        output.Grow((int)Math.Min(maxDecodedLength, 2L * output.Length));
                    }

                    nuint hint;
                    fixed (byte* destination = output.Span)
                    {
                        var outBuffer = new ZstdNative.Buffer { Data = destination, Size = (nuint)output.Length, Position = (nuint)produced };
                        hint = ZstdNative.DecompressStream(context.Handle, &outBuffer, &input);
                        Check(hint, CodecDirection.Decode);
                        produced = (int)outBuffer.Position;
                    }

                    var inputConsumed = input.Position == input.Size;
                    if (hint == 0 && inputConsumed)
                    {
                        break; // every frame complete and flushed
                    }

                    if (inputConsumed && produced < output.Length)
                    {
                        throw Failure(CodecDirection.Decode, "truncated zstd frame");
                    }
                }
            }

            output.Truncate(produced);
            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    private void Check(nuint code, CodecDirection direction)
    {
        if (ZstdNative.IsError(code) != 0)
        {
            throw Failure(direction, ZstdNative.ErrorName(code));
        }
    }

    /// <summary>Owns a ZSTD_CCtx or ZSTD_DCtx and frees it when its thread's reference is collected.</summary>
    private sealed class ZstdContext
    {
        private readonly bool _compression;

        public ZstdContext(IntPtr handle, bool compression)
        {
            if (handle == IntPtr.Zero)
            {
                throw new OutOfMemoryException("zstd could not allocate a context");
            }

            Handle = handle;
            _compression = compression;
        }

        ~ZstdContext()
        {
            if (_compression)
            {
                ZstdNative.FreeCCtx(Handle);
            }
            else
            {
                ZstdNative.FreeDCtx(Handle);
            }
        }

        public IntPtr Handle { get; }
    }
}
