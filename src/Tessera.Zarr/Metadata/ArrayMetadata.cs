using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Zarr.Codecs;

namespace Tessera.Zarr.Metadata;

/// <summary>
/// The metadata of a Zarr array, v2 or v3, in one model: the codec chain is the single description of
/// the encoding (a v2 array's order, byte order, filters and compressor become codecs).
/// </summary>
public sealed record ArrayMetadata
{
    private readonly ImmutableArray<long> _shape;
    private readonly ImmutableArray<int> _chunkShape;

    /// <summary>Creates v3 metadata with the zero fill value, default chunk keys and <c>[bytes, zstd(3)]</c>.</summary>
    public ArrayMetadata(IEnumerable<long> shape, IEnumerable<int> chunkShape, DataType dataType)
    {
        Shape = [.. shape];
        ChunkShape = [.. chunkShape];
        DataType = dataType;
        FillValue = FillValue.Zero(dataType);
        Codecs = [new BytesCodec(Endianness.Little), new ZstdCodec(3)];
    }

    /// <summary>v2 or v3.</summary>
    public ZarrFormat ZarrFormat { get; init; } = ZarrFormat.V3;

    /// <summary>Array extent per dimension.</summary>
    public ImmutableArray<long> Shape
    {
        get => _shape;
        init => _shape = value.Any(e => e < 0) ? throw new ArgumentException($"shape [{string.Join(", ", value)}] has a negative extent") : value;
    }

    /// <summary>
    /// Extent of a stored chunk per dimension (for sharded arrays: of a shard; the inner chunk shape is
    /// <see cref="InnerChunkShape"/>).
    /// </summary>
    public ImmutableArray<int> ChunkShape
    {
        get => _chunkShape;
        init => _chunkShape = value.Any(e => e <= 0) ? throw new ArgumentException($"chunk shape [{string.Join(", ", value)}] must be positive") : value;
    }

    /// <summary>Element type.</summary>
    public DataType DataType { get; init; }

    /// <summary>Value of elements whose chunk is not stored.</summary>
    public FillValue FillValue { get; init; }

    /// <summary>How chunk coordinates become keys.</summary>
    public ChunkKeyEncoding ChunkKeyEncoding { get; init; } = ChunkKeyEncoding.Default;

    /// <summary>The codec chain in encoding order.</summary>
    public ImmutableArray<Codec> Codecs { get; init; }

    /// <summary>Names of the dimensions (entries may be null), or null when not given.</summary>
    public ImmutableArray<string?>? DimensionNames { get; init; }

    /// <summary>User attributes. Treat as read-only: write changes through the node's attribute methods.</summary>
    public JsonObject Attributes { get; init; } = [];

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>The sharding codec when the array is sharded (its chain's array-to-bytes codec).</summary>
    public ShardingCodec? Sharding => Codecs.OfType<ShardingCodec>().FirstOrDefault();

    /// <summary>Shape of the chunks a reader decodes: the inner chunks when sharded, otherwise the chunks.</summary>
    public ImmutableArray<int> InnerChunkShape => Sharding?.ChunkShape ?? ChunkShape;

    /// <summary>Number of chunks (shards) along each dimension.</summary>
    public ImmutableArray<long> ChunkGridShape => [.. Shape.Zip(ChunkShape, (s, c) => (s + c - 1) / c)];

    /// <summary>Metadata are equal when they serialize to the same document (attributes included).</summary>
    public bool Equals(ArrayMetadata? other) =>
        other is not null && ZarrFormat == other.ZarrFormat && Document().ToJsonString() == other.Document().ToJsonString();

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ZarrFormat, Rank, DataType, Shape.Length > 0 ? Shape[0] : 0);

    /// <summary>Checks the cross-member rules (ranks agree, codec chain fits v2 when v2…).</summary>
    /// <exception cref="ZarrMetadataException">A rule is broken.</exception>
    public void Validate()
    {
        if (DataType is null || FillValue is null || Codecs.IsDefaultOrEmpty)
        {
            throw new ZarrMetadataException(null, null, "array metadata needs a data type, a fill value and a codec chain");
        }

        if (Shape.Length != ChunkShape.Length)
        {
            throw new ZarrMetadataException(null, "$.chunk_grid", $"chunk shape [{string.Join(", ", ChunkShape)}] has {ChunkShape.Length} dimensions, the array shape [{string.Join(", ", Shape)}] has {Shape.Length}");
        }

        // A chunk (a shard, when sharded) must be addressable: its byte size must fit 64 bits.
        var chunkBytes = (System.Numerics.BigInteger)DataType.Size;
        foreach (var extent in ChunkShape)
        {
            chunkBytes *= extent;
        }

        if (chunkBytes > long.MaxValue)
        {
            throw new ZarrMetadataException(null, "$.chunk_grid", $"chunk shape [{string.Join(", ", ChunkShape)}] of {DataType} is {chunkBytes} bytes, beyond what can be addressed");
        }

        if (!FillValue.DataType.Equals(DataType))
        {
            throw new ZarrMetadataException(null, "$.fill_value", $"fill value is a {FillValue.DataType}, the array is {DataType}");
        }

        if (DimensionNames is { } names && names.Length != Rank)
        {
            throw new ZarrMetadataException(null, "$.dimension_names", $"{names.Length} dimension names for {Rank} dimensions");
        }

        if (ZarrFormat == ZarrFormat.V2)
        {
            _ = V2Encoding();
        }
    }

    /// <summary>Parses v3 <c>zarr.json</c> of an array.</summary>
    /// <exception cref="ZarrMetadataException">Malformed or invalid metadata (the message names the member).</exception>
    public static ArrayMetadata ParseV3(JsonObject json, string key)
    {
        try
        {
            return ParseV3Core(json);
        }
        catch (ZarrMetadataException e) when (e.Key is null)
        {
            throw e.WithKey(key);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException or ArgumentException or OverflowException)
        {
            throw new ZarrMetadataException(key, null, $"invalid array metadata: {e.Message}", e);
        }
    }

    /// <summary>Parses v2 <c>.zarray</c> (and <c>.zattrs</c>, when present) of an array.</summary>
    public static ArrayMetadata ParseV2(JsonObject zarray, JsonObject? zattrs, string key)
    {
        try
        {
            return ParseV2Core(zarray, zattrs);
        }
        catch (ZarrMetadataException e) when (e.Key is null)
        {
            throw e.WithKey(key);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException or ArgumentException or OverflowException)
        {
            throw new ZarrMetadataException(key, null, $"invalid array metadata: {e.Message}", e);
        }
    }

    /// <summary>The v3 <c>zarr.json</c> document.</summary>
    public JsonObject ToV3Json()
    {
        var json = new JsonObject
        {
            ["zarr_format"] = 3,
            ["node_type"] = "array",
            ["shape"] = new JsonArray([.. Shape.Select(e => JsonValue.Create(e))]),
            ["data_type"] = DataType.ToV3Json(),
            ["chunk_grid"] = new JsonObject
            {
                ["name"] = "regular",
                ["configuration"] = new JsonObject { ["chunk_shape"] = new JsonArray([.. ChunkShape.Select(e => JsonValue.Create(e))]) },
            },
            ["chunk_key_encoding"] = ChunkKeyEncoding.ToV3Json(),
            ["fill_value"] = FillValue.ToJson(ZarrFormat.V3),
            ["codecs"] = new JsonArray([.. Codecs.Select(c => (JsonNode)c.ToV3Json())]),
            ["attributes"] = Attributes.DeepClone(),
        };
        if (DimensionNames is { } names)
        {
            json["dimension_names"] = new JsonArray([.. names.Select(n => n is null ? null : JsonValue.Create(n))]);
        }

        return json;
    }

    /// <summary>The v2 <c>.zarray</c> document (attributes go to <c>.zattrs</c> separately).</summary>
    /// <exception cref="ZarrMetadataException">The codec chain has no v2 equivalent (sharding, say).</exception>
    public JsonObject ToV2Json()
    {
        var (order, endianness, filters, compressor) = V2Encoding();
        return new JsonObject
        {
            ["zarr_format"] = 2,
            ["shape"] = new JsonArray([.. Shape.Select(e => JsonValue.Create(e))]),
            ["chunks"] = new JsonArray([.. ChunkShape.Select(e => JsonValue.Create(e))]),
            ["dtype"] = DataType.ToV2(endianness),
            ["compressor"] = compressor,
            ["fill_value"] = FillValue.ToJson(ZarrFormat.V2),
            ["order"] = order.ToString(),
            ["filters"] = filters,
            ["dimension_separator"] = ChunkKeyEncoding.Separator.ToString(),
        };
    }

    private JsonObject Document()
    {
        if (ZarrFormat == ZarrFormat.V3)
        {
            return ToV3Json();
        }

        var json = ToV2Json();
        json["attributes"] = Attributes.DeepClone();
        return json;
    }

    private (char Order, Endianness Endianness, JsonArray? Filters, JsonObject? Compressor) V2Encoding()
    {
        if (ChunkKeyEncoding.Name != "v2")
        {
            throw new ZarrMetadataException(null, "$.chunk_key_encoding", "Zarr v2 arrays use the v2 chunk key encoding");
        }

        var order = 'C';
        var position = 0;
        if (Codecs.Length > 0 && Codecs[0] is TransposeCodec transpose)
        {
            if (!transpose.IsReversal)
            {
                throw new ZarrMetadataException(null, "$.codecs[0]", $"Zarr v2 can only express a transpose that reverses all axes (order F), not [{string.Join(", ", transpose.Order)}]");
            }

            order = Rank > 1 ? 'F' : 'C';
            position = 1;
        }

        if (position >= Codecs.Length || Codecs[position] is not BytesCodec bytes)
        {
            var name = position < Codecs.Length ? Codecs[position].Name : "nothing";
            throw new ZarrMetadataException(null, $"$.codecs[{position}]", $"Zarr v2 stores plain elements: expected the 'bytes' codec, found '{name}' (sharding needs Zarr v3)");
        }

        var byteLevel = Codecs.Skip(position + 1).ToArray();
        var v2 = new List<JsonObject>();
        for (var i = 0; i < byteLevel.Length; i++)
        {
            v2.Add(byteLevel[i].ToV2Json() ?? throw new ZarrMetadataException(null, $"$.codecs[{position + 1 + i}]", $"codec '{byteLevel[i].Name}' has no Zarr v2 (numcodecs) equivalent"));
        }

        JsonObject? compressor = v2.Count > 0 ? v2[^1] : null;
        JsonArray? filters = v2.Count > 1 ? new JsonArray([.. v2.Take(v2.Count - 1)]) : null;
        return (order, bytes.Endian ?? Endianness.Little, filters, compressor);
    }

    private static ArrayMetadata ParseV3Core(JsonObject json)
    {
        RequireMember(json, "zarr_format", 3);
        if (json["node_type"]?.GetValue<string>() != "array")
        {
            throw new ZarrMetadataException(null, "$.node_type", $"expected \"array\", found {DataType.Describe(json["node_type"])}");
        }

        foreach (var (name, value) in json)
        {
            if (name is "zarr_format" or "node_type" or "shape" or "data_type" or "chunk_grid" or "chunk_key_encoding"
                or "fill_value" or "codecs" or "attributes" or "dimension_names")
            {
                continue;
            }

            if (name == "storage_transformers")
            {
                if (value is JsonArray { Count: > 0 } transformers)
                {
                    throw new ZarrUnsupportedException("storage transformer", transformers[0]?["name"]?.ToString() ?? transformers[0]?.ToJsonString() ?? "?", jsonPath: "$.storage_transformers[0]");
                }

                continue;
            }

            // Extension members are ignored only when they say so (Zarr v3 "must_understand": false).
            if (value is JsonObject extension && extension["must_understand"]?.GetValueKind() == JsonValueKind.False)
            {
                continue;
            }

            throw new ZarrUnsupportedException("extension", name, jsonPath: "$." + name);
        }

        var shape = ParseShape(json["shape"], "$.shape");
        var dataType = DataType.ParseV3(json["data_type"]);
        var grid = json["chunk_grid"] as JsonObject;
        var gridName = grid?["name"]?.GetValue<string>();
        if (gridName != "regular")
        {
            throw gridName is null
                ? new ZarrMetadataException(null, "$.chunk_grid", $"expected {{\"name\": \"regular\", …}}, found {DataType.Describe(json["chunk_grid"])}")
                : new ZarrUnsupportedException("chunk grid", gridName, jsonPath: "$.chunk_grid.name");
        }

        var chunkShape = ParseChunkShape(grid!["configuration"]?["chunk_shape"], "$.chunk_grid.configuration.chunk_shape");
        var codecs = CodecRegistry.ParseV3Chain(json["codecs"], "$.codecs", shape.Length);
        var metadata = new ArrayMetadata(shape, chunkShape, dataType)
        {
            ZarrFormat = ZarrFormat.V3,
            FillValue = FillValue.Parse(json["fill_value"], dataType, ZarrFormat.V3),
            ChunkKeyEncoding = ChunkKeyEncoding.ParseV3(json["chunk_key_encoding"]),
            Codecs = [.. codecs],
            DimensionNames = ParseDimensionNames(json["dimension_names"]),
            Attributes = ParseAttributes(json["attributes"], "$.attributes"),
        };
        metadata.Validate();
        return metadata;
    }

    private static ArrayMetadata ParseV2Core(JsonObject zarray, JsonObject? zattrs)
    {
        RequireMember(zarray, "zarr_format", 2);
        var shape = ParseShape(zarray["shape"], "$.shape");
        var chunkShape = ParseChunkShape(zarray["chunks"], "$.chunks");
        var dtypeText = zarray["dtype"] is JsonValue dtypeValue && dtypeValue.TryGetValue<string>(out var text)
            ? text
            : throw new ZarrMetadataException(null, "$.dtype", $"expected a numpy type string such as \"<u2\", found {DataType.Describe(zarray["dtype"])}");
        var (dataType, endianness) = DataType.ParseV2(dtypeText);
        var order = zarray["order"]?.GetValue<string>() ?? "C";
        if (order is not ("C" or "F"))
        {
            throw new ZarrMetadataException(null, "$.order", $"expected \"C\" or \"F\", found \"{order}\"");
        }

        var separator = zarray["dimension_separator"]?.GetValue<string>() ?? ".";
        if (separator is not ("." or "/"))
        {
            throw new ZarrMetadataException(null, "$.dimension_separator", $"expected \".\" or \"/\", found \"{separator}\"");
        }

        var codecs = new List<Codec>();
        if (order == "F" && shape.Length > 1)
        {
            codecs.Add(TransposeCodec.Reversed(shape.Length));
        }

        codecs.Add(new BytesCodec(endianness ?? Endianness.Little));
        if (zarray["filters"] is JsonArray filters)
        {
            for (var i = 0; i < filters.Count; i++)
            {
                codecs.Add(CodecRegistry.ParseV2(filters[i], dataType, $"$.filters[{i}]"));
            }
        }
        else if (zarray["filters"] is not null)
        {
            throw new ZarrMetadataException(null, "$.filters", $"expected null or an array, found {zarray["filters"]!.ToJsonString()}");
        }

        if (zarray["compressor"] is { } compressor)
        {
            codecs.Add(CodecRegistry.ParseV2(compressor, dataType, "$.compressor"));
        }

        var metadata = new ArrayMetadata(shape, chunkShape, dataType)
        {
            ZarrFormat = ZarrFormat.V2,
            FillValue = FillValue.Parse(zarray["fill_value"], dataType, ZarrFormat.V2),
            ChunkKeyEncoding = separator == "/" ? ChunkKeyEncoding.V2Slash : ChunkKeyEncoding.V2Dot,
            Codecs = [.. codecs],
            Attributes = zattrs is null ? [] : (JsonObject)zattrs.DeepClone(),
        };
        metadata.Validate();
        return metadata;
    }

    private static void RequireMember(JsonObject json, string name, int expected)
    {
        var node = json[name];
        if (!JsonNumbers.TryGetInt32(node, out var found) || found != expected)
        {
            throw new ZarrMetadataException(null, "$." + name, $"expected {expected}, found {DataType.Describe(node)}");
        }
    }

    private static long[] ParseShape(JsonNode? node, string jsonPath)
    {
        if (node is not JsonArray array)
        {
            throw new ZarrMetadataException(null, jsonPath, $"expected an array of non-negative integers, found {DataType.Describe(node)}");
        }

        var shape = new long[array.Count];
        for (var i = 0; i < array.Count; i++)
        {
            if (!JsonNumbers.TryGetInt64(array[i], out var extent) || extent < 0)
            {
                throw new ZarrMetadataException(null, $"{jsonPath}[{i}]", $"expected a non-negative integer, found {DataType.Describe(array[i])}");
            }

            shape[i] = extent;
        }

        return shape;
    }

    private static int[] ParseChunkShape(JsonNode? node, string jsonPath)
    {
        var shape = ParseShape(node, jsonPath);
        var chunks = new int[shape.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] is < 1 or > int.MaxValue)
            {
                throw new ZarrMetadataException(null, $"{jsonPath}[{i}]", $"chunk extent must be between 1 and {int.MaxValue}, found {shape[i]}");
            }

            chunks[i] = (int)shape[i];
        }

        return chunks;
    }

    private static ImmutableArray<string?>? ParseDimensionNames(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray array)
        {
            throw new ZarrMetadataException(null, "$.dimension_names", $"expected an array of strings or nulls, found {node.ToJsonString()}");
        }

        var names = ImmutableArray.CreateBuilder<string?>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            names.Add(array[i] switch
            {
                null => null,
                JsonValue value when value.TryGetValue<string>(out var name) => name,
                var other => throw new ZarrMetadataException(null, $"$.dimension_names[{i}]", $"expected a string or null, found {other.ToJsonString()}"),
            });
        }

        return names.MoveToImmutable();
    }

    internal static JsonObject ParseAttributes(JsonNode? node, string jsonPath) => node switch
    {
        null => [],
        JsonObject attributes => (JsonObject)attributes.DeepClone(),
        _ => throw new ZarrMetadataException(null, jsonPath, $"expected an object, found {node.ToJsonString()}"),
    };
}
