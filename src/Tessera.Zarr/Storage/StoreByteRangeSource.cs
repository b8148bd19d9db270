using Tessera.Zarr.Buffers;

namespace Tessera.Zarr.Storage;

/// <summary>
/// Byte ranges of one key of a store. Requests wait for the read operation's limiter, which bounds requests in
/// flight across every level of nested shards (each level also reads in parallel).
/// </summary>
internal sealed class StoreByteRangeSource(IStore store, string key, SemaphoreSlim requests) : IByteRangeSource
{
    public string Key => key;

    public long? Length => null;

    public async ValueTask<PooledBuffer?> ReadAsync(ByteRange range, CancellationToken cancellationToken)
    {
        await requests.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await store.GetAsync(key, range, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            requests.Release();
        }
    }

    public IByteRangeSource Slice(long offset, long length) => new SlicedByteRangeSource(this, offset, length);
}
