using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;

namespace Tessera.Zarr;

/// <summary>
/// How <see cref="ZarrCopy"/> re-encodes arrays. Unset members keep the source's choice. Data is always written
/// in C order with little-endian elements: a source's transpose (Zarr v2 order F) or byte order is not kept.
/// </summary>
public sealed record ZarrCopyOptions
{
    /// <summary>Target format; null keeps the source's.</summary>
    public ZarrFormat? ZarrFormat { get; init; }

    /// <summary>Compressor/checksum chain for (inner) chunks; null keeps the source's, empty stores raw bytes.</summary>
    public IReadOnlyList<BytesToBytesCodec>? Compressors { get; init; }

    /// <summary>
    /// Shape of the chunks (the inner chunks when sharded); null keeps the source's. When copying a group it
    /// applies to the arrays of its rank; the others keep their chunks.
    /// </summary>
    public IReadOnlyList<int>? ChunkShape { get; init; }

    /// <summary>
    /// Shard shape (Zarr v3 only); null keeps the source's sharding, empty removes sharding. When copying a group
    /// it applies to the arrays of its rank.
    /// </summary>
    public IReadOnlyList<int>? ShardShape { get; init; }

    /// <summary>Bytes of array data held in memory per step (two steps are in flight).</summary>
    public long MemoryBudget { get; init; } = 256L << 20;

    /// <summary>Replace nodes that already exist at the target.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Told after each block of an array is written.</summary>
    public IProgress<ZarrCopyProgress>? Progress { get; init; }
}
