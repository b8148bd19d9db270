namespace Tessera.Catalog;

/// <summary>A page of search hits and how many objects the caller may see match in all.</summary>
/// <param name="Items">The hits, ordered by type then id.</param>
/// <param name="Offset">Index of the first hit.</param>
/// <param name="Limit">Page size asked for.</param>
/// <param name="TotalCount">Matching objects the caller may read.</param>
public sealed record SearchResult(IReadOnlyList<SearchHit> Items, long Offset, int Limit, long TotalCount);
