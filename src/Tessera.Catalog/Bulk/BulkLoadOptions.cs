namespace Tessera.Catalog.Bulk;

/// <summary>How <see cref="CatalogBulkLoader"/> loads.</summary>
public sealed record BulkLoadOptions
{
    /// <summary>Images written per round (one COPY per table on PostgreSQL); bounds the memory held at once.</summary>
    public int BatchSize { get; init; } = 10_000;

    /// <summary>Namespace of the map annotations created (OMERO's client namespace by default, like single edits).</summary>
    public string? MapNamespace { get; init; } = Catalog.ClientMapNamespace;

    /// <summary>
    /// Drop the secondary indexes of the tables being filled (on PostgreSQL also their foreign keys) before the load
    /// and recreate them, with the definitions the database held, after it: one sorted build per index and one
    /// validating join per foreign key, instead of millions of random index inserts and per-row trigger checks. The
    /// tables are locked for the whole load (PostgreSQL: readers wait too), so this suits initial loads and
    /// maintenance windows.
    /// </summary>
    public bool DeferIndexes { get; init; }

    /// <summary>Timeout of each statement, in seconds (index rebuilds over millions of rows take minutes).</summary>
    public int CommandTimeoutSeconds { get; init; } = 3600;

    /// <summary>Reports the number of images written so far after each batch.</summary>
    public IProgress<long>? Progress { get; init; }
}
