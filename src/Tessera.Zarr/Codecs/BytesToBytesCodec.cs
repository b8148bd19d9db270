using Tessera.Zarr.Buffers;

namespace Tessera.Zarr.Codecs;

/// <summary>A codec from bytes to bytes: compression (<c>zstd</c>, <c>blosc</c>, <c>gzip</c>) or checksums (<c>crc32c</c>).</summary>
public abstract class BytesToBytesCodec : Codec
{
    /// <summary>The encoded size for an input of <paramref name="decodedSize"/> bytes when it is fixed (checksums), otherwise null.</summary>
    public virtual long? EncodedSize(long decodedSize) => null;

    /// <summary>
    /// The most bytes encoding <paramref name="decodedSize"/> bytes can produce. Decoders of untrusted data use it
    /// to bound what they produce; the default is generous for codecs that do not say.
    /// </summary>
    public virtual long MaxEncodedSize(long decodedSize) =>
        EncodedSize(decodedSize) ?? (decodedSize > long.MaxValue / 4 ? long.MaxValue : 2 * decodedSize + 4096);

    /// <summary>Encodes; the caller disposes the result.</summary>
    public abstract PooledBuffer Encode(ReadOnlySpan<byte> decoded);

    /// <summary>
    /// Decodes into <paramref name="decoded"/>, whose length is the exact expected size.
    /// </summary>
    /// <exception cref="ZarrCodecException">Corrupt input, or a decoded size other than expected.</exception>
    public abstract void Decode(ReadOnlySpan<byte> encoded, Span<byte> decoded);

    /// <summary>
    /// Decodes when the decoded size is not known in advance, refusing to produce more than
    /// <paramref name="maxDecodedLength"/> bytes (so a small corrupt or hostile input cannot claim gigabytes);
    /// the caller disposes the result.
    /// </summary>
    /// <exception cref="ZarrCodecException">Corrupt input, or more output than allowed.</exception>
    public abstract PooledBuffer Decode(ReadOnlySpan<byte> encoded, int maxDecodedLength);

    /// <summary>The failure for output beyond the allowed size.</summary>
    protected ZarrCodecException TooLarge(long produced, int maxDecodedLength) =>
        Failure(CodecDirection.Decode, $"decodes to {(produced > maxDecodedLength ? produced.ToString(System.Globalization.CultureInfo.InvariantCulture) : "more than " + maxDecodedLength.ToString(System.Globalization.CultureInfo.InvariantCulture))} bytes; a chunk of this array encodes to at most {maxDecodedLength} here");
}
