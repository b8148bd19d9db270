namespace Tessera.Bench.Catalog;

/// <summary>What a query answered, in a form both implementations produce alike, and how big the answer was.</summary>
/// <param name="Summary">Counts and ids or values, folded.</param>
/// <param name="Size">Total hits (searches) or values (facets, suggestions).</param>
public sealed record Outcome(string Summary, long Size);
