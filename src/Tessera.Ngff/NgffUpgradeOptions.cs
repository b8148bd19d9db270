using Tessera.Zarr;
using Tessera.Zarr.Codecs;

namespace Tessera.Ngff;

/// <summary>How <see cref="NgffUpgrade"/> writes the new hierarchy.</summary>
public sealed record NgffUpgradeOptions
{
    /// <summary>The version to write (0.5).</summary>
    public NgffVersion TargetVersion { get; init; } = NgffVersion.V0_5;

    /// <summary>
    /// Shard shape for level arrays of the same rank (null: unsharded). Inner chunks keep the source chunk shape,
    /// so each entry must be a multiple of it; dimensions larger than the array are clamped.
    /// </summary>
    public IReadOnlyList<int>? ShardShape { get; init; }

    /// <summary>Shard by this many inner chunks along each of the two last (y, x) axes; an alternative to <see cref="ShardShape"/>.</summary>
    public int? ShardChunksPerSide { get; init; }

    /// <summary>Compressors for the new arrays (null: keep the source's).</summary>
    public IReadOnlyList<BytesToBytesCodec>? Compressors { get; init; }

    /// <summary>Replace what is at the target.</summary>
    public bool Overwrite { get; init; }

    /// <summary>Receives progress per array.</summary>
    public IProgress<ZarrCopyProgress>? Progress { get; init; }
}
