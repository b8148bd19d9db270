namespace Tessera.Catalog;

/// <summary>One page of a list the caller may see: the items, where the page starts, and how many there are in all.</summary>
/// <typeparam name="T">Item type.</typeparam>
/// <param name="Items">The page's items.</param>
/// <param name="Offset">Index of the first item in the whole list.</param>
/// <param name="Limit">Page size asked for.</param>
/// <param name="TotalCount">How many items the whole list has, counting only what the caller may see.</param>
public sealed record CatalogPage<T>(IReadOnlyList<T> Items, long Offset, int Limit, long TotalCount);
