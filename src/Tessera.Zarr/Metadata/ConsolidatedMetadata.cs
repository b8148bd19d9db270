using System.Text.Json.Nodes;

namespace Tessera.Zarr.Metadata;

/// <summary>
/// Metadata of a whole hierarchy kept in one document at its root: Zarr v2 <c>.zmetadata</c> (keys such as
/// <c>a/.zarray</c>) or zarr-python 3's inline <c>consolidated_metadata</c> in a v3 group (node paths).
/// Lets a reader open and list nodes without one request per node, and list stores that cannot list.
/// </summary>
internal sealed class ConsolidatedMetadata
{
    private readonly Dictionary<string, JsonObject> _documents;

    private ConsolidatedMetadata(Dictionary<string, JsonObject> documents, ZarrFormat format)
    {
        _documents = documents;
        Format = format;
    }

    public ZarrFormat Format { get; }

    /// <summary>Parses v2 <c>.zmetadata</c>: <c>{"metadata": {"key": document}, "zarr_consolidated_format": 1}</c>.</summary>
    public static ConsolidatedMetadata ParseV2(JsonObject json, string key)
    {
        if (json["metadata"] is not JsonObject metadata)
        {
            throw new ZarrMetadataException(key, "$.metadata", $"expected an object of metadata documents, found {DataType.Describe(json["metadata"])}");
        }

        var documents = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (documentKey, document) in metadata)
        {
            if (document is JsonObject obj)
            {
                documents[documentKey] = obj;
            }
        }

        return new ConsolidatedMetadata(documents, ZarrFormat.V2);
    }

    /// <summary>Parses zarr-python 3's <c>consolidated_metadata</c> member of a v3 group, if present.</summary>
    public static ConsolidatedMetadata? ParseV3(JsonObject group)
    {
        if (group["consolidated_metadata"] is not JsonObject consolidated || consolidated["metadata"] is not JsonObject metadata)
        {
            return null;
        }

        var documents = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (path, document) in metadata)
        {
            if (document is JsonObject obj)
            {
                documents[path.Trim('/') + "/zarr.json"] = obj;
            }
        }

        return new ConsolidatedMetadata(documents, ZarrFormat.V3);
    }

    /// <summary>The document stored for <paramref name="key"/> relative to the consolidated root.</summary>
    public JsonObject? Get(string key) => _documents.GetValueOrDefault(key);

    /// <summary>Names of the direct children of <paramref name="path"/> (relative to the root; empty for the root).</summary>
    public IReadOnlyList<string> ChildrenOf(string path)
    {
        var prefix = path.Length == 0 ? "" : path + "/";
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var key in _documents.Keys)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = key[prefix.Length..];
            var slash = rest.IndexOf('/');
            if (slash > 0)
            {
                var child = rest[..slash];
                var document = rest[(slash + 1)..];
                if (document is ".zarray" or ".zgroup" or "zarr.json")
                {
                    names.Add(child);
                }
            }
        }

        return [.. names];
    }
}
