using System.Collections.Immutable;
using Tessera.Ngff;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;

namespace Tessera.Interop.Tests.Cases;

/// <summary>One resolution level of an image (or label image) of the sample hierarchies, with the values Tessera writes into it.</summary>
/// <param name="Root">The hierarchy's folder below the data root.</param>
/// <param name="ImagePath">The image group inside the hierarchy.</param>
/// <param name="DatasetPath">The level's path inside the image ("0", "1", …).</param>
/// <param name="Axes">The image's axes.</param>
/// <param name="Values">The level's values, C order.</param>
/// <param name="ChunkShape">The chunk shape (clipped to the shape at coarse levels).</param>
/// <param name="Codecs">The codec chain (Zarr v2 turns it into a dtype and a compressor).</param>
internal sealed record NgffSampleArray(string Root, string ImagePath, string DatasetPath, ValueList<Axis> Axes, ArrayValues Values, int[] ChunkShape, ImmutableArray<Codec> Codecs)
{
    /// <summary>The array's path inside its hierarchy.</summary>
    public string Path => ImagePath.Length == 0 ? DatasetPath : $"{ImagePath}/{DatasetPath}";

    /// <summary>Unique across the hierarchies: "image/labels/cells/1".</summary>
    public string Name => $"{Root}/{Path}";

    public NumpyType Type => Values.Type;

    /// <summary>The metadata handed to <see cref="NgffWriter.CreateLevelAsync"/>, which sets the format and dimension names per version.</summary>
    public ArrayMetadata ToTesseraMetadata() => new(Values.Shape, ChunkShape, Type.DataType) { Codecs = Codecs };

    /// <summary>Flat C-order indices whose values a peer reports, for readable failure messages.</summary>
    public long[] SampleIndices() => [.. new SortedSet<long> { 0, 1, Values.Count / 2, Values.Count - 1 }];

    public override string ToString() => Name;
}
