using System.Data.Common;
using System.Globalization;
using Dapper;
using Tessera.Catalog;

namespace Tessera.Bench.Catalog;

/// <summary>
/// The query kinds of the benchmark, (a)–(d) of the issue, each indexed (the catalogue's search API) and naive: the
/// IDR-style SQL a catalogue without a search index runs — <c>LIKE '%…%'</c> over <c>map_value</c>, joined through
/// <c>annotation_link</c> to <c>image</c> under the same rights condition. The naive value conditions add an exact
/// case-insensitive comparison beside the LIKE so both sides answer the same question and their counts must agree;
/// neither condition can use an index, so the naive plans scan the pairs either way.
/// </summary>
public static class Queries
{
    public const int PageSize = 50;
    public const int SuggestLimit = 10;
    public const int FacetLimit = 20;

    private const string Joined = """
        FROM map_value mv
        JOIN annotation_link l ON l.annotation_id = mv.annotation_id AND l.object_type = 'image'
        JOIN image i ON i.id = l.object_id
        """;

    public static IReadOnlyList<QueryKind> All(Vocabulary words, int naiveTimeoutSeconds)
    {
        string Gene(Random r) => words.Genes[words.Gene.Next(r)];
        return
        [
            new("a: Gene Symbol=<gene>", r => ["Gene Symbol", Gene(r)], SearchAsync, (c, who, a) => NaiveSearchAsync(c, who, a, naiveTimeoutSeconds)),
            new("a: Organism=Homo sapiens", _ => ["Organism", "Homo sapiens"], SearchAsync, (c, who, a) => NaiveSearchAsync(c, who, a, naiveTimeoutSeconds)),
            new("b: Organism=Homo sapiens AND Gene Symbol=<gene>", r => ["Organism", "Homo sapiens", "Gene Symbol", Gene(r)], SearchAsync,
                (c, who, a) => NaiveSearchAsync(c, who, a, naiveTimeoutSeconds)),
            new("c: suggest Gene Symbol values, 1-3 char prefix", r => ["Gene Symbol", Gene(r)[..r.Next(1, 4)]], SuggestAsync,
                (c, who, a) => NaiveSuggestAsync(c, who, a, naiveTimeoutSeconds)),
            new("d: facet Gene Symbol", _ => ["Gene Symbol"], FacetAsync, (c, who, a) => NaiveFacetAsync(c, who, a, naiveTimeoutSeconds)),
            new("d: facet Organism", _ => ["Organism"], FacetAsync, (c, who, a) => NaiveFacetAsync(c, who, a, naiveTimeoutSeconds)),
        ];
    }

    private static string Fold(string text) => text.Trim().ToLowerInvariant();

    // The library counts combined conditions up to CatalogQuery.CountLimit and then reports a lower bound; the naive
    // side states its exact count the same way past that bound, so the two still compare as strings.
    private static readonly long CountLimit = new CatalogQuery().CountLimit;

    private static string Search(long total, IEnumerable<long> ids, bool lowerBound = false) =>
        $"total={(lowerBound || total > CountLimit ? $">={Math.Min(total, CountLimit)}" : total.ToString(CultureInfo.InvariantCulture))} page=[{string.Join(",", ids)}]";

    private static string Values(IEnumerable<(string Value, long Count)> values) => string.Join(", ", values.Select(v => $"{v.Value}:{v.Count}"));

    // args: key, value[, key, value]
    private static async Task<Outcome> SearchAsync(Tessera.Catalog.Catalog catalog, CatalogCaller caller, string[] args)
    {
        var filters = new List<KeyValueFilter>();
        for (var i = 0; i < args.Length; i += 2)
        {
            filters.Add(new KeyValueFilter(args[i], args[i + 1]));
        }

        var result = await catalog.SearchAsync(caller, new CatalogQuery { Filters = filters, Type = CatalogObjectType.Image, Limit = PageSize });
        // A single exact pair is always counted exactly; compare it exactly.
        var exact = filters.Count == 1 && !result.TotalCountIsLowerBound;
        return new Outcome(exact ? $"total={result.TotalCount} page=[{string.Join(",", result.Items.Select(h => h.Ref.Id))}]" : Search(result.TotalCount, result.Items.Select(h => h.Ref.Id), result.TotalCountIsLowerBound), result.TotalCount);
    }

    private static async Task<Outcome> SuggestAsync(Tessera.Catalog.Catalog catalog, CatalogCaller caller, string[] args)
    {
        var values = await catalog.SuggestValuesAsync(caller, args[0], args[1], SuggestLimit);
        return new Outcome(Values(values.Select(v => (Fold(v.Value), v.Count))), values.Count);
    }

    private static async Task<Outcome> FacetAsync(Tessera.Catalog.Catalog catalog, CatalogCaller caller, string[] args)
    {
        var facet = await catalog.FacetAsync(caller, args[0], CatalogObjectType.Image, FacetLimit);
        // The distinct count is only known when cheap (see Catalog.FacetAsync); the ranked values with counts are compared.
        return new Outcome(Values(facet.Values.Select(v => (Fold(v.Value), v.Count))), facet.DistinctValues ?? facet.Values.Count);
    }

    private static async Task<Outcome> NaiveSearchAsync(DbConnection connection, CatalogCaller caller, string[] args, int timeout)
    {
        var parameters = new DynamicParameters();
        string Match(int n, string alias)
        {
            parameters.Add($"k{n}", Fold(args[2 * n]));
            parameters.Add($"v{n}", Fold(args[(2 * n) + 1]));
            parameters.Add($"p{n}", "%" + Fold(args[(2 * n) + 1]) + "%");
            return $"LOWER({alias}.map_key) = @k{n} AND LOWER({alias}.map_value) LIKE @p{n} AND LOWER({alias}.map_value) = @v{n}";
        }

        long total;
        List<long> page;
        if (args.Length == 2)
        {
            // (a) one pair: join the pairs to the images, count distinct images, and list the first page.
            var where = $"{Joined} WHERE {Match(0, "mv")} AND {caller.ReadPredicate("i")}";
            total = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(DISTINCT i.id) {where}", parameters, commandTimeout: timeout);
            page = (await connection.QueryAsync<long>($"SELECT DISTINCT i.id {where} ORDER BY i.id LIMIT {PageSize}", parameters, commandTimeout: timeout)).ToList();
        }
        else
        {
            // (b) AND: one EXISTS per pair over the image's annotations.
            var exists = string.Join(" AND ", Enumerable.Range(0, args.Length / 2).Select(n =>
                $"EXISTS (SELECT 1 FROM annotation_link l{n} JOIN map_value m{n} ON m{n}.annotation_id = l{n}.annotation_id "
                + $"WHERE l{n}.object_type = 'image' AND l{n}.object_id = i.id AND {Match(n, $"m{n}")})"));
            var where = $"FROM image i WHERE {caller.ReadPredicate("i")} AND {exists}";
            total = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) {where}", parameters, commandTimeout: timeout);
            page = (await connection.QueryAsync<long>($"SELECT i.id {where} ORDER BY i.id LIMIT {PageSize}", parameters, commandTimeout: timeout)).ToList();
        }

        return new Outcome(args.Length == 2 ? $"total={total} page=[{string.Join(",", page)}]" : Search(total, page), total);
    }

    // (c) every value containing the prefix anywhere, grouped; the ones that start with it are the suggestions.
    private static async Task<Outcome> NaiveSuggestAsync(DbConnection connection, CatalogCaller caller, string[] args, int timeout)
    {
        var prefix = Fold(args[1]);
        var rows = await connection.QueryAsync<(string Value, long Count)>(
            $"SELECT LOWER(mv.map_value) AS v, COUNT(DISTINCT i.id) AS n {Joined} WHERE LOWER(mv.map_key) = @key AND LOWER(mv.map_value) LIKE @pattern AND {caller.ReadPredicate("i")} GROUP BY LOWER(mv.map_value)",
            new { key = Fold(args[0]), pattern = "%" + prefix + "%" }, commandTimeout: timeout);
        var values = rows.Where(r => r.Value.StartsWith(prefix, StringComparison.Ordinal))
            .OrderByDescending(r => r.Count).ThenBy(r => r.Value, StringComparer.Ordinal).Take(SuggestLimit).ToList();
        return new Outcome(Values(values), values.Count);
    }

    // (d) group every pair of the key the caller may read by value.
    private static async Task<Outcome> NaiveFacetAsync(DbConnection connection, CatalogCaller caller, string[] args, int timeout)
    {
        var rows = (await connection.QueryAsync<(string Value, long Count, long Distinct)>(
            $"""
            SELECT v, n, COUNT(*) OVER () AS distinct_values FROM (
                SELECT LOWER(mv.map_value) AS v, COUNT(DISTINCT i.id) AS n {Joined}
                WHERE LOWER(mv.map_key) = @key AND {caller.ReadPredicate("i")} GROUP BY LOWER(mv.map_value)) x
            ORDER BY n DESC, v LIMIT {FacetLimit}
            """,
            new { key = Fold(args[0]) }, commandTimeout: timeout)).ToList();
        var distinct = rows.Count == 0 ? 0 : rows[0].Distinct;
        return new Outcome(Values(rows.Select(r => (r.Value, r.Count))), distinct);
    }
}
