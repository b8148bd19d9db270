namespace Tessera.Catalog.Tests;

/// <summary>
/// OMERO's permission tables, acted out: for each group level (and a public read-only group) × role × action the
/// catalogue allows exactly what the tables say — and a caller who may not read an object finds no trace of it in
/// lists, counts, search, facets or autocomplete.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PermissionMatrixTests(PostgresServer server)
{
    private enum Role { Owner, OtherMember, GroupOwner, NonMember, Anonymous, Admin }

    private enum Action { List, Read, Annotate, Edit, Delete }

    private sealed record Level(string Name, GroupPermissions Permissions, bool IsPublic);

    private static readonly Level[] Levels =
    [
        new("private", GroupPermissions.Private, false),
        new("readonly", GroupPermissions.ReadOnly, false),
        new("readannotate", GroupPermissions.ReadAnnotate, false),
        new("readwrite", GroupPermissions.ReadWrite, false),
        new("public", GroupPermissions.ReadOnly, true),
    ];

    /// <summary>OMERO's "permissions on other users' data" tables; the owner may do everything with their own.</summary>
    private static bool Expected(Level level, Role role, Action action)
    {
        var p = level.Permissions;
        return role switch
        {
            Role.Owner => true,
            Role.Admin => action != Action.Annotate || p != GroupPermissions.Private,
            Role.GroupOwner => action != Action.Annotate || p != GroupPermissions.Private,
            Role.OtherMember => action switch
            {
                Action.List or Action.Read => p != GroupPermissions.Private,
                Action.Annotate => p is GroupPermissions.ReadAnnotate or GroupPermissions.ReadWrite,
                _ => p == GroupPermissions.ReadWrite,
            },
            _ => level.IsPublic && action is Action.List or Action.Read,
        };
    }

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task Every_level_role_and_action_follows_OMEROs_tables(CatalogDialect dialect)
    {
        await using var backend = await CatalogBackend.CreateAsync(dialect, server);
        var catalog = new Catalog(backend.Database);
        var admin = await catalog.CreateUserAsync("root", isAdmin: true);
        var outsiderGroup = await catalog.CreateGroupAsync("elsewhere", GroupPermissions.ReadWrite);
        var mismatches = new List<string>();
        var checkedCases = 0;

        foreach (var level in Levels)
        {
            var group = await catalog.CreateGroupAsync("g-" + level.Name, level.Permissions, level.IsPublic);
            var users = new Dictionary<Role, Experimenter>
            {
                [Role.Owner] = await catalog.CreateUserAsync("owner-" + level.Name),
                [Role.OtherMember] = await catalog.CreateUserAsync("member-" + level.Name),
                [Role.GroupOwner] = await catalog.CreateUserAsync("pi-" + level.Name),
                [Role.NonMember] = await catalog.CreateUserAsync("outsider-" + level.Name),
                [Role.Admin] = admin,
            };
            await catalog.AddMemberAsync(group.Id, users[Role.Owner].Id);
            await catalog.AddMemberAsync(group.Id, users[Role.OtherMember].Id);
            await catalog.AddMemberAsync(group.Id, users[Role.GroupOwner].Id, isGroupOwner: true);
            await catalog.AddMemberAsync(outsiderGroup.Id, users[Role.NonMember].Id);

            var owner = await catalog.CallerAsync(users[Role.Owner].Id);
            var probeKey = $"Probe {level.Name}";
            var probeValue = $"value-{level.Name}";
            var probe = await NewImageAsync(catalog, owner, group.Id, $"probe{level.Name} image", probeKey, probeValue);
            var dataset = await catalog.CreateDatasetAsync(owner, group.Id, $"set{level.Name}");

            foreach (var role in Enum.GetValues<Role>())
            {
                var caller = role switch
                {
                    Role.Anonymous => await catalog.AnonymousAsync(),
                    _ => await catalog.CallerAsync(users[role].Id),
                };
                foreach (var action in Enum.GetValues<Action>())
                {
                    var expected = Expected(level, role, action);
                    var victim = action == Action.Delete ? await NewImageAsync(catalog, owner, group.Id, $"victim {role}", "Victim", role.ToString()) : probe;
                    var actual = await TryAsync(catalog, caller, victim, dataset.Ref, action, probeKey, probeValue, level.Name);
                    checkedCases++;
                    if (actual != expected)
                    {
                        mismatches.Add($"{level.Name} × {role} × {action}: expected {(expected ? "allowed" : "refused")}, was {(actual ? "allowed" : "refused")}");
                    }
                }
            }
        }

        Assert.Equal(Levels.Length * 6 * 5, checkedCases);
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task Members_of_a_private_group_count_only_their_own_objects(CatalogDialect dialect)
    {
        await using var backend = await CatalogBackend.CreateAsync(dialect, server);
        var catalog = new Catalog(backend.Database);
        var group = await catalog.CreateGroupAsync("lab", GroupPermissions.Private);
        var alice = await catalog.CreateUserAsync("alice");
        var bob = await catalog.CreateUserAsync("bob");
        var pi = await catalog.CreateUserAsync("pi");
        await catalog.AddMemberAsync(group.Id, alice.Id);
        await catalog.AddMemberAsync(group.Id, bob.Id);
        await catalog.AddMemberAsync(group.Id, pi.Id, isGroupOwner: true);
        var asAlice = await catalog.CallerAsync(alice.Id);
        var asBob = await catalog.CallerAsync(bob.Id);
        for (var i = 0; i < 3; i++)
        {
            await NewImageAsync(catalog, asAlice, group.Id, $"alice {i}", "Organism", "Homo sapiens");
        }

        await NewImageAsync(catalog, asBob, group.Id, "bob 0", "Organism", "Mus musculus");
        await NewImageAsync(catalog, asBob, group.Id, "bob 1", "Organism", "Homo sapiens");

        var query = new CatalogQuery { Filters = [new KeyValueFilter("organism", "HOMO SAPIENS")] };
        Assert.Equal(3, (await catalog.SearchAsync(asAlice, query)).TotalCount);
        Assert.Equal(1, (await catalog.SearchAsync(asBob, query)).TotalCount);
        Assert.Equal(4, (await catalog.SearchAsync(await catalog.CallerAsync(pi.Id), query)).TotalCount);
        Assert.Equal([new FacetValue("Homo sapiens", 3)], (await catalog.FacetAsync(asAlice, "Organism")).Values);
        Assert.Equal(2, (await catalog.FacetAsync(asBob, "Organism")).DistinctValues);
        Assert.Empty(await catalog.SuggestValuesAsync(asAlice, "Organism", "mus"));
        Assert.Equal(3, (await catalog.ListAsync(asAlice, CatalogObjectType.Image)).TotalCount);
        Assert.Equal(5, (await catalog.ListAsync(await catalog.CallerAsync(pi.Id), CatalogObjectType.Image)).TotalCount);
        Assert.Equal(0, (await catalog.SearchAsync(asAlice, new CatalogQuery { Text = "bob" })).TotalCount);
    }

    private static async Task<ObjectRef> NewImageAsync(Catalog catalog, CatalogCaller owner, long groupId, string name, string key, string value)
    {
        long id;
        await using (var write = await catalog.BeginWriteAsync(owner, default))
        {
            id = await Catalog.InsertImageAsync(write, groupId, new ImageRecord { Name = name, Location = $"/data/{Guid.NewGuid():N}.zarr", InPlace = true, PixelType = "uint8", SizeX = 8, SizeY = 8 });
            await write.CommitAsync();
        }

        var image = new ObjectRef(CatalogObjectType.Image, id);
        await catalog.AddMapAnnotationAsync(owner, image, [new(key, value)]);
        return image;
    }

    /// <summary>Performs the action for real and says whether it went through; a refusal must never reveal more than it should.</summary>
    private static async Task<bool> TryAsync(Catalog catalog, CatalogCaller caller, ObjectRef image, ObjectRef dataset, Action action, string key, string value, string word)
    {
        switch (action)
        {
            case Action.List:
                var listed = (await catalog.ListAsync(caller, CatalogObjectType.Image, limit: 1000)).Items.Any(o => o.Ref == image);
                var searched = (await catalog.SearchAsync(caller, new CatalogQuery { Filters = [new KeyValueFilter(key, value)] })).TotalCount;
                var byText = (await catalog.SearchAsync(caller, new CatalogQuery { Text = "probe" + word })).TotalCount;
                var byPrefix = (await catalog.SearchAsync(caller, new CatalogQuery { Filters = [new KeyValueFilter(key, "val", Prefix: true)] })).Items.Count;
                var facet = (await catalog.FacetAsync(caller, key)).Values.Sum(v => v.Count);
                var values = (await catalog.SuggestValuesAsync(caller, key, "v")).Count;
                var keys = (await catalog.SuggestKeysAsync(caller, key[..7])).Count(k => string.Equals(k.Value, key, StringComparison.OrdinalIgnoreCase));

                // Every view of the object agrees: all see it once, or none does.
                long[] views = [listed ? 1 : 0, searched, byText, byPrefix, facet, values, keys];
                Assert.True(views.All(v => v == views[0]) && views[0] is 0 or 1, $"{caller.UserName}: inconsistent views of {image}: {string.Join(",", views)}");
                return listed;
            case Action.Read:
                try
                {
                    await catalog.GetImageAsync(caller, image.Id);
                    await catalog.ListAnnotationsAsync(caller, image);
                    return true;
                }
                catch (CatalogNotFoundException)
                {
                    return false;
                }

            default:
                try
                {
                    switch (action)
                    {
                        case Action.Annotate:
                            await catalog.AddMapAnnotationAsync(caller, image, [new("Note", "seen")]);
                            break;
                        case Action.Edit:
                            await catalog.UpdateAsync(caller, image, null, "edited by " + caller.UserName);
                            break;
                        default:
                            await catalog.DeleteAsync(caller, image);
                            await Assert.ThrowsAsync<CatalogNotFoundException>(() => catalog.GetImageAsync(caller, image.Id));
                            break;
                    }

                    return true;
                }
                catch (CatalogForbiddenException)
                {
                    return false;
                }
                catch (CatalogNotFoundException)
                {
                    // Not readable: the refusal is "not found", the same as for an object that does not exist.
                    Assert.False(await catalog.CanAsync(caller, image, CatalogAction.Read));
                    return false;
                }
        }
    }
}
