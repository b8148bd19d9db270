using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Zarr.Metadata;

namespace Tessera.Zarr.Codecs;

/// <summary>
/// Builds codecs from metadata: Zarr v3 <c>{"name", "configuration"}</c> objects and Zarr v2 numcodecs
/// <c>{"id", …}</c> objects. Names it does not know become <see cref="UnsupportedCodec"/>s, which fail
/// only when chunks are read or written. Applications may register further codecs.
/// </summary>
public static class CodecRegistry
{
    private static readonly ConcurrentDictionary<string, CodecFactory> V3 = new(StringComparer.Ordinal)
    {
        ["bytes"] = (c, p, _) => BytesCodec.FromConfiguration(new CodecConfiguration(c, "bytes", p)),
        ["transpose"] = (c, p, rank) => TransposeCodec.FromConfiguration(new CodecConfiguration(c, "transpose", p), rank),
        ["gzip"] = (c, p, _) => new GzipCodec(new CodecConfiguration(c, "gzip", p).Int("level", 5)),
        ["zstd"] = (c, p, _) =>
        {
            var configuration = new CodecConfiguration(c, "zstd", p);
            return new ZstdCodec(configuration.Int("level", 0), configuration.Bool("checksum", false));
        },
        ["blosc"] = (c, p, _) => BloscCodec.FromV3(new CodecConfiguration(c, "blosc", p)),
        ["crc32c"] = (_, _, _) => new Crc32cCodec(),
        ["sharding_indexed"] = (c, p, rank) => ShardingCodec.FromConfiguration(new CodecConfiguration(c, "sharding_indexed", p), rank),
        ["numcodecs.zlib"] = (c, p, _) => new ZlibCodec(new CodecConfiguration(c, "numcodecs.zlib", p).Int("level", 1)),
        ["numcodecs.bz2"] = (c, p, _) => new Bz2Codec(new CodecConfiguration(c, "numcodecs.bz2", p).Int("level", 1)),
        ["numcodecs.lz4"] = (c, p, _) => new Lz4Codec(new CodecConfiguration(c, "numcodecs.lz4", p).Int("acceleration", 1)),
        ["numcodecs.crc32"] = (c, p, _) => new Crc32Codec(AtEnd(new CodecConfiguration(c, "numcodecs.crc32", p), false)),
        ["numcodecs.adler32"] = (c, p, _) => new Adler32Codec(AtEnd(new CodecConfiguration(c, "numcodecs.adler32", p), false)),
        ["numcodecs.fletcher32"] = (_, _, _) => new Fletcher32Codec(),
    };

    /// <summary>Registers (or replaces) a v3 codec factory under <paramref name="name"/>.</summary>
    public static void Register(string name, CodecFactory factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(factory);
        V3[name] = factory;
    }

    /// <summary>True when a v3 codec name is implemented.</summary>
    public static bool IsSupported(string name) => V3.ContainsKey(name);

    /// <summary>Parses one v3 codec object (or a bare name string, which the spec allows for codecs without configuration).</summary>
    public static Codec ParseV3(JsonNode? node, string jsonPath, int? rank)
    {
        string name;
        JsonObject? configuration;
        switch (node)
        {
            case JsonValue value when value.TryGetValue<string>(out var bare):
                name = bare;
                configuration = null;
                break;
            case JsonObject obj when obj["name"] is JsonValue nameValue && nameValue.TryGetValue<string>(out var named):
                name = named;
                configuration = obj["configuration"] switch
                {
                    null => null,
                    JsonObject c => c,
                    var other => throw new ZarrMetadataException(null, jsonPath + ".configuration", $"codec '{named}': configuration must be an object, found {other.ToJsonString()}"),
                };
                break;
            default:
                throw new ZarrMetadataException(null, jsonPath, $"expected a codec {{\"name\": …, \"configuration\": …}}, found {DataType.Describe(node)}");
        }

        if (!V3.TryGetValue(name, out var factory))
        {
            return new UnsupportedCodec(name, configuration, jsonPath);
        }

        try
        {
            return factory(configuration, jsonPath + ".configuration", rank);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            throw new ZarrMetadataException(null, jsonPath, $"codec '{name}': invalid configuration {configuration?.ToJsonString() ?? "null"}: {e.Message}", e);
        }
    }

    /// <summary>Parses a v3 <c>codecs</c> array.</summary>
    public static IReadOnlyList<Codec> ParseV3Chain(JsonNode? node, string jsonPath, int? rank)
    {
        if (node is not JsonArray array)
        {
            throw new ZarrMetadataException(null, jsonPath, $"expected an array of codecs, found {DataType.Describe(node)}");
        }

        var codecs = new List<Codec>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            codecs.Add(ParseV3(array[i], $"{jsonPath}[{i}]", rank));
        }

        return codecs;
    }

    /// <summary>
    /// Parses a Zarr v2 compressor or filter (numcodecs <c>{"id": …}</c>) as a bytes-to-bytes codec, or an
    /// <see cref="UnsupportedCodec"/> (named by its id) for ids without a byte-level equivalent.
    /// </summary>
    public static Codec ParseV2(JsonNode? node, DataType dataType, string jsonPath)
    {
        if (node is not JsonObject obj || obj["id"] is not JsonValue idValue || !idValue.TryGetValue<string>(out var id))
        {
            throw new ZarrMetadataException(null, jsonPath, $"expected a numcodecs object {{\"id\": …}}, found {DataType.Describe(node)}");
        }

        var configuration = new CodecConfiguration(obj, id, jsonPath);
        try
        {
            return id switch
            {
                "blosc" => BloscCodec.FromV2(configuration, dataType.Size),
                "gzip" => new GzipCodec(configuration.Int("level", 1)),
                "zlib" => new ZlibCodec(configuration.Int("level", 1)),
                "zstd" => new ZstdCodec(configuration.Int("level", 1), configuration.Bool("checksum", false)),
                "bz2" => new Bz2Codec(configuration.Int("level", 1)),
                "lz4" => new Lz4Codec(configuration.Int("acceleration", 1)),
                "crc32" => new Crc32Codec(AtEnd(configuration, false)),
                "crc32c" => new Crc32cCodec(),
                "adler32" => new Adler32Codec(AtEnd(configuration, false)),
                "fletcher32" => new Fletcher32Codec(),
                _ => Unsupported(id, obj, jsonPath),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            throw new ZarrMetadataException(null, jsonPath, $"codec '{id}': invalid configuration {obj.ToJsonString()}: {e.Message}", e);
        }
    }

    private static UnsupportedCodec Unsupported(string id, JsonObject numcodecs, string jsonPath)
    {
        var configuration = (JsonObject)numcodecs.DeepClone();
        configuration.Remove("id");
        return new UnsupportedCodec(id, configuration, jsonPath, (JsonObject)numcodecs.DeepClone());
    }

    private static bool AtEnd(CodecConfiguration configuration, bool defaultAtEnd) =>
        configuration.String("location", defaultAtEnd ? "end" : "start") switch
        {
            "start" => false,
            "end" => true,
            var other => throw configuration.Invalid("location", $"expected \"start\" or \"end\", found \"{other}\""),
        };
}
