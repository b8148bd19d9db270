using System.Collections.Concurrent;
using Tessera.Zarr.Buffers;
using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Storage;

/// <summary>Wraps a store and records every request, so tests can assert exactly what IO a read or write does.</summary>
public sealed class CountingStore(IWritableStore inner) : IWritableStore, IListableStore
{
    public ConcurrentQueue<(string Key, ByteRange Range)> Gets { get; } = new();

    public ConcurrentQueue<string> Sets { get; } = new();

    public ConcurrentQueue<string> Deletes { get; } = new();

    public string Location => "counting:" + inner.Location;

    public int PreferredConcurrency => inner.PreferredConcurrency;

    public void Reset()
    {
        Gets.Clear();
        Sets.Clear();
        Deletes.Clear();
    }

    public ValueTask<PooledBuffer?> GetAsync(string key, ByteRange range = default, CancellationToken cancellationToken = default)
    {
        Gets.Enqueue((key, range));
        return inner.GetAsync(key, range, cancellationToken);
    }

    public ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => inner.ExistsAsync(key, cancellationToken);

    public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        Sets.Enqueue(key);
        return inner.SetAsync(key, value, cancellationToken);
    }

    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        Deletes.Enqueue(key);
        return inner.DeleteAsync(key, cancellationToken);
    }

    public IAsyncEnumerable<string> ListAsync(string prefix = "", CancellationToken cancellationToken = default) =>
        ((IListableStore)inner).ListAsync(prefix, cancellationToken);

    public ValueTask<StoreListing> ListDirectoryAsync(string prefix, CancellationToken cancellationToken = default) =>
        ((IListableStore)inner).ListDirectoryAsync(prefix, cancellationToken);
}
