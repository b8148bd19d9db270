namespace Tessera.Catalog.Bulk;

/// <summary>What <see cref="CatalogBulkLoader.LoadAsync"/> wrote and how long each phase took.</summary>
/// <param name="ImageIds">The new images' ids, in input order.</param>
/// <param name="Pairs">Key/value pairs stored.</param>
/// <param name="TextTerms">Name and description words indexed.</param>
/// <param name="RowsElapsed">Writing the rows (images, links, annotations, pairs, words, rendering settings).</param>
/// <param name="IndexesElapsed">Recreating the indexes and foreign keys dropped for the load (zero unless deferred).</param>
/// <param name="SearchTablesElapsed">Rebuilding the key/value search tables, and the commit.</param>
/// <param name="StatisticsElapsed">Refreshing the planner's statistics after the commit.</param>
public sealed record BulkLoadResult(
    IReadOnlyList<long> ImageIds, long Pairs, long TextTerms, TimeSpan RowsElapsed, TimeSpan IndexesElapsed, TimeSpan SearchTablesElapsed, TimeSpan StatisticsElapsed)
{
    /// <summary>The whole load.</summary>
    public TimeSpan Elapsed => RowsElapsed + IndexesElapsed + SearchTablesElapsed + StatisticsElapsed;
}
