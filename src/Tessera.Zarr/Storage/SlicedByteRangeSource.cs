using Tessera.Zarr.Buffers;

namespace Tessera.Zarr.Storage;

/// <summary>A window of known length into another source (an inner shard inside a shard).</summary>
internal sealed class SlicedByteRangeSource(IByteRangeSource parent, long offset, long length) : IByteRangeSource
{
    public string Key => parent.Key;

    public long? Length => length;

    public ValueTask<PooledBuffer?> ReadAsync(ByteRange range, CancellationToken cancellationToken)
    {
        var (start, count) = range.Resolve(length);
        return parent.ReadAsync(ByteRange.Slice(offset + start, count), cancellationToken);
    }

    // A window never reaches past its parent's end, whatever a (corrupt) inner index says.
    public IByteRangeSource Slice(long innerOffset, long innerLength)
    {
        var start = Math.Clamp(innerOffset, 0, length);
        return new SlicedByteRangeSource(parent, offset + start, Math.Clamp(innerLength, 0, length - start));
    }
}
