namespace Tessera.Zarr.Codecs;

/// <summary>Where a shard keeps its index of inner chunks.</summary>
public enum ShardIndexLocation
{
    /// <summary>Index before the inner chunks.</summary>
    Start,

    /// <summary>Index after the inner chunks (the default).</summary>
    End,
}
