namespace Tessera.Catalog;

/// <summary>The most frequent values of a key among the objects the caller may see.</summary>
/// <param name="Key">The key.</param>
/// <param name="Values">Values with object counts, most frequent first.</param>
/// <param name="DistinctValues">How many different values the key has among those objects.</param>
public sealed record Facet(string Key, IReadOnlyList<FacetValue> Values, long DistinctValues);
