namespace Tessera.Catalog;

/// <summary>A value (or key) and how many objects the caller may see carry it.</summary>
/// <param name="Value">The value as written (one of its spellings, if they differ only in case).</param>
/// <param name="Count">Objects the caller may read.</param>
public sealed record FacetValue(string Value, long Count);
