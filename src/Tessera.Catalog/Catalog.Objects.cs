using Dapper;

namespace Tessera.Catalog;

public sealed partial class Catalog
{
    /// <summary>Creates a project in a group the caller belongs to.</summary>
    public Task<CatalogObject> CreateProjectAsync(CatalogCaller caller, long groupId, string name, string? description = null, CancellationToken cancellationToken = default) =>
        CreateContainerAsync(caller, CatalogObjectType.Project, groupId, name, description, cancellationToken);

    /// <summary>Creates a dataset in a group the caller belongs to.</summary>
    public Task<CatalogObject> CreateDatasetAsync(CatalogCaller caller, long groupId, string name, string? description = null, CancellationToken cancellationToken = default) =>
        CreateContainerAsync(caller, CatalogObjectType.Dataset, groupId, name, description, cancellationToken);

    /// <summary>Creates a screen in a group the caller belongs to.</summary>
    public Task<CatalogObject> CreateScreenAsync(CatalogCaller caller, long groupId, string name, string? description = null, CancellationToken cancellationToken = default) =>
        CreateContainerAsync(caller, CatalogObjectType.Screen, groupId, name, description, cancellationToken);

    /// <summary>The object, if the caller may read it.</summary>
    /// <exception cref="CatalogNotFoundException">It does not exist or the caller may not read it.</exception>
    public async Task<CatalogObject> GetAsync(CatalogCaller caller, ObjectRef target, CancellationToken cancellationToken = default)
    {
        var rows = await RowsAsync($"{Select(target.Type)} WHERE o.id = @id AND {caller.ReadPredicate("o")}", new { id = target.Id }, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? throw new CatalogNotFoundException(target) : ToObject(target.Type, rows[0]);
    }

    /// <summary>Whether the caller may do <paramref name="action"/> to the object (false also when it cannot be read).</summary>
    public async Task<bool> CanAsync(CatalogCaller caller, ObjectRef target, CatalogAction action, CancellationToken cancellationToken = default)
    {
        try
        {
            var found = await GetAsync(caller, target, cancellationToken).ConfigureAwait(false);
            return caller.Allows(found.GroupId, found.OwnerId, action, out _);
        }
        catch (CatalogNotFoundException)
        {
            return false;
        }
    }

    /// <summary>
    /// A page of the objects of one type the caller may list, optionally inside a parent (datasets of a project, images
    /// of a dataset or well, plates of a screen, wells of a plate, ROIs of an image), a group or an owner.
    /// </summary>
    /// <exception cref="CatalogNotFoundException">The parent does not exist or the caller may not read it.</exception>
    public async Task<CatalogPage<CatalogObject>> ListAsync(
        CatalogCaller caller, CatalogObjectType type, ObjectRef? parent = null, long? groupId = null, long? ownerId = null,
        long offset = 0, int limit = 50, CancellationToken cancellationToken = default)
    {
        var (skip, take) = Paging(offset, limit);
        var join = "";
        if (parent is { } p)
        {
            await GetAsync(caller, p, cancellationToken).ConfigureAwait(false);
            join = (p.Type, type) switch
            {
                (CatalogObjectType.Project, CatalogObjectType.Dataset) => "JOIN project_dataset r ON r.dataset_id = o.id AND r.project_id = @parentId",
                (CatalogObjectType.Dataset, CatalogObjectType.Image) => "JOIN dataset_image r ON r.image_id = o.id AND r.dataset_id = @parentId",
                (CatalogObjectType.Screen, CatalogObjectType.Plate) => "JOIN screen_plate r ON r.plate_id = o.id AND r.screen_id = @parentId",
                (CatalogObjectType.Plate, CatalogObjectType.Well) => "JOIN plate r ON r.id = o.plate_id AND r.id = @parentId",
                (CatalogObjectType.Well, CatalogObjectType.Image) => "JOIN well_sample r ON r.image_id = o.id AND r.well_id = @parentId",
                (CatalogObjectType.Image, CatalogObjectType.Roi) => "JOIN image r ON r.id = o.image_id AND r.id = @parentId",
                _ => throw new CatalogException($"{p}: a {CatalogObjectTypes.Name(p.Type)} holds no {CatalogObjectTypes.Name(type)}s"),
            };
        }

        var where = $"WHERE {caller.ReadPredicate("o")}"
            + (groupId is null ? "" : " AND o.group_id = @groupId")
            + (ownerId is null ? "" : " AND o.owner_id = @ownerId");
        var parameters = new { parentId = parent?.Id, groupId, ownerId, skip, take };
        var order = type == CatalogObjectType.Well ? "o.row_index, o.column_index" : "o.name, o.id";
        var rows = await RowsAsync($"{Select(type)} {join} {where} ORDER BY {order} LIMIT @take OFFSET @skip", parameters, cancellationToken).ConfigureAwait(false);
        var total = await ScalarAsync<long>($"SELECT COUNT(*) FROM {CatalogObjectTypes.Name(type)} o {join} {where}", parameters, cancellationToken).ConfigureAwait(false);
        return new CatalogPage<CatalogObject>(rows.Select(r => ToObject(type, r)).ToList(), skip, take, total);
    }

    /// <summary>Renames or re-describes an object (null leaves a field as it is).</summary>
    /// <exception cref="CatalogNotFoundException">The caller may not read it.</exception>
    /// <exception cref="CatalogForbiddenException">The caller may read but not edit it.</exception>
    public async Task<CatalogObject> UpdateAsync(CatalogCaller caller, ObjectRef target, string? name, string? description, CancellationToken cancellationToken = default)
    {
        if (target.Type == CatalogObjectType.Well)
        {
            throw new CatalogException($"{target}: a well's name is its position and cannot be changed");
        }

        if (name is not null)
        {
            RequireName(name, "name");
        }

        await using var write = await BeginWriteAsync(caller, cancellationToken).ConfigureAwait(false);
        var found = await RequireAsync(write, target, CatalogAction.Edit).ConfigureAwait(false);
        var table = CatalogObjectTypes.Name(target.Type);
        var newName = name ?? found.Name;
        var newDescription = description ?? found.Description;
        var updated = target.Type == CatalogObjectType.Roi
            ? "UPDATE roi SET name = @newName, description = @newDescription WHERE id = @id"
            : $"UPDATE {table} SET name = @newName, description = @newDescription, updated_at = @at WHERE id = @id";
        await write.ExecuteAsync(updated, new { newName, newDescription, at = write.Time(), id = target.Id }).ConfigureAwait(false);
        await SearchIndex.TextAsync(write, target, found.GroupId, found.OwnerId, newName, newDescription).ConfigureAwait(false);
        await write.EventAsync("update", table, target.Id, name is null ? null : $"name: {newName}").ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        return found with { Name = newName, Description = newDescription };
    }

    /// <summary>
    /// Deletes an object with what only it holds: an image with its ROIs, rendering settings and annotation links; a
    /// plate with its wells and their images; a project, dataset or screen with its links (the datasets, images or
    /// plates in it stay, as they may be linked elsewhere). Returns the repository-relative pixel locations of deleted
    /// images that were copied into the repository, for the caller to remove after the transaction.
    /// </summary>
    /// <exception cref="CatalogNotFoundException">The caller may not read it.</exception>
    /// <exception cref="CatalogForbiddenException">The caller may read but not delete it (or something it holds).</exception>
    public async Task<IReadOnlyList<string>> DeleteAsync(CatalogCaller caller, ObjectRef target, CancellationToken cancellationToken = default)
    {
        if (target.Type == CatalogObjectType.Well)
        {
            throw new CatalogException($"{target}: wells are deleted with their plate");
        }

        await using var write = await BeginWriteAsync(caller, cancellationToken).ConfigureAwait(false);
        var found = await RequireAsync(write, target, CatalogAction.Delete).ConfigureAwait(false);
        var freed = new List<string>();
        switch (target.Type)
        {
            case CatalogObjectType.Image:
                freed.AddRange(await DeleteImagesAsync(write, [target.Id]).ConfigureAwait(false));
                break;
            case CatalogObjectType.Plate:
                var images = (await write.Connection.QueryAsync<long>(
                    "SELECT ws.image_id FROM well_sample ws JOIN well w ON w.id = ws.well_id WHERE w.plate_id = @id", new { id = target.Id }, write.Transaction).ConfigureAwait(false)).ToList();
                var wells = (await write.Connection.QueryAsync<long>("SELECT id FROM well WHERE plate_id = @id", new { id = target.Id }, write.Transaction).ConfigureAwait(false)).ToList();
                freed.AddRange(await DeleteImagesAsync(write, images).ConfigureAwait(false));
                foreach (var well in wells)
                {
                    await UnindexAsync(write, new ObjectRef(CatalogObjectType.Well, well)).ConfigureAwait(false);
                }

                var location = await write.ScalarAsync<string>("SELECT location FROM plate WHERE id = @id AND in_place = @no", new { id = target.Id, no = false }).ConfigureAwait(false);
                if (location is not null)
                {
                    freed.Add(location);
                }

                break;
            case CatalogObjectType.Roi:
                break;
        }

        await UnindexAsync(write, target).ConfigureAwait(false);
        await write.ExecuteAsync($"DELETE FROM {CatalogObjectTypes.Name(target.Type)} WHERE id = @id", new { id = target.Id }).ConfigureAwait(false);
        await write.EventAsync("delete", CatalogObjectTypes.Name(target.Type), target.Id, found.Name).ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        return freed.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Puts a dataset into a project, an image into a dataset or a plate into a screen (both in one group).</summary>
    /// <exception cref="CatalogNotFoundException">The caller may not read one of them.</exception>
    /// <exception cref="CatalogForbiddenException">OMERO's "mix data" right is missing for another user's object.</exception>
    public Task LinkAsync(CatalogCaller caller, ObjectRef parent, ObjectRef child, CancellationToken cancellationToken = default) =>
        ChangeLinkAsync(caller, parent, child, link: true, cancellationToken);

    /// <summary>Takes a child out of a container (the child itself stays).</summary>
    public Task UnlinkAsync(CatalogCaller caller, ObjectRef parent, ObjectRef child, CancellationToken cancellationToken = default) =>
        ChangeLinkAsync(caller, parent, child, link: false, cancellationToken);

    internal static async Task<CatalogObject> RequireAsync(CatalogWrite write, ObjectRef target, CatalogAction action)
    {
        var rows = await write.RowsAsync($"{Select(target.Type)} WHERE o.id = @id AND {write.Caller.ReadPredicate("o")}", new { id = target.Id }).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            throw new CatalogNotFoundException(target);
        }

        var found = ToObject(target.Type, rows[0]);
        return write.Caller.Allows(found.GroupId, found.OwnerId, action, out var reason) ? found : throw new CatalogForbiddenException(target, action, reason);
    }

    internal static string Select(CatalogObjectType type) => type switch
    {
        CatalogObjectType.Well => "SELECT o.id, o.row_name || o.column_name AS name, NULL AS description, o.owner_id, o.group_id, NULL AS created_at, NULL AS updated_at FROM well o",
        CatalogObjectType.Roi => "SELECT o.id, COALESCE(o.name, '') AS name, o.description, o.owner_id, o.group_id, o.created_at, o.created_at AS updated_at FROM roi o",
        _ => $"SELECT o.id, o.name, o.description, o.owner_id, o.group_id, o.created_at, o.updated_at FROM {CatalogObjectTypes.Name(type)} o",
    };

    internal static CatalogObject ToObject(CatalogObjectType type, IDictionary<string, object?> row) => new(
        new ObjectRef(type, row.Long("id")), row.Text("name"), row.NullableText("description"), row.Long("owner_id"), row.Long("group_id"),
        row.Time("created_at"), row.Time("updated_at"));

    private async Task<CatalogObject> CreateContainerAsync(CatalogCaller caller, CatalogObjectType type, long groupId, string name, string? description, CancellationToken cancellationToken)
    {
        RequireName(name, CatalogObjectTypes.Name(type) + " name");
        await using var write = await BeginWriteAsync(caller, cancellationToken).ConfigureAwait(false);
        var created = await CreateContainerAsync(write, type, groupId, name, description).ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        return created;
    }

    internal static async Task<CatalogObject> CreateContainerAsync(CatalogWrite write, CatalogObjectType type, long groupId, string name, string? description)
    {
        var caller = write.Caller;
        if (caller.ExperimenterId is not { } me || !(caller.IsAdmin || caller.Group(groupId)?.IsMember == true))
        {
            throw new CatalogException($"group {groupId}: {caller.UserName} may not create data here (not a member)");
        }

        var table = CatalogObjectTypes.Name(type);
        var id = await write.InsertAsync(
            $"INSERT INTO {table} (name, description, owner_id, group_id, created_at, updated_at) VALUES (@name, @description, @me, @groupId, @at, @at)",
            new { name, description, me, groupId, at = write.Time() }).ConfigureAwait(false);
        var target = new ObjectRef(type, id);
        await SearchIndex.TextAsync(write, target, groupId, me, name, description).ConfigureAwait(false);
        await write.EventAsync("create", table, id, name).ConfigureAwait(false);
        var now = (DateTimeOffset)write.Now;
        return new CatalogObject(target, name, description, me, groupId, now, now);
    }

    internal static async Task LinkAsync(CatalogWrite write, ObjectRef parent, ObjectRef child)
    {
        var (table, parentColumn, childColumn) = LinkTable(parent, child);
        await write.ExecuteAsync(
            $"INSERT INTO {table} ({parentColumn}, {childColumn}) VALUES (@p, @c) ON CONFLICT DO NOTHING",
            new { p = parent.Id, c = child.Id }).ConfigureAwait(false);
    }

    private async Task ChangeLinkAsync(CatalogCaller caller, ObjectRef parent, ObjectRef child, bool link, CancellationToken cancellationToken)
    {
        var (table, parentColumn, childColumn) = LinkTable(parent, child);
        await using var write = await BeginWriteAsync(caller, cancellationToken).ConfigureAwait(false);
        var p = await RequireAsync(write, parent, CatalogAction.Link).ConfigureAwait(false);
        var c = await RequireAsync(write, child, CatalogAction.Link).ConfigureAwait(false);
        if (p.GroupId != c.GroupId)
        {
            throw new CatalogException($"{parent} and {child} are in different groups; objects are only linked within one group");
        }

        var sql = link
            ? $"INSERT INTO {table} ({parentColumn}, {childColumn}) VALUES (@p, @c) ON CONFLICT DO NOTHING"
            : $"DELETE FROM {table} WHERE {parentColumn} = @p AND {childColumn} = @c";
        await write.ExecuteAsync(sql, new { p = parent.Id, c = child.Id }).ConfigureAwait(false);
        await write.EventAsync(link ? "link" : "unlink", CatalogObjectTypes.Name(parent.Type), parent.Id, child.ToString()).ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static (string Table, string ParentColumn, string ChildColumn) LinkTable(ObjectRef parent, ObjectRef child) => (parent.Type, child.Type) switch
    {
        (CatalogObjectType.Project, CatalogObjectType.Dataset) => ("project_dataset", "project_id", "dataset_id"),
        (CatalogObjectType.Dataset, CatalogObjectType.Image) => ("dataset_image", "dataset_id", "image_id"),
        (CatalogObjectType.Screen, CatalogObjectType.Plate) => ("screen_plate", "screen_id", "plate_id"),
        _ => throw new CatalogException($"a {CatalogObjectTypes.Name(child.Type)} cannot be put into a {CatalogObjectTypes.Name(parent.Type)}"),
    };

    private static async Task<IReadOnlyList<string>> DeleteImagesAsync(CatalogWrite write, IReadOnlyList<long> imageIds)
    {
        var freed = new List<string>();
        foreach (var id in imageIds)
        {
            var image = new ObjectRef(CatalogObjectType.Image, id);
            if (!write.Caller.Allows(
                await write.ScalarAsync<long>("SELECT group_id FROM image WHERE id = @id", new { id }).ConfigureAwait(false),
                await write.ScalarAsync<long>("SELECT owner_id FROM image WHERE id = @id", new { id }).ConfigureAwait(false),
                CatalogAction.Delete, out var reason))
            {
                throw new CatalogForbiddenException(image, CatalogAction.Delete, reason);
            }

            foreach (var roi in await write.Connection.QueryAsync<long>("SELECT id FROM roi WHERE image_id = @id", new { id }, write.Transaction).ConfigureAwait(false))
            {
                await UnindexAsync(write, new ObjectRef(CatalogObjectType.Roi, roi)).ConfigureAwait(false);
            }

            var location = await write.ScalarAsync<string>("SELECT location FROM image WHERE id = @id AND in_place = @no", new { id, no = false }).ConfigureAwait(false);
            if (location is not null)
            {
                freed.Add(location);
            }

            await UnindexAsync(write, image).ConfigureAwait(false);
            await write.ExecuteAsync("DELETE FROM image WHERE id = @id", new { id }).ConfigureAwait(false);
            await write.EventAsync("delete", "image", id).ConfigureAwait(false);
        }

        return freed;
    }

    // Annotation links are polymorphic (no foreign key to the object), so they go with the object here.
    private static async Task UnindexAsync(CatalogWrite write, ObjectRef target)
    {
        await SearchIndex.RemoveObjectAsync(write, target).ConfigureAwait(false);
        var parameters = new { type = CatalogObjectTypes.Name(target.Type), id = target.Id };
        var owned = (await write.Connection.QueryAsync<long>(
            "SELECT l.annotation_id FROM annotation_link l JOIN annotation a ON a.id = l.annotation_id WHERE l.object_type = @type AND l.object_id = @id AND a.kind IN ('map', 'comment')",
            parameters, write.Transaction).ConfigureAwait(false)).ToList();
        await write.ExecuteAsync("DELETE FROM annotation_link WHERE object_type = @type AND object_id = @id", parameters).ConfigureAwait(false);

        // Pairs and comments linked nowhere else go with the object; tags and files stay for reuse.
        foreach (var annotationId in owned)
        {
            await write.ExecuteAsync(
                "DELETE FROM annotation WHERE id = @annotationId AND NOT EXISTS (SELECT 1 FROM annotation_link WHERE annotation_id = @annotationId)",
                new { annotationId }).ConfigureAwait(false);
        }
    }
}
