using Tessera.Zarr.Buffers;

namespace Tessera.Zarr.Codecs;

/// <summary>A codec from bytes to bytes: compression (<c>zstd</c>, <c>blosc</c>, <c>gzip</c>) or checksums (<c>crc32c</c>).</summary>
public abstract class BytesToBytesCodec : Codec
{
    /// <summary>The encoded size for an input of <paramref name="decodedSize"/> bytes when it is fixed (checksums), otherwise null.</summary>
    public virtual long? EncodedSize(long decodedSize) => null;

    /// <summary>Encodes; the caller disposes the result.</summary>
    public abstract PooledBuffer Encode(ReadOnlySpan<byte> decoded);

    /// <summary>
    /// Decodes into <paramref name="decoded"/>, whose length is the exact expected size.
    /// </summary>
    /// <exception cref="ZarrCodecException">Corrupt input, or a decoded size other than expected.</exception>
    public abstract void Decode(ReadOnlySpan<byte> encoded, Span<byte> decoded);

    /// <summary>Decodes when the decoded size is not known in advance; the caller disposes the result.</summary>
    /// <exception cref="ZarrCodecException">Corrupt input.</exception>
    public abstract PooledBuffer Decode(ReadOnlySpan<byte> encoded);
}
