using Dapper;

namespace Tessera.Catalog.Annotate;

/// <summary>
/// Writes many map annotations and tag links in a handful of set-based statements inside one transaction, keeping
/// the same rows (annotation, link, pairs, event log, search index) as <see cref="Catalog.AddMapAnnotationAsync(CatalogWrite, CatalogObject, IReadOnlyList{KeyValuePair{string, string}}, string?)"/> does one at a time.
/// </summary>
internal static class BulkAnnotationWriter
{
    public static async Task WriteAsync(
        CatalogWrite write, IReadOnlyList<(AnnotationTarget Target, IReadOnlyList<KeyValuePair<string, string>> Pairs)> maps, string? ns,
        IReadOnlyList<AnnotationTarget> tagged, IReadOnlyList<string> tags)
    {
        var me = write.Caller.ExperimenterId ?? throw new CatalogException($"{write.Caller.UserName} may not annotate (not a user)");
        var at = write.Time();
        var links = new List<object?[]>();
        var values = new List<object?[]>();
        var events = new List<object?[]>();
        var indexed = new List<(ObjectRef, long, long, string, string)>();
        foreach (var group in maps.Where(m => m.Pairs.Count > 0).GroupBy(m => m.Target.GroupId))
        {
            // A group's new annotations are identical rows until linked, so which returned id goes to which object
            // does not matter: one statement creates them all.
            var rows = group.ToList();
            var ids = (await write.Connection.QueryAsync<long>(
                """
                WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @count)
                INSERT INTO annotation (kind, namespace, owner_id, group_id, created_at)
                SELECT 'map', CAST(@ns AS TEXT), @me, @groupId, @at FROM n
                RETURNING id
                """,
                new { count = rows.Count, ns, me, groupId = group.Key, at }, write.Transaction).ConfigureAwait(false)).ToList();
            if (ids.Count != rows.Count)
            {
                throw new CatalogException($"catalogue: {rows.Count} annotations were to be created in group {group.Key}, {ids.Count} were");
            }

            for (var i = 0; i < rows.Count; i++)
            {
                var (target, pairs) = rows[i];
                var type = CatalogObjectTypes.Name(target.Ref.Type);
                links.Add([type, target.Ref.Id, ids[i], me, target.GroupId, at]);
                events.Add([at, me, "annotate", type, target.Ref.Id, $"annotation {ids[i]}"]);
                for (var position = 0; position < pairs.Count; position++)
                {
                    var (key, value) = (pairs[position].Key.Trim(), pairs[position].Value.Trim());
                    values.Add([ids[i], position, key, value, SearchIndex.Fold(key), SearchIndex.Fold(value)]);
                    indexed.Add((target.Ref, target.GroupId, target.OwnerId, key, value));
                }
            }
        }

        await BulkRows.InsertAsync(write, "annotation_link (object_type, object_id, annotation_id, owner_id, group_id, created_at)", links).ConfigureAwait(false);
        await BulkRows.InsertAsync(write, "map_value (annotation_id, position, map_key, map_value, key_fold, value_fold)", values).ConfigureAwait(false);
        await SearchIndex.AddPairsInBulkAsync(write, indexed).ConfigureAwait(false);

        if (tags.Count > 0 && tagged.Count > 0)
        {
            var tagLinks = new List<object?[]>();
            foreach (var group in tagged.GroupBy(t => t.GroupId))
            {
                foreach (var tag in tags)
                {
                    var tagId = await Catalog.TagIdAsync(write, group.Key, tag, null).ConfigureAwait(false);
                    tagLinks.AddRange(group.Select(t => new object?[] { CatalogObjectTypes.Name(t.Ref.Type), t.Ref.Id, tagId, me, t.GroupId, at }));
                }
            }

            // Objects already carrying a tag keep their one link; only new links are logged.
            var linked = await BulkRows.InsertReturningAsync(
                write, "annotation_link (object_type, object_id, annotation_id, owner_id, group_id, created_at)", tagLinks,
                "ON CONFLICT (object_type, object_id, annotation_id) DO NOTHING RETURNING object_type, object_id, annotation_id").ConfigureAwait(false);
            events.AddRange(linked.Select(l => new object?[] { at, me, "annotate", l[0], l[1], $"annotation {l[2]}" }));
        }

        await BulkRows.InsertAsync(write, "event (at, experimenter_id, action, object_type, object_id, detail)", events).ConfigureAwait(false);
    }
}
