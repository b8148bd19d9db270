using Dapper;

namespace Tessera.Catalog;

public sealed partial class Catalog
{
    /// <summary>OMERO's namespace for user-editable key-value pairs, the default for new map annotations.</summary>
    public const string ClientMapNamespace = "openmicroscopy.org/omero/client/mapAnnotation";

    /// <summary>Adds ordered key/value pairs to an object (duplicate keys allowed) and indexes them for search.</summary>
    /// <exception cref="CatalogNotFoundException">The caller may not read the object.</exception>
    /// <exception cref="CatalogForbiddenException">The caller may not annotate it.</exception>
    public async Task<long> AddMapAnnotationAsync(CatalogCaller caller, ObjectRef target, IReadOnlyList<KeyValuePair<string, string>> pairs, string? ns = ClientMapNamespace, CancellationToken cancellationToken = default)
    {
        await using var write = await BeginWriteAsync(caller, cancellationToken).ConfigureAwait(false);
        var found = await RequireAsync(write, target, CatalogAction.Annotate).ConfigureAwait(false);
        var id = await AddMapAnnotationAsync(write, found, pairs, ns).ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <summary>Tags an object, reusing the group's tag with this text (case-insensitive) or creating it.</summary>
    public async Task<long> AddTagAsync(CatalogCaller caller, ObjectRef target, string tag, string? description = null, CancellationToken cancellationToken = default)
    {
        RequireName(tag, "tag");
        await using var write = await BeginWriteAsync(caller, cancellationToken).ConfigureAwait(false);
        var found = await RequireAsync(write, target, CatalogAction.Annotate).ConfigureAwait(false);
        var id = await AddTagAsync(write, found, tag, description).ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <summary>Adds a comment to an object.</summary>
    public async Task<long> AddCommentAsync(CatalogCaller caller, ObjectRef target, string text, CancellationToken cancellationToken = default)
    {
        RequireName(text, "comment");
        await using var write = await BeginWriteAsync(caller, cancellationToken).ConfigureAwait(false);
        var found = await RequireAsync(write, target, CatalogAction.Annotate).ConfigureAwait(false);
        var id = await NewAnnotationAsync(write, found, "comment", null, text, null, null).ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <summary>Records a file, already stored at the repository-relative <paramref name="filePath"/>, as attached to an object.</summary>
    public async Task<long> AttachFileAsync(CatalogCaller caller, ObjectRef target, string fileName, string filePath, long fileSize, string? ns = null, CancellationToken cancellationToken = default)
    {
        RequireName(fileName, "file name");
        await using var write = await BeginWriteAsync(caller, cancellationToken).ConfigureAwait(false);
        var found = await RequireAsync(write, target, CatalogAction.Annotate).ConfigureAwait(false);
        var id = await NewAnnotationAsync(write, found, "file", ns, fileName, filePath, fileSize).ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <summary>The annotations on an object the caller may read, oldest first.</summary>
    /// <exception cref="CatalogNotFoundException">The caller may not read the object.</exception>
    public async Task<IReadOnlyList<AnnotationRecord>> ListAnnotationsAsync(CatalogCaller caller, ObjectRef target, AnnotationKind? kind = null, CancellationToken cancellationToken = default)
    {
        await GetAsync(caller, target, cancellationToken).ConfigureAwait(false);
        var parameters = new { type = CatalogObjectTypes.Name(target.Type), id = target.Id, kind = kind is { } k ? KindName(k) : null };
        var rows = await RowsAsync(
            $"""
            SELECT a.id, a.kind, a.namespace, a.text_value, a.file_path, a.file_size, a.owner_id, l.owner_id AS link_owner_id, a.created_at
            FROM annotation_link l JOIN annotation a ON a.id = l.annotation_id
            WHERE l.object_type = @type AND l.object_id = @id AND {caller.ReadPredicate("l")} {(kind is null ? "" : "AND a.kind = @kind")}
            ORDER BY l.id
            """, parameters, cancellationToken).ConfigureAwait(false);
        var maps = rows.Where(r => r.Text("kind") == "map").Select(r => r.Long("id")).ToArray();
        var pairs = maps.Length == 0 ? new Dictionary<long, List<KeyValuePair<string, string>>>() : (await RowsAsync(
                $"SELECT annotation_id, map_key, map_value FROM map_value WHERE annotation_id IN ({string.Join(",", maps)}) ORDER BY annotation_id, position", null, cancellationToken).ConfigureAwait(false))
            .GroupBy(r => r.Long("annotation_id"))
            .ToDictionary(g => g.Key, g => g.Select(r => new KeyValuePair<string, string>(r.Text("map_key"), r.Text("map_value"))).ToList());
        return rows.Select(r => new AnnotationRecord(
            r.Long("id"), ParseKind(r.Text("kind")), r.NullableText("namespace"), r.NullableText("text_value"),
            pairs.GetValueOrDefault(r.Long("id")) ?? [], r.NullableText("file_path"), r.NullableLong("file_size"),
            r.Long("owner_id"), r.Long("link_owner_id"), r.Time("created_at"))).ToList();
    }

    /// <summary>
    /// Takes an annotation off an object (the link's owner may always; others need OMERO's "remove annotations"
    /// right). A map annotation or comment linked nowhere else is deleted with it; tags and files stay for reuse.
    /// </summary>
    public async Task RemoveAnnotationAsync(CatalogCaller caller, ObjectRef target, long annotationId, CancellationToken cancellationToken = default)
    {
        await using var write = await BeginWriteAsync(caller, cancellationToken).ConfigureAwait(false);
        var found = await RequireAsync(write, target, CatalogAction.Read).ConfigureAwait(false);
        var type = CatalogObjectTypes.Name(target.Type);
        var link = (await write.RowsAsync(
            "SELECT l.id, l.owner_id, a.kind FROM annotation_link l JOIN annotation a ON a.id = l.annotation_id WHERE l.object_type = @type AND l.object_id = @id AND l.annotation_id = @annotationId",
            new { type, id = target.Id, annotationId }).ConfigureAwait(false)).FirstOrDefault()
            ?? throw new CatalogException($"{target}: annotation {annotationId} is not on it");
        if (link.Long("owner_id") != caller.ExperimenterId && !caller.Allows(found.GroupId, -1, CatalogAction.Delete, out var reason))
        {
            throw new CatalogForbiddenException(target, CatalogAction.Annotate, "only the annotation's author may remove it here: " + reason);
        }

        if (link.Text("kind") == "map")
        {
            var pairs = (await write.RowsAsync("SELECT map_key, map_value FROM map_value WHERE annotation_id = @annotationId", new { annotationId }).ConfigureAwait(false))
                .Select(r => (r.Text("map_key"), r.Text("map_value")));
            await SearchIndex.RemovePairsAsync(write, target, pairs).ConfigureAwait(false);
        }

        await write.ExecuteAsync("DELETE FROM annotation_link WHERE id = @id", new { id = link.Long("id") }).ConfigureAwait(false);
        if (link.Text("kind") is "map" or "comment"
            && await write.ScalarAsync<long>("SELECT COUNT(*) FROM annotation_link WHERE annotation_id = @annotationId", new { annotationId }).ConfigureAwait(false) == 0)
        {
            await write.ExecuteAsync("DELETE FROM annotation WHERE id = @annotationId", new { annotationId }).ConfigureAwait(false);
        }

        await write.EventAsync("unlink", type, target.Id, $"annotation {annotationId}").ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tags the caller may see whose text starts with <paramref name="prefix"/> (case-insensitive), for autocomplete.</summary>
    public async Task<IReadOnlyList<string>> SuggestTagsAsync(CatalogCaller caller, string prefix, int limit = 10, CancellationToken cancellationToken = default)
    {
        var (_, take) = Paging(0, limit);
        var rows = await RowsAsync(
            $"SELECT DISTINCT a.text_value FROM annotation a WHERE a.kind = 'tag' AND {caller.ReadPredicate("a")} AND LOWER(a.text_value) LIKE @pattern ESCAPE '\\' ORDER BY a.text_value LIMIT @take",
            new { pattern = EscapeLike(prefix.ToLowerInvariant()) + "%", take }, cancellationToken).ConfigureAwait(false);
        return rows.Select(r => r.Text("text_value")).ToList();
    }

    internal static async Task<long> AddMapAnnotationAsync(CatalogWrite write, CatalogObject target, IReadOnlyList<KeyValuePair<string, string>> pairs, string? ns)
    {
        if (pairs.Count == 0)
        {
            throw new CatalogException($"{target.Ref}: a map annotation needs at least one key/value pair");
        }

        foreach (var (key, _) in pairs)
        {
            RequireName(key, $"{target.Ref}: key");
        }

        var id = await NewAnnotationAsync(write, target, "map", ns, null, null, null).ConfigureAwait(false);
        await write.ExecuteAsync(
            "INSERT INTO map_value (annotation_id, position, map_key, map_value, key_fold, value_fold) VALUES (@id, @position, @key, @value, @keyFold, @valueFold)",
            pairs.Select((p, i) => new { id, position = i, key = p.Key.Trim(), value = p.Value.Trim(), keyFold = SearchIndex.Fold(p.Key), valueFold = SearchIndex.Fold(p.Value) })).ConfigureAwait(false);
        await SearchIndex.AddPairsAsync(write, target.Ref, target.GroupId, target.OwnerId, pairs.Select(p => (p.Key, p.Value))).ConfigureAwait(false);
        return id;
    }

    internal static async Task<long> AddTagAsync(CatalogWrite write, CatalogObject target, string tag, string? description)
    {
        var id = await TagIdAsync(write, target.GroupId, tag, description).ConfigureAwait(false);
        await LinkAnnotationAsync(write, target, id).ConfigureAwait(false);
        return id;
    }

    /// <summary>The group's tag with this text (case-insensitive), created by the caller when there is none.</summary>
    internal static async Task<long> TagIdAsync(CatalogWrite write, long groupId, string tag, string? description)
    {
        var existing = await write.ScalarAsync<long?>(
            "SELECT id FROM annotation WHERE kind = 'tag' AND group_id = @groupId AND LOWER(text_value) = @text ORDER BY id LIMIT 1",
            new { groupId, text = tag.Trim().ToLowerInvariant() }).ConfigureAwait(false);
        return existing ?? await write.InsertAsync(
            "INSERT INTO annotation (kind, namespace, text_value, description, owner_id, group_id, created_at) VALUES ('tag', NULL, @text, @description, @me, @groupId, @at)",
            new { text = tag.Trim(), description, me = write.Caller.ExperimenterId, groupId, at = write.Time() }).ConfigureAwait(false);
    }

    private static async Task<long> NewAnnotationAsync(CatalogWrite write, CatalogObject target, string kind, string? ns, string? text, string? filePath, long? fileSize)
    {
        var id = await write.InsertAsync(
            "INSERT INTO annotation (kind, namespace, text_value, file_path, file_size, owner_id, group_id, created_at) VALUES (@kind, @ns, @text, @filePath, @fileSize, @me, @groupId, @at)",
            new { kind, ns, text, filePath, fileSize, me = write.Caller.ExperimenterId, groupId = target.GroupId, at = write.Time() }).ConfigureAwait(false);
        await LinkAnnotationAsync(write, target, id).ConfigureAwait(false);
        return id;
    }

    private static async Task LinkAnnotationAsync(CatalogWrite write, CatalogObject target, long annotationId)
    {
        var type = CatalogObjectTypes.Name(target.Ref.Type);
        await write.ExecuteAsync(
            """
            INSERT INTO annotation_link (object_type, object_id, annotation_id, owner_id, group_id, created_at) VALUES (@type, @id, @annotationId, @me, @groupId, @at)
            ON CONFLICT (object_type, object_id, annotation_id) DO NOTHING
            """,
            new { type, id = target.Ref.Id, annotationId, me = write.Caller.ExperimenterId, groupId = target.GroupId, at = write.Time() }).ConfigureAwait(false);
        await write.EventAsync("annotate", type, target.Ref.Id, $"annotation {annotationId}").ConfigureAwait(false);
    }

    private static string KindName(AnnotationKind kind) => kind switch
    {
        AnnotationKind.Map => "map",
        AnnotationKind.Tag => "tag",
        AnnotationKind.TagSet => "tagset",
        AnnotationKind.Comment => "comment",
        _ => "file",
    };

    private static AnnotationKind ParseKind(string kind) => kind switch
    {
        "map" => AnnotationKind.Map,
        "tag" => AnnotationKind.Tag,
        "tagset" => AnnotationKind.TagSet,
        "comment" => AnnotationKind.Comment,
        _ => AnnotationKind.File,
    };

    private static string EscapeLike(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
