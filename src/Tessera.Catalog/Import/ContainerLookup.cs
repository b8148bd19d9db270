namespace Tessera.Catalog.Import;

/// <summary>
/// Finds the project, dataset or screen an import goes into among the caller's own in the group, by name, and
/// creates it when there is none — inside the import's transaction, so a failed import creates nothing either.
/// </summary>
internal static class ContainerLookup
{
    /// <summary>The group to import into: the one named (the caller must be a member), or the caller's first group.</summary>
    /// <exception cref="CatalogException">No such group, the caller is not in it, or the caller is in no group.</exception>
    public static async Task<long> GroupAsync(Catalog catalog, CatalogCaller caller, string? groupName, CancellationToken cancellationToken)
    {
        if (caller.IsAnonymous)
        {
            throw new CatalogException("anonymous callers may not import");
        }

        if (groupName is null)
        {
            return caller.Groups.Where(g => g.IsMember).OrderBy(g => g.GroupId).FirstOrDefault()?.GroupId
                ?? throw new CatalogException($"{caller.UserName} is in no group to import into; name one they are a member of");
        }

        var group = await catalog.FindGroupAsync(groupName, cancellationToken).ConfigureAwait(false)
            ?? throw new CatalogException($"group '{groupName}': no such group");
        return caller.IsAdmin || caller.Group(group.Id)?.IsMember == true
            ? group.Id
            : throw new CatalogException($"group '{groupName}': {caller.UserName} is not a member, so may not import into it");
    }

    /// <summary>The dataset or screen of <paramref name="target"/> (and the dataset's project), found or created.</summary>
    public static async Task<(ObjectRef Container, ObjectRef? Project)> ResolveAsync(CatalogWrite write, long groupId, ImportTarget target)
    {
        if (target.ScreenName is { } screen)
        {
            return (await FindOrCreateAsync(write, CatalogObjectType.Screen, groupId, screen, null).ConfigureAwait(false), null);
        }

        ObjectRef? project = target.ProjectName is { } projectName
            ? await FindOrCreateAsync(write, CatalogObjectType.Project, groupId, projectName, null).ConfigureAwait(false)
            : null;
        var dataset = await FindOrCreateAsync(write, CatalogObjectType.Dataset, groupId, target.DatasetName!, project).ConfigureAwait(false);
        return (dataset, project);
    }

    /// <summary>
    /// The caller's oldest container of this type and name in the group (a dataset: inside <paramref name="project"/>
    /// when one is given), or a new one linked into <paramref name="project"/>.
    /// </summary>
    private static async Task<ObjectRef> FindOrCreateAsync(CatalogWrite write, CatalogObjectType type, long groupId, string name, ObjectRef? project)
    {
        var table = CatalogObjectTypes.Name(type);
        var sql = project is null
            ? $"SELECT o.id FROM {table} o WHERE o.group_id = @groupId AND o.owner_id = @owner AND o.name = @name ORDER BY o.id LIMIT 1"
            : $"""
              SELECT o.id FROM {table} o JOIN project_dataset pd ON pd.dataset_id = o.id AND pd.project_id = @projectId
              WHERE o.group_id = @groupId AND o.owner_id = @owner AND o.name = @name ORDER BY o.id LIMIT 1
              """;
        var found = await write.ScalarAsync<long?>(sql, new { groupId, owner = write.Caller.ExperimenterId, name, projectId = project?.Id }).ConfigureAwait(false);
        if (found is { } id)
        {
            return new ObjectRef(type, id);
        }

        var created = await Catalog.CreateContainerAsync(write, type, groupId, name, null).ConfigureAwait(false);
        if (project is { } parent)
        {
            await Catalog.LinkAsync(write, parent, created.Ref).ConfigureAwait(false);
        }

        return created.Ref;
    }
}
