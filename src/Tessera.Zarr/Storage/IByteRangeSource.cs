using Tessera.Zarr.Buffers;

namespace Tessera.Zarr.Storage;

/// <summary>
/// Byte ranges of one stored value (a shard), possibly nested inside another value. Partial decoders read
/// through this so that a shard inside a shard is just a narrower source.
/// </summary>
internal interface IByteRangeSource
{
    /// <summary>Store key of the outermost value, for messages.</summary>
    string Key { get; }

    /// <summary>The value's length when known without reading it (a window into a shard), otherwise null.</summary>
    long? Length { get; }

    /// <summary>Reads a range of the value; null when the value does not exist.</summary>
    ValueTask<PooledBuffer?> ReadAsync(ByteRange range, CancellationToken cancellationToken);

    /// <summary>A source for <paramref name="length"/> bytes at <paramref name="offset"/> of this one, clamped to its end.</summary>
    IByteRangeSource Slice(long offset, long length);
}
