using Tessera.Zarr.Buffers;

namespace Tessera.Zarr.Storage;

/// <summary>A window of known length into another source (an inner shard inside a shard).</summary>
internal sealed class SlicedByteRangeSource(IByteRangeSource parent, long offset, long length) : IByteRangeSource
{
    public string Key => parent.Key;

    public ValueTask<PooledBuffer?> ReadAsync(ByteRange range, CancellationToken cancellationToken)
    {
        var (start, count) = range.Resolve(length);
        return parent.ReadAsync(ByteRange.Slice(offset + start, count), cancellationToken);
    }

    public IByteRangeSource Slice(long innerOffset, long innerLength) => new SlicedByteRangeSource(parent, offset + innerOffset, innerLength);
}
