using System.Text.Json.Nodes;
using Tessera.Zarr.Buffers;
using Tessera.Zarr.Native;

namespace Tessera.Zarr.Codecs;

/// <summary>numcodecs <c>bz2</c> (v3 name <c>numcodecs.bz2</c>), through libbz2.</summary>
public sealed unsafe class Bz2Codec : BytesToBytesCodec
{
    /// <summary>Creates the codec with a block size level 1–9.</summary>
    public Bz2Codec(int level = 9)
    {
        if (level is < 1 or > 9)
        {
            throw new ZarrMetadataException(null, "$.codecs", $"codec 'numcodecs.bz2': level must be 1–9, found {level}");
        }

        Level = level;
    }

    /// <summary>Block size in 100 kB units, 1–9.</summary>
    public int Level { get; }

    /// <inheritdoc />
    public override string Name => "numcodecs.bz2";

    /// <inheritdoc />
    public override JsonObject? Configuration => new() { ["level"] = Level };

    /// <inheritdoc />
    public override JsonObject? ToV2Json() => new() { ["id"] = "bz2", ["level"] = Level };

    /// <inheritdoc />
    public override long MaxEncodedSize(long decodedSize) => decodedSize + decodedSize / 100 + 601;

    /// <inheritdoc />
    public override PooledBuffer Encode(ReadOnlySpan<byte> decoded)
    {
        NativeCodecLibrary.Bz2.EnsureLoaded(Name);

        // bzip2's documented worst case: 1% larger plus 600 bytes.
        var capacity = decoded.Length + decoded.Length / 100 + 601;
        var output = PooledBuffer.Rent(capacity);
        byte placeholder = 0;
        try
        {
            fixed (byte* pinned = decoded)
            fixed (byte* destination = output.Span)
            {
                var length = (uint)capacity;
                var source = pinned == null ? &placeholder : pinned; // libbz2 rejects null even for no data
                var status = Bz2Native.BuffToBuffCompress(destination, &length, source, (uint)decoded.Length, Level, 0, 0);
                if (status != Bz2Native.Ok)
                {
                    throw Failure(CodecDirection.Encode, Bz2Native.ErrorName(status));
                }

                output.Truncate((int)length);
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
        NativeCodecLibrary.Bz2.EnsureLoaded(Name);
        if (encoded.IsEmpty)
        {
            throw Failure(CodecDirection.Decode, "no data (an empty value is not a bzip2 stream)");
        }

        var length = (uint)decoded.Length;
        int status;
        byte placeholder = 0;
        fixed (byte* source = encoded)
        fixed (byte* pinned = decoded)
        {
            var destination = pinned == null ? &placeholder : pinned; // libbz2 rejects null even for no room
            status = Bz2Native.BuffToBuffDecompress(destination, &length, source, (uint)encoded.Length, 0, 0);
        }

        if (status != Bz2Native.Ok)
        {
            throw Failure(CodecDirection.Decode, status == Bz2Native.OutputBufferFull
                ? $"decodes to more than the expected {decoded.Length} bytes"
                : Bz2Native.ErrorName(status));
        }

        if (length != (uint)decoded.Length)
        {
            throw Failure(CodecDirection.Decode, $"decoded {length} bytes, expected {decoded.Length}");
        }
    }

    /// <inheritdoc />
    public override PooledBuffer Decode(ReadOnlySpan<byte> encoded, int maxDecodedLength)
    {
        NativeCodecLibrary.Bz2.EnsureLoaded(Name);
        if (encoded.IsEmpty)
        {
            throw Failure(CodecDirection.Decode, "no data (an empty value is not a bzip2 stream)");
        }

        // The one-shot API needs the output size up front: try growing capacities up to the limit.
        var capacity = (int)Math.Min(maxDecodedLength, Math.Max(4096L, encoded.Length * 8L));
        while (true)
        {
            var output = PooledBuffer.Rent(capacity);
            var length = (uint)capacity;
            int status;
            byte placeholder = 0;
            fixed (byte* source = encoded)
            fixed (byte* pinned = output.Span)
            {
                var destination = pinned == null ? &placeholder : pinned;
                status = Bz2Native.BuffToBuffDecompress(destination, &length, source, (uint)encoded.Length, 0, 0);
            }

            if (status == Bz2Native.Ok)
            {
                output.Truncate((int)length);
                return output;
            }

            output.Dispose();
            if (status != Bz2Native.OutputBufferFull)
            {
                throw Failure(CodecDirection.Decode, Bz2Native.ErrorName(status));
            }

            if (capacity >= maxDecodedLength)
            {
                throw TooLarge(capacity + 1L, maxDecodedLength);
            }

            capacity = (int)Math.Min(maxDecodedLength, 4L * capacity);
        }
    }
}
