using Tessera.Zarr.Buffers;

namespace Tessera.Zarr.Codecs;

/// <summary>The codec that serializes an array chunk to bytes (<c>bytes</c>, <c>sharding_indexed</c>); exactly one per chain.</summary>
public abstract class ArrayToBytesCodec : Codec
{
    /// <summary>The encoded size for chunks of <paramref name="spec"/> when it is fixed, otherwise null.</summary>
    public virtual long? EncodedSize(ChunkSpec spec) => null;

    /// <summary>The most bytes a chunk of <paramref name="spec"/> can encode to (bounds decoding of untrusted data).</summary>
    public virtual long MaxEncodedSize(ChunkSpec spec) => EncodedSize(spec) ?? long.MaxValue;

    /// <summary>Encodes a chunk of <paramref name="spec"/>; the caller disposes the result.</summary>
    public abstract PooledBuffer Encode(ReadOnlySpan<byte> decoded, ChunkSpec spec);

    /// <summary>Decodes a chunk into <paramref name="decoded"/> (<see cref="ChunkSpec.ByteLength"/> bytes).</summary>
    /// <exception cref="ZarrCodecException">The bytes do not decode to such a chunk.</exception>
    public abstract void Decode(ReadOnlySpan<byte> encoded, Span<byte> decoded, ChunkSpec spec);

    /// <summary>
    /// True when the stored bytes are the machine-order elements themselves, so a pipeline may skip
    /// this codec and let the bytes-to-bytes codecs decode straight into the destination.
    /// </summary>
    public virtual bool IsIdentity(ChunkSpec spec) => false;
}
