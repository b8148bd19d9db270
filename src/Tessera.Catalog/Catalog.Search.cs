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
        if (conditions.Count == 1 && !driver.Prefix && driver.IsPair)
        {
            total = sizes[0];
        }
        else
        {
            var count = driver.Prefix
                ? $"SELECT COUNT(*) FROM (SELECT d.object_type, d.object_id FROM {driver.Table} d WHERE {where}{distinct}) x"
                : $"SELECT COUNT(*) FROM {driver.Table} d WHERE {where}";
            total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(count, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        var hits = await HitsAsync(connection, caller, page, cancellationToken).ConfigureAwait(false);
        return new SearchResult(hits, skip, take, total);
    }

    /// <summary>The most frequent values of <paramref name="key"/> among objects the caller may read, with counts.</summary>
    public async Task<Facet> FacetAsync(CatalogCaller caller, string key, CatalogObjectType? type = null, int limit = 20, CancellationToken cancellationToken = default)
    {
        RequireName(key, "facet key");
        var (_, take) = Paging(0, limit);
        await using var connection = await Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var keyFold = SearchIndex.Fold(key);
        var rows = (await connection.QueryAsync(new CommandDefinition(
            $"""
            SELECT value_fold, n, COUNT(*) OVER () AS distinct_values FROM (
                SELECT c.value_fold, SUM(c.objects) AS n FROM kv_count c
                WHERE c.key_fold = @keyFold AND {caller.CountPredicate("c")} {(type is null ? "" : "AND c.object_type = @type")}
                GROUP BY c.value_fold) v
            ORDER BY n DESC, value_fold LIMIT @take
            """,
            new { keyFold, type = type is { } t ? CatalogObjectTypes.Name(t) : null, take }, cancellationToken: cancellationToken)).ConfigureAwait(false)).Select(Row.AsRow).ToList();
        var values = new List<FacetValue>(rows.Count);
        foreach (var row in rows)
        {
            values.Add(new FacetValue(await SpellingAsync(connection, caller, keyFold, row.Text("value_fold"), cancellationToken).ConfigureAwait(false), row.Long("n")));
        }

        return new Facet(key, values, rows.Count == 0 ? 0 : rows[0].Long("distinct_values"));
    }

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
        var rows = (await connection.QueryAsync(new CommandDefinition(
            $"""
            SELECT c.value_fold, SUM(c.objects) AS n FROM kv_count c
            WHERE c.key_fold = @keyFold AND c.value_fold >= @from AND c.value_fold < @to AND {caller.CountPredicate("c")}
            GROUP BY c.value_fold ORDER BY n DESC, c.value_fold LIMIT @take
            """,
            new { keyFold, from, to = SearchIndex.PrefixEnd(from), take }, cancellationToken: cancellationToken)).ConfigureAwait(false)).Select(Row.AsRow).ToList();
        var values = new List<FacetValue>(rows.Count);
        foreach (var row in rows)
        {
            values.Add(new FacetValue(await SpellingAsync(connection, caller, keyFold, row.Text("value_fold"), cancellationToken).ConfigureAwait(false), row.Long("n")));
        }

        return values;
    }

    // The value as some annotation the caller may read spells it (the index holds only the folded form).
    private static async Task<string> SpellingAsync(DbConnection connection, CatalogCaller caller, string keyFold, string valueFold, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            $"SELECT mv.map_value FROM map_value mv JOIN annotation a ON a.id = mv.annotation_id WHERE mv.key_fold = @keyFold AND mv.value_fold = @valueFold AND {caller.ReadPredicate("a")} LIMIT 1",
            new { keyFold, valueFold }, cancellationToken: cancellationToken)).ConfigureAwait(false) ?? valueFold;

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
