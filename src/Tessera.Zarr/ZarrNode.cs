using System.Text.Json.Nodes;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Zarr;

/// <summary>An array or group at a path of a store.</summary>
public abstract class ZarrNode
{
    private protected ZarrNode(IStore store, string path)
    {
        Store = store;
        Path = path;
    }

    /// <summary>The store holding the node.</summary>
    public IStore Store { get; }

    /// <summary>The node's path in the store, without leading or trailing slash; empty for the root.</summary>
    public string Path { get; }

    /// <summary>Last path segment, or <c>/</c> for the root.</summary>
    public string Name => Path.Length == 0 ? "/" : Path[(Path.LastIndexOf('/') + 1)..];

    /// <summary>v2 or v3.</summary>
    public abstract ZarrFormat ZarrFormat { get; }

    /// <summary>User attributes. Treat as read-only; change them with <see cref="SetAttributesAsync"/>.</summary>
    public abstract JsonObject Attributes { get; }

    /// <summary>Opens whatever node is at <paramref name="path"/>: v3 <c>zarr.json</c> first, then v2 <c>.zarray</c>, <c>.zgroup</c>.</summary>
    /// <exception cref="ZarrNodeNotFoundException">No node there.</exception>
    /// <exception cref="ZarrMetadataException">The metadata is malformed.</exception>
    public static ValueTask<ZarrNode> OpenAsync(IStore store, string path = "", CancellationToken cancellationToken = default) =>
        OpenNodeAsync(store, StoreKey.NormalizePath(path), null, cancellationToken);

    /// <summary>Replaces the node's attributes in the store.</summary>
    public abstract ValueTask SetAttributesAsync(JsonObject attributes, CancellationToken cancellationToken = default);

    internal static async ValueTask<ZarrNode> OpenNodeAsync(IStore store, string path, ZarrArrayOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var v3Key = StoreKey.Join(path, "zarr.json");
        if (await ReadJsonAsync(store, v3Key, cancellationToken).ConfigureAwait(false) is { } v3)
        {
            return FromV3(store, path, v3, v3Key, options);
        }

        var zarrayKey = StoreKey.Join(path, ".zarray");
        if (await ReadJsonAsync(store, zarrayKey, cancellationToken).ConfigureAwait(false) is { } zarray)
        {
            var zattrs = await ReadJsonAsync(store, StoreKey.Join(path, ".zattrs"), cancellationToken).ConfigureAwait(false);
            return new ZarrArray(store, path, ArrayMetadata.ParseV2(zarray, zattrs, zarrayKey), options);
        }

        var zgroupKey = StoreKey.Join(path, ".zgroup");
        if (await ReadJsonAsync(store, zgroupKey, cancellationToken).ConfigureAwait(false) is { } zgroup)
        {
            var zattrs = await ReadJsonAsync(store, StoreKey.Join(path, ".zattrs"), cancellationToken).ConfigureAwait(false);
            return new ZarrGroup(store, path, ParseV2Group(zgroup, zattrs, zgroupKey), await ReadConsolidatedAsync(store, path, cancellationToken).ConfigureAwait(false));
        }

        throw new ZarrNodeNotFoundException(store.Location, path, "array or group");
    }

    /// <summary>Builds a node from documents found in consolidated metadata, without store requests.</summary>
    internal static ZarrNode? FromConsolidated(IStore store, string path, ConsolidatedMetadata consolidated, string relative, ZarrArrayOptions? options)
    {
        if (consolidated.Format == ZarrFormat.V3)
        {
            return consolidated.Get(StoreKey.Join(relative, "zarr.json")) is { } v3
                ? FromV3(store, path, v3, StoreKey.Join(path, "zarr.json"), options)
                : null;
        }

        var zattrs = consolidated.Get(StoreKey.Join(relative, ".zattrs"));
        if (consolidated.Get(StoreKey.Join(relative, ".zarray")) is { } zarray)
        {
            return new ZarrArray(store, path, ArrayMetadata.ParseV2(zarray, zattrs, StoreKey.Join(path, ".zarray")), options);
        }

        if (consolidated.Get(StoreKey.Join(relative, ".zgroup")) is { } zgroup)
        {
            return new ZarrGroup(store, path, ParseV2Group(zgroup, zattrs, StoreKey.Join(path, ".zgroup")), null);
        }

        return null;
    }

    /// <summary>
    /// A group's <c>.zmetadata</c>, if present and readable. It is an optional index of documents that exist
    /// anyway, so a damaged one is set aside (the group is then listed through the store), as zarr-python does.
    /// </summary>
    private static async ValueTask<ConsolidatedMetadata?> ReadConsolidatedAsync(IStore store, string path, CancellationToken cancellationToken)
    {
        var key = StoreKey.Join(path, ".zmetadata");
        try
        {
            return await ReadJsonAsync(store, key, cancellationToken).ConfigureAwait(false) is { } zmetadata
                ? ConsolidatedMetadata.ParseV2(zmetadata, key)
                : null;
        }
        catch (ZarrMetadataException)
        {
            return null;
        }
    }

    /// <summary>Reads and parses a JSON object document; null when the key is absent.</summary>
    internal static async ValueTask<JsonObject?> ReadJsonAsync(IStore store, string key, CancellationToken cancellationToken)
    {
        using var buffer = await store.GetAsync(key, default, cancellationToken).ConfigureAwait(false);
        return buffer is null ? null : MetadataDocument.ParseObject(buffer.Span, key);
    }

    /// <summary>Serializes and writes a JSON document.</summary>
    internal static ValueTask WriteJsonAsync(IWritableStore store, string key, JsonNode document, CancellationToken cancellationToken) =>
        store.SetAsync(key, MetadataDocument.Serialize(document, asciiOnly: !key.EndsWith("zarr.json", StringComparison.Ordinal)), cancellationToken);

    /// <summary>The store as writable, or a clear error.</summary>
    internal static IWritableStore Writable(IStore store) =>
        store as IWritableStore ?? throw new InvalidOperationException($"the store {store.Location} is read-only");

    private static ZarrNode FromV3(IStore store, string path, JsonObject json, string key, ZarrArrayOptions? options)
    {
        var nodeType = json["node_type"] is JsonValue value && value.TryGetValue<string>(out var type) ? type : null;
        return nodeType switch
        {
            "array" => new ZarrArray(store, path, ArrayMetadata.ParseV3(json, key), options),
            "group" => new ZarrGroup(store, path, GroupMetadata.ParseV3(json, key), ConsolidatedMetadata.ParseV3(json)),
            _ => throw new ZarrMetadataException(key, "$.node_type", $"expected \"array\" or \"group\", found {DataType.Describe(json["node_type"])}"),
        };
    }

    private static GroupMetadata ParseV2Group(JsonObject zgroup, JsonObject? zattrs, string key)
    {
        if (!JsonNumbers.TryGetInt32(zgroup["zarr_format"], out var version) || version != 2)
        {
            throw new ZarrMetadataException(key, "$.zarr_format", $"expected 2, found {DataType.Describe(zgroup["zarr_format"])}");
        }

        return new GroupMetadata(ZarrFormat.V2, zattrs is null ? [] : (JsonObject)zattrs.DeepClone());
    }
}
