using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Tessera.Zarr.Metadata;

/// <summary>
/// How chunk grid coordinates become store keys: v3 <c>default</c> (<c>c/1/2</c>) or <c>v2</c> (<c>1.2</c>),
/// each with a separator of <c>/</c> or <c>.</c>.
/// </summary>
public sealed record ChunkKeyEncoding
{
    private ChunkKeyEncoding(string name, char separator)
    {
        Name = name;
        Separator = separator;
    }

    /// <summary>The v3 default: <c>c/i/j</c>.</summary>
    public static ChunkKeyEncoding Default { get; } = new("default", '/');

    /// <summary>The Zarr v2 layout with <c>.</c>: <c>i.j</c>.</summary>
    public static ChunkKeyEncoding V2Dot { get; } = new("v2", '.');

    /// <summary>The Zarr v2 layout with <c>/</c>: <c>i/j</c>.</summary>
    public static ChunkKeyEncoding V2Slash { get; } = new("v2", '/');

    /// <summary><c>default</c> or <c>v2</c>.</summary>
    public string Name { get; }

    /// <summary><c>/</c> or <c>.</c>.</summary>
    public char Separator { get; }

    /// <summary>Creates an encoding, validating the name and separator.</summary>
    public static ChunkKeyEncoding Create(string name, char separator)
    {
        if (name is not ("default" or "v2"))
        {
            throw new ZarrUnsupportedException("chunk key encoding", name, jsonPath: "$.chunk_key_encoding.name");
        }

        if (separator is not ('/' or '.'))
        {
            throw new ZarrMetadataException(null, "$.chunk_key_encoding.configuration.separator", $"separator must be \"/\" or \".\", found \"{separator}\"");
        }

        return new(name, separator);
    }

    /// <summary>Parses the v3 <c>chunk_key_encoding</c> member.</summary>
    public static ChunkKeyEncoding ParseV3(JsonNode? node)
    {
        const string path = "$.chunk_key_encoding";
        if (node is not JsonObject obj || obj["name"] is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var name))
        {
            throw new ZarrMetadataException(null, path, $"expected {{\"name\": \"default\"|\"v2\", …}}, found {DataType.Describe(node)}");
        }

        var separatorNode = obj["configuration"]?["separator"];
        var separator = separatorNode is null ? (name == "v2" ? "." : "/") : separatorNode.GetValue<string>();
        if (separator.Length != 1)
        {
            throw new ZarrMetadataException(null, path + ".configuration.separator", $"separator must be \"/\" or \".\", found \"{separator}\"");
        }

        return Create(name, separator[0]);
    }

    /// <summary>The v3 JSON form.</summary>
    public JsonObject ToV3Json() => new()
    {
        ["name"] = Name,
        ["configuration"] = new JsonObject { ["separator"] = Separator.ToString() },
    };

    /// <summary>The key of the chunk at <paramref name="coordinates"/>, relative to the array's node.</summary>
    public string Encode(ReadOnlySpan<long> coordinates)
    {
        if (coordinates.Length == 0)
        {
            return Name == "default" ? "c" : "0";
        }

        var builder = new StringBuilder(Name == "default" ? 2 + coordinates.Length * 3 : coordinates.Length * 3);
        if (Name == "default")
        {
            builder.Append('c').Append(Separator);
        }

        for (var i = 0; i < coordinates.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(Separator);
            }

            builder.Append(coordinates[i].ToString(CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
