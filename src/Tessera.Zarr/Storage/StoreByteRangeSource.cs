using Tessera.Zarr.Buffers;

namespace Tessera.Zarr.Storage;

/// <summary>Byte ranges of one key of a store.</summary>
internal sealed class StoreByteRangeSource(IStore store, string key) : IByteRangeSource
{
    public string Key => key;

    public long? Length => null;

    public ValueTask<PooledBuffer?> ReadAsync(ByteRange range, CancellationToken cancellationToken) =>
        store.GetAsync(key, range, cancellationToken);

    public IByteRangeSource Slice(long offset, long length) => new SlicedByteRangeSource(this, offset, length);
}
