namespace Tessera.Catalog;

/// <summary>A search: key/value filters and words, all of which must hold (AND), over one or every object type, paged.</summary>
public sealed record CatalogQuery
{
    /// <summary>Key/value conditions; different keys (and repeated keys) are ANDed.</summary>
    public IReadOnlyList<KeyValueFilter> Filters { get; init; } = [];

    /// <summary>Words that must each start a word of the object's name or description (case-insensitive).</summary>
    public string? Text { get; init; }

    /// <summary>Only objects of this type (all types when null).</summary>
    public CatalogObjectType? Type { get; init; }

    /// <summary>Index of the first hit to return.</summary>
    public long Offset { get; init; }

    /// <summary>Page size (1 to <see cref="Catalog.MaxPageSize"/>).</summary>
    public int Limit { get; init; } = 50;

    /// <summary>
    /// Where counting stops for searches with several conditions or a prefix (as search engines track totals up to a
    /// bound): a larger result reports this many with <see cref="SearchResult.TotalCountIsLowerBound"/> set. A single
    /// exact pair is always counted exactly (from the rollup). Use <see cref="long.MaxValue"/> to always count exactly.
    /// </summary>
    public long CountLimit { get; init; } = 1_000;
}
