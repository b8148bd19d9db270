using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;

namespace Tessera.Catalog;

public sealed partial class Catalog
{
    /// <summary>
    /// Objects the caller may read that carry every key/value of the query and whose names or descriptions contain
    /// every word (as a word prefix), ordered by type and id, with the total count. Answered from the search index:
    /// the most selective condition drives an ordered index range, the others are index probes per candidate, and
    /// the count of a single exact pair comes from the per-group rollup.
    /// </summary>
    /// <exception cref="ArgumentException">The query has no condition, or its paging is out of range.</exception>
    public async Task<SearchResult> SearchAsync(CatalogCaller caller, CatalogQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (skip, take) = Paging(query.Offset, query.Limit);
        var conditions = Conditions(query);
        if (conditions.Count == 0)
        {
            throw new ArgumentException("search: give at least one Key=Value filter or some text", nameof(query));
        }

        var type = query.Type is { } t ? CatalogObjectTypes.Name(t) : null;
        await using var connection = await Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // Drive from the smallest condition: its index range is what the query walks.
        var sizes = new long[conditions.Count];
        for (var i = 0; i < conditions.Count; i++)
        {
            sizes[i] = await EstimateAsync(connection, caller, conditions[i], type, cancellationToken).ConfigureAwait(false);
        }

        var driverIndex = Array.IndexOf(sizes, sizes.Min());
        var driver = conditions[driverIndex];
        var parameters = new DynamicParameters();
        parameters.Add("type", type);
        parameters.Add("skip", skip);
        parameters.Add("take", take);
        var where = new StringBuilder();
        where.Append(driver.Range("d", 0, parameters)).Append(" AND ").Append(caller.ReadPredicate("d"));
        if (type is not null)
        {
            where.Append(" AND d.object_type = @type");
        }

        for (var i = 0; i < conditions.Count; i++)
        {
            if (i != driverIndex)
            {
                where.Append(" AND ").Append(conditions[i].Exists("d", i + 1, parameters));
            }
        }

        // A prefix can match one object through several values (or words): group to count each object once.
        var distinct = driver.Prefix ? " GROUP BY d.object_type, d.object_id" : "";
        var command = $"SELECT d.object_type, d.object_id FROM {driver.Table} d WHERE {where}{distinct} ORDER BY d.object_type, d.object_id LIMIT @take OFFSET @skip";
        var page = (await connection.QueryAsync(new CommandDefinition(command, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .Select(Row.AsRow).Select(r => new ObjectRef(CatalogObjectTypes.Parse(r.Text("object_type")), r.Long("object_id"))).ToList();

        long total;
        var lowerBound = false;
        if (conditions.Count == 1 && !driver.Prefix && driver.IsPair)
        {
            total = sizes[0];
        }
        else
        {
            // Count up to the limit: past it the walk would cost as much as the whole driving range.
            var cap = Math.Max(query.CountLimit, skip + page.Count);
            parameters.Add("cap", cap == long.MaxValue ? long.MaxValue : cap + 1);
            var count = $"SELECT COUNT(*) FROM (SELECT d.object_type, d.object_id FROM {driver.Table} d WHERE {where}{distinct} LIMIT @cap) x";
            total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(count, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (total > cap)
            {
                (total, lowerBound) = (cap, true);
            }
        }

        var hits = await HitsAsync(connection, caller, page, cancellationToken).ConfigureAwait(false);
        return new SearchResult(hits, skip, take, total) { TotalCountIsLowerBound = lowerBound };
    }

    /// <summary>
    /// The most frequent values of <paramref name="key"/> among objects the caller may read, with exact counts.
    /// Values are visited in order of their all-groups total, an upper bound of what any caller sees, and the walk
    /// stops once no further value can reach the page (a threshold top-N): a few dozen values are counted for the
    /// caller, not all twenty thousand.
    /// </summary>
    public async Task<Facet> FacetAsync(CatalogCaller caller, string key, CatalogObjectType? type = null, int limit = 20, CancellationToken cancellationToken = default)
    {
        RequireName(key, "facet key");
        var (_, take) = Paging(0, limit);
        await using var connection = await Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var keyFold = SearchIndex.Fold(key);
        var typeName = type is { } t ? CatalogObjectTypes.Name(t) : null;
        var top = await TopValuesAsync(connection, caller, keyFold, typeName, null, take, cancellationToken).ConfigureAwait(false);
        var page = top.Values.Take(take).Select(v => (IDictionary<string, object?>)new Dictionary<string, object?> { ["value_fold"] = v.Value, ["n"] = v.Count }).ToList();
        var values = await SpelledAsync(connection, keyFold, page, cancellationToken).ConfigureAwait(false);

        // Every value visited: the distinct count is exact; a caller who reads all of the key's data sees every value.
        long? distinct = top.Exhausted ? top.Values.Count
            : top.SeesAll ? await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                $"SELECT COUNT(DISTINCT c.value_fold) FROM kv_count c WHERE c.key_fold = @keyFold AND c.group_id = 0 AND c.owner_id = 0 {(typeName is null ? "" : "AND c.object_type = @type")}",
                new { keyFold, type = typeName }, cancellationToken: cancellationToken)).ConfigureAwait(false)
            : null;
        return new Facet(key, values, distinct);
    }

    /// <summary>
    /// The caller's most frequent values of a key (optionally starting with a prefix), ranked, exact: values are
    /// visited in order of their all-groups totals — an upper bound of anyone's count — and counted for the caller
    /// a chunk at a time, until no unvisited value can reach the first <paramref name="take"/> (a threshold top-N).
    /// </summary>
    private static async Task<(List<(string Value, long Count)> Values, bool Exhausted, bool SeesAll)> TopValuesAsync(
        DbConnection connection, CatalogCaller caller, string keyFold, string? typeName, string? prefix, int take, CancellationToken cancellationToken)
    {
        const int Chunk = 64;
        var typeCondition = typeName is null ? "" : "AND c.object_type = @type";

        // Totals in descending order: for a whole key and one type from an index (kv_count_totals) a chunk at a
        // time; for a prefix (kv_count_total_values) or across types, read and ordered at once.
        var chunked = typeName is not null && prefix is null;
        var totals = new List<(string Value, long Total)>();
        var allRead = false;
        async Task<bool> ReadTotalsAsync()
        {
            if (allRead)
            {
                return false;
            }

            var range = prefix is null ? "" : "AND c.value_fold >= @from AND c.value_fold < @to";
            var sql = chunked
                ? "SELECT c.value_fold, c.objects AS total FROM kv_count c WHERE c.key_fold = @keyFold AND c.object_type = @type AND c.group_id = 0 AND c.owner_id = 0 ORDER BY c.objects DESC, c.value_fold LIMIT @chunk OFFSET @offset"
                : $"SELECT c.value_fold, SUM(c.objects) AS total FROM kv_count c WHERE c.key_fold = @keyFold {range} {typeCondition} AND c.group_id = 0 AND c.owner_id = 0 GROUP BY c.value_fold ORDER BY total DESC, c.value_fold";
            var rows = (await connection.QueryAsync(new CommandDefinition(
                    sql, new { keyFold, type = typeName, from = prefix, to = prefix is null ? null : SearchIndex.PrefixEnd(prefix), chunk = Chunk, offset = totals.Count }, cancellationToken: cancellationToken)).ConfigureAwait(false))
                .Select(Row.AsRow).Select(r => (r.Text("value_fold"), r.Long("total"))).ToList();
            totals.AddRange(rows);
            allRead = !chunked || rows.Count < Chunk;
            return rows.Count > 0;
        }

        // Which rows count for the caller is decided once per call; each chunk only fills in its values.
        var (counted, seesAll) = await CountedRowsAsync(connection, caller, keyFold, $"c.key_fold = @keyFold {typeCondition} AND c.value_fold IN (@values)", cancellationToken).ConfigureAwait(false);
        var found = new List<(string Value, long Count)>();
        var next = 0;
        while (next < totals.Count || await ReadTotalsAsync().ConfigureAwait(false))
        {
            if (found.Count >= take && totals[next].Total < Ranked(found)[take - 1].Count)
            {
                break;
            }

            var slice = totals.Skip(next).Take(Chunk).Select(v => v.Value).ToList();
            var parameters = new DynamicParameters(new { keyFold, type = typeName });
            for (var i = 0; i < slice.Count; i++)
            {
                parameters.Add($"f{i}", slice[i]);
            }

            var chunkRows = counted.Replace("@values", string.Join(",", slice.Select((_, i) => $"@f{i}")), StringComparison.Ordinal);
            found.AddRange((await connection.QueryAsync(new CommandDefinition(
                    $"SELECT r.value_fold, SUM(r.n) AS n FROM ({chunkRows}) r GROUP BY r.value_fold HAVING SUM(r.n) > 0", parameters, cancellationToken: cancellationToken)).ConfigureAwait(false))
                .Select(Row.AsRow).Select(r => (r.Text("value_fold"), r.Long("n"))));
            next += slice.Count;
        }

        var exhausted = next >= totals.Count && !await ReadTotalsAsync().ConfigureAwait(false);
        return (Ranked(found), exhausted, seesAll);
    }

    private static List<(string Value, long Count)> Ranked(List<(string Value, long Count)> values) =>
        values.OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal).ToList();

    /// <summary>Keys starting with <paramref name="prefix"/> (case-insensitive) on objects the caller may read, most used first.</summary>
    public async Task<IReadOnlyList<FacetValue>> SuggestKeysAsync(CatalogCaller caller, string prefix, int limit = 10, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var (_, take) = Paging(0, limit);
        var from = SearchIndex.Fold(prefix);
        await using var connection = await Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = (await connection.QueryAsync(new CommandDefinition(
            $"""
            SELECT c.key_fold, SUM(c.pairs) AS n FROM kv_key c
            WHERE c.key_fold >= @from AND c.key_fold < @to AND {caller.CountPredicate("c")}
            GROUP BY c.key_fold ORDER BY n DESC, c.key_fold LIMIT @take
            """,
            new { from, to = SearchIndex.PrefixEnd(from), take }, cancellationToken: cancellationToken)).ConfigureAwait(false)).Select(Row.AsRow).ToList();
        var keys = new List<FacetValue>(rows.Count);
        foreach (var row in rows)
        {
            var spelling = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
                $"SELECT mv.map_key FROM map_value mv JOIN annotation a ON a.id = mv.annotation_id WHERE mv.key_fold = @k AND {caller.ReadPredicate("a")} LIMIT 1",
                new { k = row.Text("key_fold") }, cancellationToken: cancellationToken)).ConfigureAwait(false);
            keys.Add(new FacetValue(spelling ?? row.Text("key_fold"), row.Long("n")));
        }

        return keys;
    }

    /// <summary>Values of <paramref name="key"/> starting with <paramref name="prefix"/> (case-insensitive) with object counts, most frequent first.</summary>
    public async Task<IReadOnlyList<FacetValue>> SuggestValuesAsync(CatalogCaller caller, string key, string prefix, int limit = 10, CancellationToken cancellationToken = default)
    {
        RequireName(key, "key");
        ArgumentNullException.ThrowIfNull(prefix);
        var (_, take) = Paging(0, limit);
        var keyFold = SearchIndex.Fold(key);
        var from = SearchIndex.Fold(prefix);
        await using var connection = await Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var top = await TopValuesAsync(connection, caller, keyFold, null, from, take, cancellationToken).ConfigureAwait(false);
        var rows = top.Values.Take(take).Select(v => (IDictionary<string, object?>)new Dictionary<string, object?> { ["value_fold"] = v.Value, ["n"] = v.Count }).ToList();
        return await SpelledAsync(connection, keyFold, rows, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Rows (value_fold, n) of kv_count whose sum per value is what the caller may see: the visible groups' rows, or —
    /// when the caller sees more groups than not (admins, anonymous on a mostly public repository) — the all-groups
    /// total minus the groups they may not read in full, plus their own share of private groups. Either way exact.
    /// </summary>
    private static async Task<(string Sql, bool SeesAll)> CountedRowsAsync(DbConnection connection, CatalogCaller caller, string keyFold, string condition, CancellationToken cancellationToken)
    {
        // Which is less to read: the visible groups' rows, or the total plus the hidden groups' rows? Each group's
        // pairs for the key (kv_key, a few rows) weigh its share.
        var weights = (await connection.QueryAsync(new CommandDefinition(
                "SELECT group_id, SUM(pairs) AS pairs FROM kv_key WHERE key_fold = @keyFold AND owner_id = 0 GROUP BY group_id", new { keyFold }, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .Select(Row.AsRow).ToDictionary(r => r.Long("group_id"), r => r.Long("pairs"));
        var full = caller.FullGroups.ToHashSet();
        var hidden = caller.IsAdmin ? [] : weights.Keys.Where(g => !full.Contains(g)).Order().ToList();
        var visibleWeight = weights.Where(w => full.Contains(w.Key)).Sum(w => w.Value);
        var seesAll = caller.IsAdmin || hidden.Count == 0;
        if (!caller.IsAdmin && hidden.Sum(g => weights[g]) >= visibleWeight)
        {
            return (string.Join(" UNION ALL ", caller.CountBranches("c").Select(b => $"SELECT c.value_fold, c.objects AS n FROM kv_count c WHERE {condition} AND {b}")), seesAll);
        }

        var parts = new List<string> { $"SELECT c.value_fold, c.objects AS n FROM kv_count c WHERE {condition} AND c.group_id = 0 AND c.owner_id = 0" };
        if (hidden.Count > 0)
        {
            parts.Add($"SELECT c.value_fold, -c.objects AS n FROM kv_count c WHERE {condition} AND c.owner_id = 0 AND c.group_id IN ({string.Join(",", hidden)})");
        }

        if (caller.OwnGroups.Count > 0 && caller.ExperimenterId is { } me)
        {
            parts.Add($"SELECT c.value_fold, c.objects AS n FROM kv_count c WHERE {condition} AND c.owner_id = {me.ToString(CultureInfo.InvariantCulture)} AND c.group_id IN ({string.Join(",", caller.OwnGroups)})");
        }

        return (string.Join(" UNION ALL ", parts), seesAll);
    }

    // Values as written (the index holds the folded form); one lookup for the page of values.
    private static async Task<List<FacetValue>> SpelledAsync(DbConnection connection, string keyFold, IReadOnlyList<IDictionary<string, object?>> rows, CancellationToken cancellationToken)
    {
        var spellings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (rows.Count > 0)
        {
            var parameters = new DynamicParameters(new { keyFold });
            var names = new List<string>();
            for (var i = 0; i < rows.Count; i++)
            {
                parameters.Add($"v{i}", rows[i].Text("value_fold"));
                names.Add($"@v{i}");
            }

            foreach (var row in (await connection.QueryAsync(new CommandDefinition(
                $"SELECT value_fold, spelling FROM kv_value WHERE key_fold = @keyFold AND value_fold IN ({string.Join(",", names)})",
                parameters, cancellationToken: cancellationToken)).ConfigureAwait(false)).Select(Row.AsRow))
            {
                spellings[row.Text("value_fold")] = row.Text("spelling");
            }
        }

        return rows.Select(r => new FacetValue(spellings.GetValueOrDefault(r.Text("value_fold")) ?? r.Text("value_fold"), r.Long("n"))).ToList();
    }

    private static List<SearchCondition> Conditions(CatalogQuery query)
    {
        var conditions = new List<SearchCondition>();
        foreach (var filter in query.Filters)
        {
            var key = SearchIndex.Fold(filter.Key);
            if (key.Length == 0)
            {
                throw new ArgumentException($"search: filter '{filter}' has an empty key", nameof(query));
            }

            conditions.Add(new SearchCondition(true, key, SearchIndex.Fold(filter.Value), filter.Prefix));
        }

        foreach (var word in SearchIndex.Terms(query.Text))
        {
            conditions.Add(new SearchCondition(false, "", word, Prefix: true));
        }

        return conditions;
    }

    private static async Task<long> EstimateAsync(DbConnection connection, CatalogCaller caller, SearchCondition condition, string? type, CancellationToken cancellationToken)
    {
        // Pairs: exact counts from the rollup (a prefix sums its values, an upper bound). Words: count up to a cap.
        var sql = condition.IsPair
            ? $"""
              SELECT COALESCE(SUM(c.objects), 0) FROM kv_count c WHERE c.key_fold = @key AND
              {(condition.Prefix ? "c.value_fold >= @from AND c.value_fold < @to" : "c.value_fold = @from")}
              AND {caller.CountPredicate("c")} {(type is null ? "" : "AND c.object_type = @type")}
              """
            : $"SELECT COUNT(*) FROM (SELECT 1 FROM text_term t WHERE t.term >= @from AND t.term < @to {(type is null ? "" : "AND t.object_type = @type")} LIMIT 100000) x";
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            sql, new { key = condition.Key, from = condition.Value, to = SearchIndex.PrefixEnd(condition.Value), type }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<SearchHit>> HitsAsync(DbConnection connection, CatalogCaller caller, IReadOnlyList<ObjectRef> page, CancellationToken cancellationToken)
    {
        var found = new Dictionary<ObjectRef, SearchHit>();
        foreach (var group in page.GroupBy(r => r.Type))
        {
            var ids = string.Join(",", group.Select(r => r.Id.ToString(CultureInfo.InvariantCulture)));
            var sql = group.Key == CatalogObjectType.Well
                ? $"SELECT o.id, p.name || ' ' || o.row_name || o.column_name AS name, o.owner_id, o.group_id FROM well o JOIN plate p ON p.id = o.plate_id WHERE o.id IN ({ids}) AND {caller.ReadPredicate("o")}"
                : $"SELECT x.id, x.name, x.owner_id, x.group_id FROM ({Select(group.Key)}) x WHERE x.id IN ({ids}) AND {caller.ReadPredicate("x")}";
            foreach (var row in (await connection.QueryAsync(new CommandDefinition(sql, cancellationToken: cancellationToken)).ConfigureAwait(false)).Select(Row.AsRow))
            {
                var target = new ObjectRef(group.Key, row.Long("id"));
                found[target] = new SearchHit(target, row.Text("name"), row.Long("owner_id"), row.Long("group_id"));
            }
        }

        return page.Where(found.ContainsKey).Select(r => found[r]).ToList();
    }

    /// <summary>One condition of a search, on the pair index or the word index.</summary>
    private sealed record SearchCondition(bool IsPair, string Key, string Value, bool Prefix)
    {
        public string Table => IsPair ? "kv_search" : "text_term";

        /// <summary>The condition as an index range on the driving table aliased <paramref name="alias"/>.</summary>
        public string Range(string alias, int index, DynamicParameters parameters)
        {
            parameters.Add($"k{index}", Key);
            parameters.Add($"v{index}", Value);
            parameters.Add($"e{index}", SearchIndex.PrefixEnd(Value));
            var column = IsPair ? "value_fold" : "term";
            var keyPart = IsPair ? $"{alias}.key_fold = @k{index} AND " : "";
            return Prefix
                ? $"{keyPart}{alias}.{column} >= @v{index} AND {alias}.{column} < @e{index}"
                : $"{keyPart}{alias}.{column} = @v{index}";
        }

        /// <summary>The condition as a probe of the object's own index rows.</summary>
        public string Exists(string driver, int index, DynamicParameters parameters) =>
            $"EXISTS (SELECT 1 FROM {Table} s{index} WHERE s{index}.object_type = {driver}.object_type AND s{index}.object_id = {driver}.object_id AND {Range($"s{index}", index, parameters)})";
    }
}
