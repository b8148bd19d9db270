using System.Text.Json.Nodes;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;

namespace Tessera.Interop.Tests.Cases;

/// <summary>
/// One Zarr v2 array of the interop matrix. Without <see cref="WrittenBoxes"/> the whole array holds
/// <see cref="TestValues"/>; with them only those boxes are written and the rest reads as the fill value.
/// </summary>
internal sealed record V2Case(string Name, NumpyType Type, long[] Shape, int[] Chunks, char Order, char Separator, V2Compressor Compressor, double FillValue = 0, Box[]? WrittenBoxes = null)
{
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Directory of the array below the run's root (the name is path-safe by construction).</summary>
    public string PathInRoot => Name;

    /// <summary>The values the array should read as.</summary>
    public ArrayValues Expected() => WrittenBoxes is null
        ? ArrayValues.Generate(Type, Shape)
        : ArrayValues.Generate(Type, Shape, index => !Array.Exists(WrittenBoxes, box => box.Contains(index)), FillValue);

    /// <summary>Flat indices whose values both sides print in failure messages.</summary>
    public long[] SampleIndices()
    {
        var samples = new SortedSet<long> { 0, 1, Count / 3, Count / 2, (2 * Count) / 3, Count - 1 };
        if (WrittenBoxes is not null)
        {
            // One element outside every written box, so the fill value shows up in the samples.
            var index = new long[Shape.Length];
            for (long i = 0; i < Count; i++)
            {
                ArrayValues.Unravel(i, Shape, index);
                if (!Array.Exists(WrittenBoxes, box => box.Contains(index)))
                {
                    samples.Add(i);
                    break;
                }
            }
        }

        return [.. samples];
    }

    /// <summary>The case as the zarr-python writer's manifest entry.</summary>
    public JsonObject ToWriteManifest() => new()
    {
        ["name"] = Name,
        ["path"] = PathInRoot,
        ["dtype"] = Type.Code,
        ["shape"] = new JsonArray([.. Shape.Select(e => JsonValue.Create(e))]),
        ["chunks"] = new JsonArray([.. Chunks.Select(e => JsonValue.Create(e))]),
        ["order"] = Order.ToString(),
        ["separator"] = Separator.ToString(),
        ["compressor"] = Compressor.Numcodecs?.DeepClone(),
        ["fill_value"] = Type.FillJson(FillValue),
        ["regions"] = WrittenBoxes is null ? null : new JsonArray([.. WrittenBoxes.Select(b => (JsonNode)b.ToJson())]),
        ["samples"] = new JsonArray([.. SampleIndices().Select(i => JsonValue.Create(i))]),
    };

    /// <summary>The case as the zarr-python reader's manifest entry.</summary>
    public JsonObject ToReadManifest() => new()
    {
        ["name"] = Name,
        ["path"] = PathInRoot,
        ["samples"] = new JsonArray([.. SampleIndices().Select(i => JsonValue.Create(i))]),
    };

    /// <summary>Tessera metadata for the same array: order F is a reversing transpose before the bytes codec.</summary>
    public ArrayMetadata ToTesseraMetadata()
    {
        var codecs = new List<Codec>();
        if (Order == 'F')
        {
            codecs.Add(TransposeCodec.Reversed(Shape.Length));
        }

        codecs.Add(new BytesCodec(Endianness.Little));
        if (Compressor.Tessera(Type) is { } compressor)
        {
            codecs.Add(compressor);
        }

        return new ArrayMetadata(Shape, Chunks, Type.DataType)
        {
            ZarrFormat = ZarrFormat.V2,
            FillValue = Type.Fill(FillValue),
            ChunkKeyEncoding = Separator == '/' ? ChunkKeyEncoding.V2Slash : ChunkKeyEncoding.V2Dot,
            Codecs = [.. codecs],
        };
    }

    public override string ToString() => Name;
}
