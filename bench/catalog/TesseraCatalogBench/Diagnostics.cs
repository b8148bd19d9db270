using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using Tessera.Catalog;

namespace Tessera.Bench.Catalog;

/// <summary>
/// Where the time of a slow search call goes: the statements Catalog.SearchAsync / FacetAsync / SuggestValuesAsync
/// run (their SQL as in src/Tessera.Catalog/Catalog.Search.cs, restated here because it is private there), each timed
/// on its own (median of 5) with its plan — EXPLAIN QUERY PLAN on SQLite, EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL.
/// Run for the slowest argument seen of each query kind. If the library's SQL changes, change this with it.
/// </summary>
public static class Diagnostics
{
    public static async Task ExplainAsync(CatalogDatabase database, IReadOnlyList<(string Name, CatalogCaller Caller)> callers, IReadOnlyList<QueryMeasurement> measured)
    {
        await using var connection = await database.OpenConnectionAsync();
        foreach (var (name, caller) in callers)
        {
            foreach (var slot in measured.Where(m => m.Caller == name && m.SlowestArguments.Length > 0))
            {
                Console.WriteLine($"### {database.Dialect} {name} {slot.Query}: slowest call {slot.SlowestMs:F1} ms with [{string.Join(" | ", slot.SlowestArguments)}]");
                foreach (var (what, sql, parameters) in Statements(slot.Query, slot.SlowestArguments, caller))
                {
                    await ExplainAsync(connection, database.Dialect, what, sql, parameters);
                }
            }
        }
    }

    private static IEnumerable<(string What, string Sql, DynamicParameters Parameters)> Statements(string query, string[] args, CatalogCaller caller)
    {
        var count = CountPredicate(caller, "c");
        if (query.StartsWith("a:", StringComparison.Ordinal) || query.StartsWith("b:", StringComparison.Ordinal))
        {
            var pairs = Enumerable.Range(0, args.Length / 2).Select(i => (Key: Fold(args[2 * i]), Value: Fold(args[(2 * i) + 1]))).ToList();
            foreach (var (key, value) in pairs)
            {
                yield return ($"estimate {key}={value}",
                    $"SELECT COALESCE(SUM(c.objects), 0) FROM kv_count c WHERE c.key_fold = @key AND c.value_fold = @from AND {count} AND c.object_type = @type",
                    Parameters(new { key, from = value, type = "image" }));
            }

            // SearchAsync drives from the condition with the smallest estimate; with two pairs here that is the gene.
            var driver = pairs[^1];
            var where = $"d.key_fold = @k0 AND d.value_fold = @v0 AND {caller.ReadPredicate("d")} AND d.object_type = @type";
            var parameters = Parameters(new { k0 = driver.Key, v0 = driver.Value, type = "image", skip = 0, take = Queries.PageSize });
            if (pairs.Count > 1)
            {
                where += " AND EXISTS (SELECT 1 FROM kv_search s1 WHERE s1.object_type = d.object_type AND s1.object_id = d.object_id AND s1.key_fold = @k1 AND s1.value_fold = @v1)";
                parameters.Add("k1", pairs[0].Key);
                parameters.Add("v1", pairs[0].Value);
            }

            yield return ("page", $"SELECT d.object_type, d.object_id FROM kv_search d WHERE {where} ORDER BY d.object_type, d.object_id LIMIT @take OFFSET @skip", parameters);
            if (pairs.Count > 1)
            {
                yield return ("count", $"SELECT COUNT(*) FROM kv_search d WHERE {where}", parameters);
            }
        }
        else if (query.StartsWith("c:", StringComparison.Ordinal))
        {
            var (keyFold, from) = (Fold(args[0]), Fold(args[1]));
            yield return ("suggestions",
                $"SELECT c.value_fold, SUM(c.objects) AS n FROM kv_count c WHERE c.key_fold = @keyFold AND c.value_fold >= @from AND c.value_fold < @to AND {count} GROUP BY c.value_fold ORDER BY n DESC, c.value_fold LIMIT @take",
                Parameters(new { keyFold, from, to = from + "\U0010FFFF", take = Queries.SuggestLimit }));
            yield return ("spelling of one value (run once per suggestion)", Spelling(caller), Parameters(new { keyFold, valueFold = from }));
        }
        else if (query.StartsWith("d:", StringComparison.Ordinal))
        {
            var keyFold = Fold(args[0]);
            yield return ("facet values",
                $"""
                SELECT value_fold, n, COUNT(*) OVER () AS distinct_values FROM (
                    SELECT c.value_fold, SUM(c.objects) AS n FROM kv_count c
                    WHERE c.key_fold = @keyFold AND {count} AND c.object_type = @type
                    GROUP BY c.value_fold) v
                ORDER BY n DESC, value_fold LIMIT @take
                """,
                Parameters(new { keyFold, type = "image", take = Queries.FacetLimit }));
        }
    }

    private static async Task ExplainAsync(DbConnection connection, CatalogDialect dialect, string what, string sql, DynamicParameters parameters)
    {
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await connection.QueryAsync(sql, parameters);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        Console.WriteLine($"-- {what}: {Stats.Median(times).ToString("F2", CultureInfo.InvariantCulture)} ms (median of 5)");
        Console.WriteLine("   " + sql.ReplaceLineEndings(" "));
        if (dialect == CatalogDialect.Sqlite)
        {
            foreach (var row in await connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, parameters))
            {
                Console.WriteLine($"   plan: {row.Id} <- {row.Parent}: {row.Detail}");
            }
        }
        else
        {
            foreach (var line in await connection.QueryAsync<string>("EXPLAIN (ANALYZE, BUFFERS) " + sql, parameters))
            {
                Console.WriteLine("   plan: " + line);
            }
        }
    }

    private static string Spelling(CatalogCaller caller) =>
        $"SELECT mv.map_value FROM map_value mv JOIN annotation a ON a.id = mv.annotation_id WHERE mv.key_fold = @keyFold AND mv.value_fold = @valueFold AND {caller.ReadPredicate("a")} LIMIT 1";

    // CatalogCaller.CountPredicate is internal; this is its text, built from the caller's public group lists.
    private static string CountPredicate(CatalogCaller caller, string alias)
    {
        if (caller.IsAdmin)
        {
            return $"{alias}.owner_id = 0";
        }

        string InList(IReadOnlyList<long> ids) => ids.Count == 0 ? "1 = 0" : $"{alias}.group_id IN ({string.Join(",", ids)})";
        var sql = $"(({InList(caller.FullGroups)} AND {alias}.owner_id = 0)";
        if (caller.OwnGroups.Count > 0 && caller.ExperimenterId is { } me)
        {
            sql += $" OR ({InList(caller.OwnGroups)} AND {alias}.owner_id = {me})";
        }

        return sql + ")";
    }

    private static DynamicParameters Parameters(object values) => new(values);

    private static string Fold(string text) => text.Trim().ToLowerInvariant();
}
