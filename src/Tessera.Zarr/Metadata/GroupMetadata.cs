using System.Text.Json.Nodes;

namespace Tessera.Zarr.Metadata;

/// <summary>The metadata of a Zarr group: its format and attributes.</summary>
/// <param name="ZarrFormat">v2 or v3.</param>
/// <param name="Attributes">User attributes. Treat as read-only.</param>
public sealed record GroupMetadata(ZarrFormat ZarrFormat, JsonObject Attributes)
{
    /// <summary>Parses v3 <c>zarr.json</c> of a group.</summary>
    public static GroupMetadata ParseV3(JsonObject json, string key)
    {
        if (!JsonNumbers.TryGetInt32(json["zarr_format"], out var version) || version != 3)
        {
            throw new ZarrMetadataException(key, "$.zarr_format", $"expected 3, found {DataType.Describe(json["zarr_format"])}");
        }

        if (json["node_type"] is not JsonValue type || !type.TryGetValue<string>(out var nodeType) || nodeType != "group")
        {
            throw new ZarrMetadataException(key, "$.node_type", $"expected \"group\", found {DataType.Describe(json["node_type"])}");
        }

        try
        {
            return new GroupMetadata(ZarrFormat.V3, ArrayMetadata.ParseAttributes(json["attributes"], "$.attributes"));
        }
        catch (ZarrMetadataException e) when (e.Key is null)
        {
            throw e.WithKey(key);
        }
    }

    /// <summary>The v3 <c>zarr.json</c> document.</summary>
    public JsonObject ToV3Json() => new()
    {
        ["zarr_format"] = 3,
        ["node_type"] = "group",
        ["attributes"] = Attributes.DeepClone(),
    };
}
