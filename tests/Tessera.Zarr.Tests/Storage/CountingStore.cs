using System.Collections.Concurrent;
using Tessera.Zarr.Buffers;
using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Storage;

/// <summary>Wraps a store and records every read: key, requested range and bytes returned.</summary>
internal sealed class CountingStore(IStore inner) : IStore
{
    public ConcurrentQueue<(string Key, ByteRange Range, int Bytes)> Reads { get; } = new();

    public string Location => inner.Location;

    public async ValueTask<PooledBuffer?> GetAsync(string key, ByteRange range = default, CancellationToken cancellationToken = default)
    {
        var value = await inner.GetAsync(key, range, cancellationToken);
        Reads.Enqueue((key, range, value?.Length ?? -1));
        return value;
    }

    public ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => inner.ExistsAsync(key, cancellationToken);
}
