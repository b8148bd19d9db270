using System.Globalization;
using System.Text.Json.Nodes;

namespace Tessera.Zarr.Codecs;

/// <summary>
/// Parses compact codec specifications as typed on a command line into bytes-to-bytes codecs:
/// <c>zstd:level=3</c>, <c>blosc:cname=lz4,clevel=5,shuffle=bit</c>, <c>gzip:6</c>, <c>zstd+crc32c</c>, <c>none</c>,
/// or a v3 codec JSON object or array. Each part becomes v3 JSON and goes through <see cref="CodecRegistry"/>.
/// </summary>
public static class CodecShorthand
{
    // Short names users type, mapped to v3 names, with the configuration defaults applied when omitted.
    private static readonly Dictionary<string, (string Name, string? Positional, (string Key, JsonNode Value)[] Defaults)> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["zstd"] = ("zstd", "level", [("level", 3), ("checksum", false)]),
        ["gzip"] = ("gzip", "level", [("level", 5)]),
        ["zlib"] = ("numcodecs.zlib", "level", [("level", 5)]),
        ["bz2"] = ("numcodecs.bz2", "level", [("level", 9)]),
        ["lz4"] = ("numcodecs.lz4", "acceleration", [("acceleration", 1)]),
        ["blosc"] = ("blosc", "cname", [("cname", "lz4"), ("clevel", 5), ("shuffle", "shuffle"), ("blocksize", 0)]),
        ["crc32c"] = ("crc32c", null, []),
    };

    /// <summary>Parses a specification into a chain of bytes-to-bytes codecs (empty for <c>none</c>).</summary>
    /// <exception cref="FormatException">The text is not a codec specification; the message says why.</exception>
    public static IReadOnlyList<BytesToBytesCodec> Parse(string specification)
    {
        ArgumentNullException.ThrowIfNull(specification);
        var text = specification.Trim();
        if (text.Length == 0 || text.Equals("none", StringComparison.OrdinalIgnoreCase) || text.Equals("raw", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        IEnumerable<JsonNode> parts = text[0] is '{' or '['
            ? ParseJson(text)
            : text.Split('+', StringSplitOptions.TrimEntries).Select(ToV3Json);
        var codecs = new List<BytesToBytesCodec>();
        foreach (var part in parts)
        {
            Codec codec;
            try
            {
                codec = CodecRegistry.ParseV3(part, "codec", rank: null);
            }
            catch (ZarrMetadataException e)
            {
                throw new FormatException($"codec '{specification}': {e.Problem}", e);
            }

            codecs.Add(codec switch
            {
                BytesToBytesCodec b2b => b2b,
                UnsupportedCodec unsupported => throw new FormatException($"unknown codec '{unsupported.Name}' (known: {string.Join(", ", Known.Keys)})"),
                _ => throw new FormatException($"codec '{codec.Name}' is not a compressor or checksum; use --chunks/--shards for layout"),
            });
        }

        return codecs;
    }

    private static JsonNode ToV3Json(string part)
    {
        var colon = part.IndexOf(':');
        var name = colon < 0 ? part : part[..colon];
        if (!Known.TryGetValue(name, out var known))
        {
            throw new FormatException($"unknown codec '{name}' (known: {string.Join(", ", Known.Keys)}, none)");
        }

        var configuration = new JsonObject();
        foreach (var (key, value) in known.Defaults)
        {
            configuration[key] = value.DeepClone();
        }

        if (colon >= 0)
        {
            foreach (var setting in part[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = setting.IndexOf('=');
                var key = equals < 0 ? known.Positional ?? throw new FormatException($"codec '{name}' takes no settings, found '{setting}'") : setting[..equals].Trim();
                var value = equals < 0 ? setting : setting[(equals + 1)..].Trim();
                configuration[key] = ParseValue(name, key, value);
            }
        }

        return known.Defaults.Length == 0 && configuration.Count == 0
            ? new JsonObject { ["name"] = known.Name }
            : new JsonObject { ["name"] = known.Name, ["configuration"] = configuration };
    }

    private static JsonNode ParseValue(string codec, string key, string value)
    {
        if (codec.Equals("blosc", StringComparison.OrdinalIgnoreCase) && key == "shuffle")
        {
            return value.ToLowerInvariant() switch
            {
                "0" or "none" or "noshuffle" => "noshuffle",
                "1" or "byte" or "shuffle" => "shuffle",
                "2" or "bit" or "bitshuffle" => "bitshuffle",
                _ => throw new FormatException($"blosc shuffle '{value}' is not none, byte or bit"),
            };
        }

        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        if (bool.TryParse(value, out var flag))
        {
            return JsonValue.Create(flag);
        }

        return JsonValue.Create(value);
    }

    private static IEnumerable<JsonNode> ParseJson(string text)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new FormatException($"codec JSON is invalid: {e.Message}", e);
        }

        return node switch
        {
            JsonArray array => array.Select(n => n ?? throw new FormatException("codec JSON array holds null")),
            JsonObject obj => [obj],
            _ => throw new FormatException("codec JSON must be an object or an array of objects"),
        };
    }
}
