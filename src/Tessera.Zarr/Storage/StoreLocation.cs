namespace Tessera.Zarr.Storage;

/// <summary>
/// Turns what a user types — a directory, a path inside one, or later a URL or a zip file — into a store and
/// the node path inside it. Writable locations are committed explicitly; disposing without committing
/// abandons what a transactional store (zip) has written.
/// </summary>
public sealed class StoreLocation : IAsyncDisposable
{
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

        throw new ZarrException($"{location}: no such directory");
    }

    /// <summary>Opens a location for writing (a directory, created when missing).</summary>
    public static StoreLocation OpenWrite(string location)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        return new StoreLocation(new FileSystemStore(System.IO.Path.GetFullPath(location)), "", location);
    }

    /// <summary>The store as writable.</summary>
    public IWritableStore WritableStore => Store as IWritableStore ?? throw new InvalidOperationException($"{Description} is read-only");

    /// <summary>Makes what was written durable and visible (a no-op for directories).</summary>
    public ValueTask CommitAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Store is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;
}
