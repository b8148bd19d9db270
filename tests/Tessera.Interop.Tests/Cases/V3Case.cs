using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;

namespace Tessera.Interop.Tests.Cases;

/// <summary>
/// One Zarr v3 array Tessera writes for zarrita to read. With <see cref="IsFill"/>, the elements it selects
/// hold the fill value, so whole chunks (or inner chunks of a shard) are all fill and are not stored.
/// </summary>
internal sealed record V3Case(string Name, NumpyType Type, long[] Shape, int[] ChunkShape, ImmutableArray<Codec> Codecs, double FillValue = 0, Func<long[], bool>? IsFill = null)
{
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);

    public string PathInRoot => Name;

    public ShardingCodec? Sharding => Codecs.OfType<ShardingCodec>().FirstOrDefault();

    public ArrayValues Expected() => ArrayValues.Generate(Type, Shape, IsFill, FillValue);

    public long[] SampleIndices()
    {
        var samples = new SortedSet<long> { 0, 1, Count / 3, Count / 2, (2 * Count) / 3, Count - 1 };
        if (IsFill is not null)
        {
            var index = new long[Shape.Length];
            for (long i = 0; i < Count; i++)
            {
                if (IsFill(ArrayValues.Unravel(i, Shape, index)))
                {
                    samples.Add(i);
                    break;
                }
            }
        }

        return [.. samples];
    }

    public JsonObject ToReadManifest() => new()
    {
        ["name"] = Name,
        ["path"] = PathInRoot,
        ["samples"] = new JsonArray([.. SampleIndices().Select(i => JsonValue.Create(i))]),
    };

    public ArrayMetadata ToTesseraMetadata() => new(Shape, ChunkShape, Type.DataType)
    {
        ZarrFormat = ZarrFormat.V3,
        FillValue = Type.Fill(FillValue),
        Codecs = Codecs,
    };

    public override string ToString() => Name;
}
