using System.Collections.Concurrent;
using Tessera.Zarr.Buffers;
using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Storage;

/// <summary>
/// Wraps a store and records every request — reads with their range and the bytes returned (-1 for a missing
/// key), writes, deletes — so tests can assert exactly what IO an operation does.
/// </summary>
public sealed class CountingStore(IStore inner) : IWritableStore, IListableStore
{
    public ConcurrentQueue<(string Key, ByteRange Range, int Bytes)> Gets { get; } = new();

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

    public async ValueTask<PooledBuffer?> GetAsync(string key, ByteRange range = default, CancellationToken cancellationToken = default)
    {
        var value = await inner.GetAsync(key, range, cancellationToken);
        Gets.Enqueue((key, range, value?.Length ?? -1));
        return value;
    }

    public ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => inner.ExistsAsync(key, cancellationToken);

    public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        Sets.Enqueue(key);
        return Writable.SetAsync(key, value, cancellationToken);
    }

    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        Deletes.Enqueue(key);
        return Writable.DeleteAsync(key, cancellationToken);
    }

    public IAsyncEnumerable<string> ListAsync(string prefix = "", CancellationToken cancellationToken = default) =>
        Listable.ListAsync(prefix, cancellationToken);

    public ValueTask<StoreListing> ListDirectoryAsync(string prefix, CancellationToken cancellationToken = default) =>
        Listable.ListDirectoryAsync(prefix, cancellationToken);

    private IWritableStore Writable => inner as IWritableStore ?? throw new InvalidOperationException($"{inner.Location} is read-only");

    private IListableStore Listable => inner as IListableStore ?? throw new InvalidOperationException($"{inner.Location} cannot list");
}
