namespace Tessera.Zarr.Storage;

/// <summary>A store that can enumerate its keys.</summary>
public interface IListableStore : IStore
{
    /// <summary>All keys that start with <paramref name="prefix"/>, in no particular order.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix = "", CancellationToken cancellationToken = default);

    /// <summary>
    /// One level below <paramref name="prefix"/> (a "directory" such as <c>a/b/</c>, or empty for the root):
    /// the keys directly in it and the names of its sub-prefixes, each without the prefix.
    /// </summary>
    ValueTask<StoreListing> ListDirectoryAsync(string prefix, CancellationToken cancellationToken = default);
}
