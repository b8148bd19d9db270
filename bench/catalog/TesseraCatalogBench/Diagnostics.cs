using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using Tessera.Catalog;

namespace Tessera.Bench.Catalog;

/// <summary>
/// Where the time of a slow search call goes: the statements Catalog.SearchAsync / FacetAsync / SuggestValuesAsync
/// run, restated here (their SQL is private to src/Tessera.Catalog/Catalog.Search.cs, as of main 4d4179b), each
/// timed on its own (median of 5) with its plan — EXPLAIN QUERY PLAN on SQLite, EXPLAIN (ANALYZE, BUFFERS) on
/// PostgreSQL. Run for the slowest argument seen of each query kind. If the library's SQL changes, change this too.
/// </summary>
public static class Diagnostics
{
    private const int FacetChunk = 64;

    public static async Task ExplainAsync(CatalogDatabase database, IReadOnlyList<(string Name, CatalogCaller Caller)> callers, IReadOnlyList<QueryMeasurement> measured)
    {
        await using var connection = await database.OpenConnectionAsync();
        foreach (var (name, caller) in callers)
        {
            foreach (var slot in measured.Where(m => m.Caller == name && m.SlowestArguments.Length > 0))
            {
                Console.WriteLine($"### {database.Dialect} {name} {slot.Query}: slowest call {slot.SlowestMs:F1} ms with [{string.Join(" | ", slot.SlowestArguments)}]");
                var args = slot.SlowestArguments;
                if (slot.Query.StartsWith("a:", StringComparison.Ordinal) || slot.Query.StartsWith("b:", StringComparison.Ordinal))
                {
                    await SearchAsync(connection, database.Dialect, caller, args);
                }
                else if (slot.Query.StartsWith("c:", StringComparison.Ordinal))
                {
                    await SuggestAsync(connection, database.Dialect, caller, Fold(args[0]), Fold(args[1]));
                }
                else if (slot.Query.StartsWith("d:", StringComparison.Ordinal))
                {
                    await FacetAsync(connection, database.Dialect, caller, Fold(args[0]));
                }
            }
        }
    }

    private static async Task SearchAsync(DbConnection connection, CatalogDialect dialect, CatalogCaller caller, string[] args)
    {
        var pairs = Enumerable.Range(0, args.Length / 2).Select(i => (Key: Fold(args[2 * i]), Value: Fold(args[(2 * i) + 1]))).ToList();
        var estimates = new List<long>();
        foreach (var (key, value) in pairs)
        {
            var sql = $"SELECT COALESCE(SUM(c.objects), 0) FROM kv_count c WHERE c.key_fold = @key AND c.value_fold = @from AND {CountPredicate(caller, "c")} AND c.object_type = @type";
            var parameters = new DynamicParameters(new { key, from = value, type = "image" });
            await ExplainAsync(connection, dialect, $"estimate {key}={value}", sql, parameters);
            estimates.Add(await connection.ExecuteScalarAsync<long>(sql, parameters));
        }

        // The smallest estimate drives; the others are EXISTS probes per candidate.
        var driverIndex = estimates.IndexOf(estimates.Min());
        var driver = pairs[driverIndex];
        var where = $"d.key_fold = @k0 AND d.value_fold = @v0 AND {caller.ReadPredicate("d")} AND d.object_type = @type";
        var probe = new DynamicParameters(new { k0 = driver.Key, v0 = driver.Value, type = "image", skip = 0, take = Queries.PageSize, cap = new CatalogQuery().CountLimit + 1 });
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i != driverIndex)
            {
                where += $" AND EXISTS (SELECT 1 FROM kv_search s{i + 1} WHERE s{i + 1}.object_type = d.object_type AND s{i + 1}.object_id = d.object_id AND s{i + 1}.key_fold = @k{i + 1} AND s{i + 1}.value_fold = @v{i + 1})";
                probe.Add($"k{i + 1}", pairs[i].Key);
                probe.Add($"v{i + 1}", pairs[i].Value);
            }
        }

        await ExplainAsync(connection, dialect, $"page (driver {driver.Key}={driver.Value}, {estimates.Min()} candidates)",
            $"SELECT d.object_type, d.object_id FROM kv_search d WHERE {where} ORDER BY d.object_type, d.object_id LIMIT @take OFFSET @skip", probe);
        if (pairs.Count > 1)
        {
            await ExplainAsync(connection, dialect, "count (up to CountLimit + 1)", $"SELECT COUNT(*) FROM (SELECT d.object_type, d.object_id FROM kv_search d WHERE {where} LIMIT @cap) x", probe);
        }
    }

    private static async Task SuggestAsync(DbConnection connection, CatalogDialect dialect, CatalogCaller caller, string keyFold, string from)
    {
        var (counted, _) = await CountedRowsAsync(connection, dialect, caller, keyFold, "c.key_fold = @keyFold AND c.value_fold >= @from AND c.value_fold < @to");
        var parameters = new DynamicParameters(new { keyFold, from, to = from + "\U0010FFFF", take = Queries.SuggestLimit });
        await ExplainAsync(connection, dialect, "suggestions",
            $"SELECT r.value_fold, SUM(r.n) AS n FROM ({counted}) r GROUP BY r.value_fold HAVING SUM(r.n) > 0 ORDER BY n DESC, r.value_fold LIMIT @take", parameters);
        var values = (await connection.QueryAsync<(string Value, long Count)>(
            $"SELECT r.value_fold, SUM(r.n) AS n FROM ({counted}) r GROUP BY r.value_fold HAVING SUM(r.n) > 0 ORDER BY n DESC, r.value_fold LIMIT @take", parameters)).ToList();
        await SpellingsAsync(connection, dialect, keyFold, values.Select(v => v.Value).ToList());
    }

    private static async Task FacetAsync(DbConnection connection, CatalogDialect dialect, CatalogCaller caller, string keyFold)
    {
        // The all-groups totals in order from kv_count_totals, a chunk at a time (FacetAsync with a type).
        const string TotalsSql = "SELECT c.value_fold, c.objects AS total FROM kv_count c WHERE c.key_fold = @keyFold AND c.object_type = @type AND c.group_id = 0 AND c.owner_id = 0 ORDER BY c.objects DESC, c.value_fold LIMIT @chunk OFFSET @offset";
        await ExplainAsync(connection, dialect, "a chunk of all-groups totals in order", TotalsSql, new DynamicParameters(new { keyFold, type = "image", chunk = FacetChunk, offset = 0 }));
        var totals = new List<(string Value, long Total)>();
        var allRead = false;
        async Task<bool> ReadTotalsAsync()
        {
            if (allRead)
            {
                return false;
            }

            var rows = (await connection.QueryAsync<(string, long)>(TotalsSql, new { keyFold, type = "image", chunk = FacetChunk, offset = totals.Count })).ToList();
            totals.AddRange(rows);
            allRead = rows.Count < FacetChunk;
            return rows.Count > 0;
        }

        // The threshold walk: chunks of values in order of their all-groups total, counted for the caller, until the
        // next total cannot reach the page.
        var found = new List<(string Value, long Count)>();
        var next = 0;
        var seesAll = false;
        var chunks = new List<(string Sql, DynamicParameters Parameters)>();
        while (next < totals.Count || await ReadTotalsAsync())
        {
            var ranked = found.OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal).ToList();
            if (found.Count >= Queries.FacetLimit && totals[next].Total < ranked[Queries.FacetLimit - 1].Count)
            {
                break;
            }

            var slice = totals.Skip(next).Take(FacetChunk).Select(v => v.Value).ToList();
            var parameters = new DynamicParameters(new { keyFold, type = "image" });
            for (var i = 0; i < slice.Count; i++)
            {
                parameters.Add($"f{i}", slice[i]);
            }

            (var counted, seesAll) = await CountedRowsAsync(connection, dialect, caller, keyFold,
                $"c.key_fold = @keyFold AND c.object_type = @type AND c.value_fold IN ({string.Join(",", slice.Select((_, i) => $"@f{i}"))})", quiet: chunks.Count > 0);
            var sql = $"SELECT r.value_fold, SUM(r.n) AS n FROM ({counted}) r GROUP BY r.value_fold HAVING SUM(r.n) > 0";
            chunks.Add((sql, parameters));
            found.AddRange(await connection.QueryAsync<(string, long)>(sql, parameters));
            next += slice.Count;
        }

        var exhausted = next >= totals.Count && !await ReadTotalsAsync();
        Console.WriteLine($"-- threshold walk: {chunks.Count} chunk(s) of up to {FacetChunk} values counted for the caller; {totals.Count} totals read{(exhausted ? ", all of them" : "")}");
        if (chunks.Count > 0)
        {
            await ExplainAsync(connection, dialect, "first chunk counted for the caller", chunks[0].Sql, chunks[0].Parameters);
        }

        if (!exhausted && seesAll)
        {
            await ExplainAsync(connection, dialect, "distinct values (a caller who sees every group with the key)",
                "SELECT COUNT(DISTINCT c.value_fold) FROM kv_count c WHERE c.key_fold = @keyFold AND c.group_id = 0 AND c.owner_id = 0 AND c.object_type = @type",
                new DynamicParameters(new { keyFold, type = "image" }));
        }

        await SpellingsAsync(connection, dialect, keyFold, found.OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal).Take(Queries.FacetLimit).Select(v => v.Value).ToList());
    }

    private static async Task SpellingsAsync(DbConnection connection, CatalogDialect dialect, string keyFold, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        var parameters = new DynamicParameters(new { keyFold });
        for (var i = 0; i < values.Count; i++)
        {
            parameters.Add($"v{i}", values[i]);
        }

        await ExplainAsync(connection, dialect, "spellings of the page",
            $"SELECT value_fold, spelling FROM kv_value WHERE key_fold = @keyFold AND value_fold IN ({string.Join(",", values.Select((_, i) => $"@v{i}"))})", parameters);
    }

    // Catalog.CountedRowsAsync: the visible groups' rows, or the all-groups total minus the hidden groups' rows.
    private static async Task<(string Sql, bool SeesAll)> CountedRowsAsync(DbConnection connection, CatalogDialect dialect, CatalogCaller caller, string keyFold, string condition, bool quiet = false)
    {
        const string WeightsSql = "SELECT group_id, SUM(pairs) AS pairs FROM kv_key WHERE key_fold = @keyFold AND owner_id = 0 GROUP BY group_id";
        if (!quiet)
        {
            await ExplainAsync(connection, dialect, "group weights (kv_key)", WeightsSql, new DynamicParameters(new { keyFold }));
        }

        var weights = (await connection.QueryAsync<(long Group, long Pairs)>(WeightsSql, new { keyFold })).ToDictionary(w => w.Group, w => w.Pairs);
        var full = caller.FullGroups.ToHashSet();
        var hidden = caller.IsAdmin ? [] : weights.Keys.Where(g => !full.Contains(g)).Order().ToList();
        var visibleWeight = weights.Where(w => full.Contains(w.Key)).Sum(w => w.Value);
        string sql;
        var fromTotal = !(!caller.IsAdmin && hidden.Sum(g => weights[g]) >= visibleWeight);
        if (!fromTotal)
        {
            sql = $"SELECT c.value_fold, c.objects AS n FROM kv_count c WHERE {condition} AND {CountPredicate(caller, "c")}";
        }
        else
        {
            var parts = new List<string> { $"SELECT c.value_fold, c.objects AS n FROM kv_count c WHERE {condition} AND c.group_id = 0 AND c.owner_id = 0" };
            if (hidden.Count > 0)
            {
                parts.Add($"SELECT c.value_fold, -c.objects AS n FROM kv_count c WHERE {condition} AND c.owner_id = 0 AND c.group_id IN ({string.Join(",", hidden)})");
            }

            if (caller.OwnGroups.Count > 0 && caller.ExperimenterId is { } me)
            {
                parts.Add($"SELECT c.value_fold, c.objects AS n FROM kv_count c WHERE {condition} AND c.owner_id = {me.ToString(CultureInfo.InvariantCulture)} AND c.group_id IN ({string.Join(",", caller.OwnGroups)})");
            }

            sql = string.Join(" UNION ALL ", parts);
        }

        if (!quiet)
        {
            Console.WriteLine($"-- rows counted for the caller: {(fromTotal ? $"all-groups total minus {hidden.Count} hidden group(s)" : "the visible groups'")}");
        }

        return (sql, caller.IsAdmin || hidden.Count == 0);
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

    // CatalogCaller.CountPredicate is internal; this is its text, built from the caller's public group lists.
    private static string CountPredicate(CatalogCaller caller, string alias)
    {
        if (caller.IsAdmin)
        {
            return $"({alias}.owner_id = 0 AND {alias}.group_id <> 0)";
        }

        string InList(IReadOnlyList<long> ids) => ids.Count == 0 ? "1 = 0" : $"{alias}.group_id IN ({string.Join(",", ids)})";
        var sql = $"(({InList(caller.FullGroups)} AND {alias}.owner_id = 0)";
        if (caller.OwnGroups.Count > 0 && caller.ExperimenterId is { } me)
        {
            sql += $" OR ({InList(caller.OwnGroups)} AND {alias}.owner_id = {me})";
        }

        return sql + ")";
    }

    private static string Fold(string text) => text.Trim().ToLowerInvariant();
}
