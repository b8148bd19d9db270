namespace Tessera.Zarr.Storage;

/// <summary>One level of a store listing: keys directly under a prefix and the names of its sub-prefixes.</summary>
/// <param name="Keys">Key names directly under the prefix (without it), sorted ordinally.</param>
/// <param name="Prefixes">Sub-prefix names (without the prefix and without a trailing slash), sorted ordinally.</param>
public sealed record StoreListing(IReadOnlyList<string> Keys, IReadOnlyList<string> Prefixes);
