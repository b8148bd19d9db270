using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Zarr.Metadata;

namespace Tessera.Zarr.Codecs;

/// <summary>Typed access to a codec's JSON configuration, with errors that name the JSON path.</summary>
internal readonly struct CodecConfiguration
{
    private readonly JsonObject? _json;

    public CodecConfiguration(JsonObject? json, string codec, string jsonPath)
    {
        _json = json;
        Codec = codec;
        JsonPath = jsonPath;
    }

    public string Codec { get; }

    public string JsonPath { get; }

    public JsonObject? Json => _json;

    public bool Has(string name) => _json?[name] is not null;

    public int Int(string name, int? defaultValue = null)
    {
        var node = _json?[name];
        if (node is null)
        {
            return defaultValue ?? throw Missing(name);
        }

        if (JsonNumbers.TryGetInt32(node, out var n))
        {
            return n;
        }

        throw Wrong(name, "an integer", node);
    }

    public string String(string name, string? defaultValue = null)
    {
        var node = _json?[name];
        if (node is null)
        {
            return defaultValue ?? throw Missing(name);
        }

        if (node is JsonValue value && value.TryGetValue<string>(out var s))
        {
            return s;
        }

        throw Wrong(name, "a string", node);
    }

    public bool Bool(string name, bool defaultValue)
    {
        var node = _json?[name];
        if (node is null)
        {
            return defaultValue;
        }

        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Wrong(name, "true or false", node),
        };
    }

    public ImmutableArray<int> IntArray(string name)
    {
        if (_json?[name] is not JsonArray array)
        {
            throw _json?[name] is null ? Missing(name) : Wrong(name, "an array of integers", _json[name]!);
        }

        var builder = ImmutableArray.CreateBuilder<int>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (JsonNumbers.TryGetInt32(array[i], out var n))
            {
                builder.Add(n);
            }
            else
            {
                throw new ZarrMetadataException(null, $"{JsonPath}.{name}[{i}]", $"codec '{Codec}': expected an integer, found {array[i]?.ToJsonString() ?? "null"}");
            }
        }

        return builder.MoveToImmutable();
    }

    public JsonArray? Array(string name) => _json?[name] switch
    {
        null => null,
        JsonArray array => array,
        var other => throw Wrong(name, "an array", other),
    };

    public ZarrMetadataException Invalid(string name, string problem) =>
        new(null, $"{JsonPath}.{name}", $"codec '{Codec}': {problem}");

    private ZarrMetadataException Missing(string name) => Invalid(name, $"missing required '{name}'");

    private ZarrMetadataException Wrong(string name, string expected, JsonNode found) =>
        Invalid(name, $"expected {expected}, found {found.ToJsonString()}");
}
