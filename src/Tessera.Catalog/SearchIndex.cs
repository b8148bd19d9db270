using System.Data.Common;
using System.Text;
using Dapper;

namespace Tessera.Catalog;

/// <summary>
/// Keeps the search tables in step with the annotations and names they index, inside the writer's transaction:
/// <c>kv_search</c> (object × distinct folded pair, with a reference count), <c>kv_count</c> (objects per pair per
/// group and per owner) and <c>text_term</c> (words of names and descriptions).
/// </summary>
internal static class SearchIndex
{
    /// <summary>Case folding used for keys, values and words alike, so both backends compare the same strings.</summary>
    public static string Fold(string text) => text.Trim().Normalize(NormalizationForm.FormC).ToLowerInvariant();

    /// <summary>The smallest string greater than every string starting with <paramref name="prefix"/> (byte order).</summary>
    public static string PrefixEnd(string prefix) => prefix + "\U0010FFFF";

    /// <summary>The distinct folded words of a text: runs of letters and digits, at most 64 characters each.</summary>
    public static IEnumerable<string> Terms(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            yield break;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                var word = Fold(text[start..Math.Min(i, start + 64)]);
                start = -1;
                if (seen.Add(word))
                {
                    yield return word;
                }
            }
        }
    }

    public static async Task AddPairsAsync(CatalogWrite write, ObjectRef target, long groupId, long ownerId, IEnumerable<(string Key, string Value)> pairs)
    {
        var type = CatalogObjectTypes.Name(target.Type);
        foreach (var (key, value) in pairs)
        {
            var refs = await write.ScalarAsync<long>(
                """
                INSERT INTO kv_search (key_fold, value_fold, object_type, object_id, group_id, owner_id, refs)
                VALUES (@k, @v, @type, @id, @groupId, @ownerId, 1)
                ON CONFLICT (key_fold, value_fold, object_type, object_id) DO UPDATE SET refs = kv_search.refs + 1
                RETURNING refs
                """,
                new { k = Fold(key), v = Fold(value), type, id = target.Id, groupId, ownerId }).ConfigureAwait(false);
            if (refs == 1)
            {
                await CountAsync(write, Fold(key), Fold(value), type, groupId, ownerId, +1).ConfigureAwait(false);
            }
        }
    }

    public static async Task RemovePairsAsync(CatalogWrite write, ObjectRef target, IEnumerable<(string Key, string Value)> pairs)
    {
        var type = CatalogObjectTypes.Name(target.Type);
        foreach (var (key, value) in pairs)
        {
            var row = (await write.RowsAsync(
                """
                UPDATE kv_search SET refs = refs - 1
                WHERE key_fold = @k AND value_fold = @v AND object_type = @type AND object_id = @id
                RETURNING refs, group_id, owner_id
                """,
                new { k = Fold(key), v = Fold(value), type, id = target.Id }).ConfigureAwait(false)).FirstOrDefault();
            if (row is not null && row.Long("refs") <= 0)
            {
                await write.ExecuteAsync(
                    "DELETE FROM kv_search WHERE key_fold = @k AND value_fold = @v AND object_type = @type AND object_id = @id",
                    new { k = Fold(key), v = Fold(value), type, id = target.Id }).ConfigureAwait(false);
                await CountAsync(write, Fold(key), Fold(value), type, row.Long("group_id"), row.Long("owner_id"), -1).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Drops everything indexed for an object that is being deleted.</summary>
    public static async Task RemoveObjectAsync(CatalogWrite write, ObjectRef target)
    {
        var type = CatalogObjectTypes.Name(target.Type);
        var rows = await write.RowsAsync(
            "SELECT key_fold, value_fold, group_id, owner_id FROM kv_search WHERE object_type = @type AND object_id = @id",
            new { type, id = target.Id }).ConfigureAwait(false);
        foreach (var row in rows)
        {
            await CountAsync(write, row.Text("key_fold"), row.Text("value_fold"), type, row.Long("group_id"), row.Long("owner_id"), -1).ConfigureAwait(false);
        }

        await write.ExecuteAsync("DELETE FROM kv_search WHERE object_type = @type AND object_id = @id", new { type, id = target.Id }).ConfigureAwait(false);
        await write.ExecuteAsync("DELETE FROM text_term WHERE object_type = @type AND object_id = @id", new { type, id = target.Id }).ConfigureAwait(false);
    }

    /// <summary>Replaces an object's indexed words with those of its current name and description.</summary>
    public static async Task TextAsync(CatalogWrite write, ObjectRef target, long groupId, long ownerId, string? name, string? description)
    {
        var type = CatalogObjectTypes.Name(target.Type);
        await write.ExecuteAsync("DELETE FROM text_term WHERE object_type = @type AND object_id = @id", new { type, id = target.Id }).ConfigureAwait(false);
        var terms = Terms(name).Concat(Terms(description)).Distinct(StringComparer.Ordinal)
            .Select(term => new { term, type, id = target.Id, groupId, ownerId }).ToList();
        if (terms.Count > 0)
        {
            await write.ExecuteAsync(
                "INSERT INTO text_term (term, object_type, object_id, group_id, owner_id) VALUES (@term, @type, @id, @groupId, @ownerId)",
                terms).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Rebuilds <c>kv_search</c> and <c>kv_count</c> from the annotations, set-based: after a bulk load, or to repair.
    /// </summary>
    public static async Task RebuildPairsAsync(DbConnection connection, DbTransaction transaction, int commandTimeoutSeconds = 3600)
    {
        const string Objects = """
            SELECT 'project' AS object_type, id, group_id, owner_id FROM project
            UNION ALL SELECT 'dataset', id, group_id, owner_id FROM dataset
            UNION ALL SELECT 'image', id, group_id, owner_id FROM image
            UNION ALL SELECT 'screen', id, group_id, owner_id FROM screen
            UNION ALL SELECT 'plate', id, group_id, owner_id FROM plate
            UNION ALL SELECT 'well', id, group_id, owner_id FROM well
            UNION ALL SELECT 'roi', id, group_id, owner_id FROM roi
            """;
        await connection.ExecuteAsync("DELETE FROM kv_key", transaction: transaction, commandTimeout: commandTimeoutSeconds).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM kv_count", transaction: transaction, commandTimeout: commandTimeoutSeconds).ConfigureAwait(false);
        await connection.ExecuteAsync("DELETE FROM kv_search", transaction: transaction, commandTimeout: commandTimeoutSeconds).ConfigureAwait(false);
        await connection.ExecuteAsync(
            $"""
            INSERT INTO kv_search (key_fold, value_fold, object_type, object_id, group_id, owner_id, refs)
            SELECT mv.key_fold, mv.value_fold, l.object_type, l.object_id, o.group_id, o.owner_id, COUNT(*)
            FROM map_value mv
            JOIN annotation_link l ON l.annotation_id = mv.annotation_id
            JOIN ({Objects}) o ON o.object_type = l.object_type AND o.id = l.object_id
            GROUP BY mv.key_fold, mv.value_fold, l.object_type, l.object_id, o.group_id, o.owner_id
            """,
            transaction: transaction, commandTimeout: commandTimeoutSeconds).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO kv_count (key_fold, value_fold, object_type, group_id, owner_id, objects)
            SELECT key_fold, value_fold, object_type, group_id, 0, COUNT(*) FROM kv_search GROUP BY key_fold, value_fold, object_type, group_id
            """,
            transaction: transaction, commandTimeout: commandTimeoutSeconds).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO kv_count (key_fold, value_fold, object_type, group_id, owner_id, objects)
            SELECT key_fold, value_fold, object_type, group_id, owner_id, COUNT(*) FROM kv_search GROUP BY key_fold, value_fold, object_type, group_id, owner_id
            """,
            transaction: transaction, commandTimeout: commandTimeoutSeconds).ConfigureAwait(false);
        await connection.ExecuteAsync(
            """
            INSERT INTO kv_key (key_fold, object_type, group_id, owner_id, pairs)
            SELECT key_fold, object_type, group_id, owner_id, SUM(objects) FROM kv_count GROUP BY key_fold, object_type, group_id, owner_id
            """,
            transaction: transaction, commandTimeout: commandTimeoutSeconds).ConfigureAwait(false);
    }

    private static async Task CountAsync(CatalogWrite write, string keyFold, string valueFold, string type, long groupId, long ownerId, int delta)
    {
        // The group's total (owner 0) and the owner's share: callers who read the whole group sum the first, plain
        // members of private groups the second.
        foreach (var owner in new[] { 0L, ownerId })
        {
            await write.ExecuteAsync(
                """
                INSERT INTO kv_count (key_fold, value_fold, object_type, group_id, owner_id, objects) VALUES (@k, @v, @type, @groupId, @owner, @delta)
                ON CONFLICT (key_fold, value_fold, object_type, group_id, owner_id) DO UPDATE SET objects = kv_count.objects + @delta
                """,
                new { k = keyFold, v = valueFold, type, groupId, owner, delta }).ConfigureAwait(false);
        }

        foreach (var owner in new[] { 0L, ownerId })
        {
            await write.ExecuteAsync(
                """
                INSERT INTO kv_key (key_fold, object_type, group_id, owner_id, pairs) VALUES (@k, @type, @groupId, @owner, @delta)
                ON CONFLICT (key_fold, object_type, group_id, owner_id) DO UPDATE SET pairs = kv_key.pairs + @delta
                """,
                new { k = keyFold, type, groupId, owner, delta }).ConfigureAwait(false);
        }

        if (delta < 0)
        {
            await write.ExecuteAsync(
                "DELETE FROM kv_key WHERE key_fold = @k AND object_type = @type AND group_id = @groupId AND pairs <= 0",
                new { k = keyFold, type, groupId }).ConfigureAwait(false);
            await write.ExecuteAsync(
                "DELETE FROM kv_count WHERE key_fold = @k AND value_fold = @v AND object_type = @type AND group_id = @groupId AND objects <= 0",
                new { k = keyFold, v = valueFold, type, groupId }).ConfigureAwait(false);
        }
    }
}
