using Dapper;

namespace Tessera.Catalog;

public sealed partial class Catalog
{
    /// <summary>Puts a tag into a tag set of a group, creating either (as the caller's) when the group has none of that name.</summary>
    /// <returns>The set's and the tag's annotation ids.</returns>
    public async Task<(long TagSetId, long TagId)> AddTagToSetAsync(CatalogCaller caller, long groupId, string tagSet, string tag, CancellationToken cancellationToken = default)
    {
        RequireName(tagSet, "tag set");
        RequireName(tag, "tag");
        await using var write = await BeginWriteAsync(caller, cancellationToken).ConfigureAwait(false);
        var me = RequireMember(write, groupId);
        async Task<long> FindOrCreateAsync(string kind, string text)
        {
            var found = await write.ScalarAsync<long?>(
                $"SELECT a.id FROM annotation a WHERE a.kind = @kind AND a.group_id = @groupId AND LOWER(a.text_value) = @fold AND {caller.ReadPredicate("a")} ORDER BY a.id LIMIT 1",
                new { kind, groupId, fold = text.Trim().ToLowerInvariant() }).ConfigureAwait(false);
            return found ?? await write.InsertAsync(
                "INSERT INTO annotation (kind, text_value, owner_id, group_id, created_at) VALUES (@kind, @text, @me, @groupId, @at)",
                new { kind, text = text.Trim(), me, groupId, at = write.Time() }).ConfigureAwait(false);
        }

        var setId = await FindOrCreateAsync("tagset", tagSet).ConfigureAwait(false);
        var tagId = await FindOrCreateAsync("tag", tag).ConfigureAwait(false);
        await write.ExecuteAsync("INSERT INTO tag_in_set (tagset_id, tag_id) VALUES (@setId, @tagId) ON CONFLICT DO NOTHING", new { setId, tagId }).ConfigureAwait(false);
        await write.EventAsync("link", "tagset", setId, $"tag {tagId}").ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        return (setId, tagId);
    }

    /// <summary>The tag sets the caller may read, with their tags.</summary>
    public async Task<IReadOnlyList<TagSetRecord>> ListTagSetsAsync(CatalogCaller caller, CancellationToken cancellationToken = default)
    {
        var rows = await RowsAsync(
            $"""
            SELECT s.id, s.text_value AS name, s.group_id, t.text_value AS tag FROM annotation s
            LEFT JOIN tag_in_set m ON m.tagset_id = s.id LEFT JOIN annotation t ON t.id = m.tag_id
            WHERE s.kind = 'tagset' AND {caller.ReadPredicate("s")} ORDER BY s.text_value, s.id
            """, null, cancellationToken).ConfigureAwait(false);
        return rows.GroupBy(r => r.Long("id"))
            .Select(g => new TagSetRecord(g.Key, g.First().Text("name"), g.First().Long("group_id"),
                g.Select(r => r.NullableText("tag")).OfType<string>().Order(StringComparer.OrdinalIgnoreCase).ToList()))
            .ToList();
    }
}
