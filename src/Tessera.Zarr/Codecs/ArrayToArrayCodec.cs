namespace Tessera.Zarr.Codecs;

/// <summary>A codec that rearranges or transforms elements (e.g. <c>transpose</c>); it comes first in the chain.</summary>
public abstract class ArrayToArrayCodec : Codec
{
    /// <summary>The representation this codec produces from chunks of <paramref name="decoded"/>.</summary>
    public abstract ChunkSpec EncodedSpec(ChunkSpec decoded);

    /// <summary>Encodes one chunk; both spans hold <see cref="ChunkSpec.ByteLength"/> bytes.</summary>
    public abstract void Encode(ReadOnlySpan<byte> decoded, Span<byte> encoded, ChunkSpec decodedSpec);

    /// <summary>Decodes one chunk; both spans hold <see cref="ChunkSpec.ByteLength"/> bytes.</summary>
    public abstract void Decode(ReadOnlySpan<byte> encoded, Span<byte> decoded, ChunkSpec decodedSpec);
}
