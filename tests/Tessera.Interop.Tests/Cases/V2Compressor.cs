using System.Text.Json.Nodes;
using Tessera.Zarr.Codecs;

namespace Tessera.Interop.Tests.Cases;

/// <summary>
/// A Zarr v2 compressor as both sides spell it: the numcodecs config zarr-python is given (and reports
/// back), and the Tessera codec that should mean the same.
/// </summary>
internal sealed class V2Compressor
{
    private readonly Func<NumpyType, Codec>? _tessera;

    private V2Compressor(string name, JsonObject? numcodecs, Func<NumpyType, Codec>? tessera)
    {
        Name = name;
        Numcodecs = numcodecs;
        _tessera = tessera;
    }

    /// <summary>No compressor, then all of numcodecs 0.11's that zarr-python 2.13 offers for numeric data.</summary>
    public static IReadOnlyList<V2Compressor> All { get; } = Build();

    /// <summary>Case-name part, e.g. <c>blosc-lz4hc-bitshuffle</c>.</summary>
    public string Name { get; }

    /// <summary>The numcodecs config (null: uncompressed).</summary>
    public JsonObject? Numcodecs { get; }

    /// <summary>Tessera's codec for <paramref name="type"/> (null: uncompressed).</summary>
    public Codec? Tessera(NumpyType type) => _tessera?.Invoke(type);

    public override string ToString() => Name;

    private static List<V2Compressor> Build()
    {
        var all = new List<V2Compressor> { new("none", null, null) };
        string[] shuffleNames = ["noshuffle", "shuffle", "bitshuffle"];
        foreach (var cname in BloscCodec.Compressors)
        {
            foreach (var shuffle in new[] { BloscShuffle.NoShuffle, BloscShuffle.Shuffle, BloscShuffle.BitShuffle })
            {
                all.Add(new(
                    $"blosc-{cname}-{shuffleNames[(int)shuffle]}",
                    new JsonObject { ["id"] = "blosc", ["cname"] = cname, ["clevel"] = 5, ["shuffle"] = (int)shuffle, ["blocksize"] = 0 },
                    type => new BloscCodec(cname, 5, shuffle, type.Size)));
            }
        }

        all.Add(new("zstd", new JsonObject { ["id"] = "zstd", ["level"] = 3 }, _ => new ZstdCodec(3)));
        all.Add(new("gzip", new JsonObject { ["id"] = "gzip", ["level"] = 5 }, _ => new GzipCodec(5)));
        all.Add(new("zlib", new JsonObject { ["id"] = "zlib", ["level"] = 5 }, _ => new ZlibCodec(5)));
        all.Add(new("lz4", new JsonObject { ["id"] = "lz4", ["acceleration"] = 1 }, _ => new Lz4Codec(1)));
        all.Add(new("bz2", new JsonObject { ["id"] = "bz2", ["level"] = 9 }, _ => new Bz2Codec(9)));
        return all;
    }
}
