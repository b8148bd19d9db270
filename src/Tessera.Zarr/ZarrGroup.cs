using System.Text.Json.Nodes;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Zarr;

/// <summary>
/// A Zarr group: attributes and child nodes. Children are found through consolidated metadata when the
/// group has it (v2 <c>.zmetadata</c>, or v3 inline <c>consolidated_metadata</c>), otherwise by listing the store.
/// </summary>
public sealed class ZarrGroup : ZarrNode
{
    private readonly ConsolidatedMetadata? _consolidated;
    private readonly string _consolidatedRoot;
    private GroupMetadata _metadata;

    internal ZarrGroup(IStore store, string path, GroupMetadata metadata, ConsolidatedMetadata? consolidated, string? consolidatedRoot = null)
        : base(store, path)
    {
        _metadata = metadata;
        _consolidated = consolidated;
        _consolidatedRoot = consolidatedRoot ?? path;
    }

    /// <summary>The group's metadata.</summary>
    public GroupMetadata Metadata => _metadata;

    /// <inheritdoc />
    public override ZarrFormat ZarrFormat => _metadata.ZarrFormat;

    /// <inheritdoc />
    public override JsonObject Attributes => _metadata.Attributes;

    /// <summary>True when the hierarchy below carries consolidated metadata.</summary>
    public bool HasConsolidatedMetadata => _consolidated is not null;

    /// <summary>True when children can be enumerated (consolidated metadata or a listable store).</summary>
    public bool CanListChildren => _consolidated is not null || Store is IListableStore;

    /// <summary>Opens the group at <paramref name="path"/>.</summary>
    /// <exception cref="ZarrNodeNotFoundException">No group there.</exception>
    public static new async ValueTask<ZarrGroup> OpenAsync(IStore store, string path = "", CancellationToken cancellationToken = default)
    {
        var normalized = StoreKey.NormalizePath(path);
        var node = await OpenNodeAsync(store, normalized, null, cancellationToken).ConfigureAwait(false);
        return node as ZarrGroup ?? throw new ZarrNodeNotFoundException(store.Location, normalized, "group (found an array)");
    }

    /// <summary>Creates a group (writes its metadata). An existing node at the path is an error unless <paramref name="overwrite"/>.</summary>
    public static async ValueTask<ZarrGroup> CreateAsync(IWritableStore store, string path = "", ZarrFormat format = ZarrFormat.V3, JsonObject? attributes = null, bool overwrite = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var normalized = StoreKey.NormalizePath(path);
        await PrepareNodePathAsync(store, normalized, overwrite, cancellationToken).ConfigureAwait(false);
        var group = new ZarrGroup(store, normalized, new GroupMetadata(format, (JsonObject?)attributes?.DeepClone() ?? []), null);
        await group.WriteMetadataAsync(group._metadata, cancellationToken).ConfigureAwait(false);
        return group;
    }

    /// <summary>Names of the direct children that are arrays or groups, sorted; empty when they cannot be listed (see <see cref="CanListChildren"/>).</summary>
    public async ValueTask<IReadOnlyList<string>> ListChildrenAsync(CancellationToken cancellationToken = default)
    {
        if (_consolidated is not null)
        {
            return _consolidated.ChildrenOf(RelativeToConsolidatedRoot(Path));
        }

        if (Store is not IListableStore listable)
        {
            return [];
        }

        var prefix = Path.Length == 0 ? "" : Path + "/";
        var listing = await listable.ListDirectoryAsync(prefix, cancellationToken).ConfigureAwait(false);
        var children = new List<string>();
        foreach (var name in listing.Prefixes)
        {
            var below = await listable.ListDirectoryAsync(prefix + name + "/", cancellationToken).ConfigureAwait(false);
            if (below.Keys.Any(key => key is "zarr.json" or ".zarray" or ".zgroup"))
            {
                children.Add(name);
            }
        }

        return children;
    }

    /// <summary>Opens the child node <paramref name="name"/> (a relative path, possibly nested).</summary>
    public async ValueTask<ZarrNode> OpenChildAsync(string name, ZarrArrayOptions? options = null, CancellationToken cancellationToken = default)
    {
        var path = ChildPath(name);
        if (_consolidated is not null && FromConsolidated(Store, path, _consolidated, RelativeToConsolidatedRoot(path), options) is { } node)
        {
            return node is ZarrGroup group ? group.WithConsolidated(_consolidated, _consolidatedRoot) : node;
        }

        return await OpenNodeAsync(Store, path, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens the child array <paramref name="name"/>.</summary>
    public async ValueTask<ZarrArray> OpenArrayAsync(string name, ZarrArrayOptions? options = null, CancellationToken cancellationToken = default) =>
        await OpenChildAsync(name, options, cancellationToken).ConfigureAwait(false) as ZarrArray
        ?? throw new ZarrNodeNotFoundException(Store.Location, ChildPath(name), "array (found a group)");

    /// <summary>Opens the child group <paramref name="name"/>.</summary>
    public async ValueTask<ZarrGroup> OpenGroupAsync(string name, CancellationToken cancellationToken = default) =>
        await OpenChildAsync(name, null, cancellationToken).ConfigureAwait(false) as ZarrGroup
        ?? throw new ZarrNodeNotFoundException(Store.Location, ChildPath(name), "group (found an array)");

    /// <summary>Creates a child array; its format must be the group's.</summary>
    public ValueTask<ZarrArray> CreateArrayAsync(string name, ArrayMetadata metadata, ZarrArrayOptions? options = null, bool overwrite = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        if (metadata.ZarrFormat != ZarrFormat)
        {
            throw new ArgumentException($"a Zarr {(int)ZarrFormat} group cannot hold a Zarr {(int)metadata.ZarrFormat} array", nameof(metadata));
        }

        return ZarrArray.CreateAsync(Writable(Store), ChildPath(name), metadata, options, overwrite, cancellationToken);
    }

    /// <summary>Creates a child group of the same format.</summary>
    public ValueTask<ZarrGroup> CreateGroupAsync(string name, JsonObject? attributes = null, bool overwrite = false, CancellationToken cancellationToken = default) =>
        CreateAsync(Writable(Store), ChildPath(name), ZarrFormat, attributes, overwrite, cancellationToken);

    /// <inheritdoc />
    public override async ValueTask SetAttributesAsync(JsonObject attributes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var updated = _metadata with { Attributes = (JsonObject)attributes.DeepClone() };
        await WriteMetadataAsync(updated, cancellationToken).ConfigureAwait(false);
        _metadata = updated;
    }

    /// <summary>
    /// Makes a path ready for a new node: with <paramref name="overwrite"/>, deletes what is there (keys below
    /// it too, when the store can list); otherwise fails if a node exists.
    /// </summary>
    internal static async ValueTask PrepareNodePathAsync(IWritableStore store, string path, bool overwrite, CancellationToken cancellationToken)
    {
        string[] metadataKeys = ["zarr.json", ".zarray", ".zgroup", ".zattrs", ".zmetadata"];
        var existing = false;
        foreach (var name in metadataKeys)
        {
            existing |= await store.ExistsAsync(StoreKey.Join(path, name), cancellationToken).ConfigureAwait(false);
        }

        if (!existing)
        {
            return;
        }

        if (!overwrite)
        {
            throw new ZarrException($"{store.Location}: a node already exists at '{(path.Length == 0 ? "/" : path)}' (pass overwrite to replace it)");
        }

        if (store is IListableStore listable)
        {
            var keys = new List<string>();
            await foreach (var key in listable.ListAsync(path.Length == 0 ? "" : path + "/", cancellationToken).ConfigureAwait(false))
            {
                keys.Add(key);
            }

            foreach (var key in keys)
            {
                await store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            foreach (var name in metadataKeys)
            {
                await store.DeleteAsync(StoreKey.Join(path, name), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private ZarrGroup WithConsolidated(ConsolidatedMetadata consolidated, string root) =>
        new(Store, Path, _metadata, consolidated, root);

    private async ValueTask WriteMetadataAsync(GroupMetadata metadata, CancellationToken cancellationToken)
    {
        var store = Writable(Store);
        if (metadata.ZarrFormat == ZarrFormat.V3)
        {
            await WriteJsonAsync(store, StoreKey.Join(Path, "zarr.json"), metadata.ToV3Json(), cancellationToken).ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(store, StoreKey.Join(Path, ".zgroup"), new JsonObject { ["zarr_format"] = 2 }, cancellationToken).ConfigureAwait(false);
        var zattrs = StoreKey.Join(Path, ".zattrs");
        if (metadata.Attributes.Count > 0)
        {
            await WriteJsonAsync(store, zattrs, metadata.Attributes, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await store.DeleteAsync(zattrs, cancellationToken).ConfigureAwait(false);
        }
    }

    private string ChildPath(string name)
    {
        var relative = StoreKey.NormalizePath(name);
        if (relative.Length == 0)
        {
            throw new ArgumentException("child name is empty", nameof(name));
        }

        return StoreKey.Join(Path, relative);
    }

    private string RelativeToConsolidatedRoot(string path) =>
        _consolidatedRoot.Length == 0 ? path : path.Length == _consolidatedRoot.Length ? "" : path[(_consolidatedRoot.Length + 1)..];
}
