namespace Tessera.Zarr.Storage;

/// <summary>
/// Turns what a user types into a store and the node path inside it: an http(s) URL, a directory, a
/// <c>.zip</c>/<c>.ozx</c> file, or a path inside one (<c>plate.ozx/A/1/0</c>). Writable locations are committed
/// explicitly; disposing without committing abandons what a transactional store (zip) has written.
/// </summary>
public sealed class StoreLocation : IAsyncDisposable
{
    private static readonly string[] ArchiveExtensions = [".ozx", ".zip"];

    private StoreLocation(IStore store, string path, string description)
    {
        Store = store;
        Path = path;
        Description = description;
    }

    /// <summary>The store.</summary>
    public IStore Store { get; }

    /// <summary>Node path inside the store (empty for its root).</summary>
    public string Path { get; }

    /// <summary>What the user typed, for messages.</summary>
    public string Description { get; }

    /// <summary>The store as writable.</summary>
    public IWritableStore WritableStore => Store as IWritableStore ?? throw new InvalidOperationException($"{Description} is read-only");

    /// <summary>Opens a location for reading.</summary>
    /// <exception cref="ZarrException">Nothing readable is there.</exception>
    public static StoreLocation OpenRead(string location)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        if (Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return new StoreLocation(new HttpStore(uri), "", location);
        }

        var full = System.IO.Path.GetFullPath(location);
        if (Directory.Exists(full))
        {
            return new StoreLocation(new FileSystemStore(full), "", location);
        }

        // A zip archive, or a node inside one: the longest existing file prefix that is an archive.
        for (var archive = full; !string.IsNullOrEmpty(archive); archive = System.IO.Path.GetDirectoryName(archive))
        {
            if (File.Exists(archive) && IsArchive(archive))
            {
                var inner = System.IO.Path.GetRelativePath(archive, full) is var relative && relative == "." ? "" : relative.Replace(System.IO.Path.DirectorySeparatorChar, '/');
                return new StoreLocation(ZipStore.Open(archive), StoreKey.NormalizePath(inner), location);
            }
        }

        throw new ZarrException(File.Exists(full)
            ? $"{location}: not a Zarr directory or a .zip/.ozx archive"
            : $"{location}: no such file or directory");
    }

    /// <summary>
    /// Opens a location for writing: a <c>.zip</c>/<c>.ozx</c> file (written in full at <see cref="CommitAsync"/>)
    /// or a directory (created when missing).
    /// </summary>
    public static StoreLocation OpenWrite(string location)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        var full = System.IO.Path.GetFullPath(location);
        return IsArchive(full)
            ? new StoreLocation(ZipStore.Create(full), "", location)
            : new StoreLocation(new FileSystemStore(full), "", location);
    }

    /// <summary>Makes what was written durable and visible: writes the archive for zip files; nothing for directories.</summary>
    public ValueTask CommitAsync(CancellationToken cancellationToken = default) =>
        Store is ZipStoreWriter writer ? writer.CommitAsync(cancellationToken) : ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        switch (Store)
        {
            case IAsyncDisposable asynchronous:
                return asynchronous.DisposeAsync();
            case IDisposable synchronous:
                synchronous.Dispose();
                break;
        }

        return ValueTask.CompletedTask;
    }

    private static bool IsArchive(string path) =>
        ArchiveExtensions.Any(extension => path.EndsWith(extension, StringComparison.OrdinalIgnoreCase));
}
