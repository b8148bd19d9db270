using System.Buffers.Binary;
using Tessera.Zarr.Buffers;

namespace Tessera.Zarr.Codecs;

/// <summary>A codec that adds a 4-byte little-endian checksum before or after the data and verifies it on decode.</summary>
public abstract class ChecksumCodec : BytesToBytesCodec
{
    /// <summary>Creates the codec.</summary>
    /// <param name="atEnd">Whether the checksum follows the data (true) or precedes it.</param>
    protected ChecksumCodec(bool atEnd) => AtEnd = atEnd;

    /// <summary>True when the checksum follows the data.</summary>
    public bool AtEnd { get; }

    /// <summary>Computes the checksum of <paramref name="data"/>.</summary>
    protected abstract uint Compute(ReadOnlySpan<byte> data);

    /// <inheritdoc />
    public override long? EncodedSize(long decodedSize) => decodedSize + 4;

    /// <inheritdoc />
    public override PooledBuffer Encode(ReadOnlySpan<byte> decoded)
    {
        var output = PooledBuffer.Rent(decoded.Length + 4);
        var checksum = Compute(decoded);
        if (AtEnd)
        {
            decoded.CopyTo(output.Span);
            BinaryPrimitives.WriteUInt32LittleEndian(output.Span[decoded.Length..], checksum);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(output.Span, checksum);
            decoded.CopyTo(output.Span[4..]);
        }

        return output;
    }

    /// <inheritdoc />
    public override void Decode(ReadOnlySpan<byte> encoded, Span<byte> decoded)
    {
        var payload = Verify(encoded);
        if (payload.Length != decoded.Length)
        {
            throw Failure(CodecDirection.Decode, $"holds {payload.Length} bytes, expected {decoded.Length}");
        }

        payload.CopyTo(decoded);
    }

    /// <inheritdoc />
    public override PooledBuffer Decode(ReadOnlySpan<byte> encoded, int maxDecodedLength)
    {
        var payload = Verify(encoded);
        return payload.Length <= maxDecodedLength ? PooledBuffer.CopyOf(payload) : throw TooLarge(payload.Length, maxDecodedLength);
    }

    private ReadOnlySpan<byte> Verify(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length < 4)
        {
            throw Failure(CodecDirection.Decode, $"{encoded.Length} bytes is shorter than the 4-byte checksum");
        }

        var payload = AtEnd ? encoded[..^4] : encoded[4..];
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(AtEnd ? encoded[^4..] : encoded);
        var computed = Compute(payload);
        if (stored != computed)
        {
            throw Failure(CodecDirection.Decode, $"checksum mismatch: stored 0x{stored:x8}, computed 0x{computed:x8}");
        }

        return payload;
    }
}
