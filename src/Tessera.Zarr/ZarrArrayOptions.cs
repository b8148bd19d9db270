namespace Tessera.Zarr;

/// <summary>How a <see cref="ZarrArray"/> does chunk IO.</summary>
public sealed record ZarrArrayOptions
{
    /// <summary>The defaults.</summary>
    public static ZarrArrayOptions Default { get; } = new();

    /// <summary>
    /// Chunks processed at once; null takes the store's <see cref="Storage.IStore.PreferredConcurrency"/>.
    /// </summary>
    public int? MaxConcurrency { get; init; }

    /// <summary>
    /// Store chunks whose elements all equal the fill value (default false: such chunks are deleted,
    /// and read back as the fill value).
    /// </summary>
    public bool WriteEmptyChunks { get; init; }
}
