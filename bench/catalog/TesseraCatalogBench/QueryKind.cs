using System.Data.Common;
using Tessera.Catalog;

namespace Tessera.Bench.Catalog;

/// <summary>
/// One kind of request timed by the benchmark: how to draw its arguments from the generated distribution, the call
/// through the catalogue's search API, and the naive SQL over the raw annotation tables that answers the same
/// question. Both produce an <see cref="Outcome"/> in the same form, so agreement is a string comparison.
/// </summary>
public sealed record QueryKind(
    string Name,
    Func<Random, string[]> Draw,
    Func<Tessera.Catalog.Catalog, CatalogCaller, string[], Task<Outcome>> Indexed,
    Func<DbConnection, CatalogCaller, string[], Task<Outcome>> Naive);
