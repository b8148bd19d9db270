namespace Tessera.Ngff;

/// <summary>How much of a hierarchy to validate.</summary>
public sealed record NgffValidationOptions
{
    /// <summary>
    /// Check metadata documents only: arrays and referenced groups that are absent are skipped rather than
    /// reported (for metadata-only copies), and no chunk is read. By default every referenced node must exist
    /// and each level's first chunk must decode.
    /// </summary>
    public bool MetadataOnly { get; init; }

    /// <summary>Treat warnings (SHOULD) as errors.</summary>
    public bool Strict { get; init; }

    /// <summary>How many nodes to check at once (wells of a plate, say); 0 uses the store's preferred concurrency.</summary>
    public int Concurrency { get; init; }
}
