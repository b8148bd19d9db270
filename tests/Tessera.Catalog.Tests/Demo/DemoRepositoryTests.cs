using System.Text.Json.Nodes;
using Dapper;
using Tessera.Catalog.Demo;
using Tessera.Ngff;
using Tessera.Zarr.Storage;

namespace Tessera.Catalog.Tests.Demo;

/// <summary>
/// The small demo repository: what it holds, who sees what, that its images are valid OME-Zarr, and that building
/// it again, after an interruption or over something else, does the right thing.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DemoRepositoryTests(PostgresServer server, DemoRepositoryTests.SmallDemo demo) : IClassFixture<DemoRepositoryTests.SmallDemo>, IDisposable
{
    private readonly TestDirectory _scratch = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _scratch.Dispose();
    }

    [Fact]
    public async Task Holds_the_plate_the_stack_and_the_slides_as_imported_images()
    {
        var summary = demo.Summary;
        var repository = await TesseraRepository.OpenAsync(summary.Repository);
        var admin = await repository.CallerAsync();
        Assert.Equal("admin", admin.UserName);

        var plate = await repository.Catalog.GetPlateAsync(admin, summary.PlateId);
        Assert.Equal(("Demo plate", 2, 3, 2), (plate.Name, plate.RowNames.Count, plate.ColumnNames.Count, plate.FieldCount));
        Assert.Equal(6, plate.Wells.Count);
        Assert.All(plate.Wells, w => Assert.Equal([0, 1], w.Samples.Select(s => s.FieldIndex)));
        Assert.Equal((6, 15), (summary.WellCount, summary.ImageCount));
        Assert.Equal(15, (await repository.Catalog.ListAsync(admin, CatalogObjectType.Image)).TotalCount);

        var field = await repository.Catalog.GetImageAsync(admin, plate.Wells[0].Samples[0].ImageId);
        Assert.Equal("Demo plate [Well A1, Field 1]", field.Name);
        Assert.Equal(["DNA", "Tubulin", "Actin"], field.Channels.Select(c => c.Label));
        var stack = await repository.Catalog.GetImageAsync(admin, summary.StackImageId);
        Assert.Equal(("Cell stack", 6, 128L, 3), (stack.Name, stack.SizeZ, stack.SizeX, stack.Channels.Count));
        var large = await repository.Catalog.GetImageAsync(admin, summary.LargeImageId);
        Assert.Equal((2048L, 2048L, "uint8"), (large.SizeY, large.SizeX, large.PixelType));

        // Copied into pixels/ like any import, the generated sources gone, each hierarchy valid in its version.
        Assert.False(Path.IsPathRooted(plate.Location));
        Assert.False(Directory.Exists(Path.Combine(summary.Repository, "generated")));
        foreach (var (location, version, kind) in new[]
        {
            (plate.Location, NgffVersion.V0_4, NgffKind.Plate),
            (stack.Location, NgffVersion.V0_5, NgffKind.Image),
            (large.Location, NgffVersion.V0_5, NgffKind.Image),
            ((await repository.Catalog.GetImageAsync(admin, summary.PrivateImageId)).Location, NgffVersion.V0_5, NgffKind.Image),
        })
        {
            var store = new FileSystemStore(repository.Resolve(location));
            var report = await NgffValidator.ValidateAsync(store, "", new NgffValidationOptions());
            Assert.True(report.Valid, string.Join("; ", report.Errors));
            Assert.Equal((version, kind), (report.Version, report.Kind));
        }

        // Plate fields carry their nuclei as a label image; the slide is sharded with a pyramid down to 256 pixels.
        var fieldNode = await NgffNode.OpenAsync(new FileSystemStore(repository.Resolve(field.Location)), "");
        Assert.Equal(["nuclei"], await fieldNode.ListLabelsAsync());
        var slide = await NgffNode.OpenAsync(new FileSystemStore(repository.Resolve(large.Location)), "");
        var levels = slide.Metadata.Multiscale!.Datasets.Count;
        Assert.Equal(4, levels);
        Assert.NotNull((await slide.OpenLevelAsync(0)).Metadata.Sharding);
        Assert.Equal(256, (await slide.OpenLevelAsync(levels - 1)).Shape[^1]);
    }

    [Fact]
    public async Task Annotations_tags_and_rois_are_there_and_searchable()
    {
        var repository = await TesseraRepository.OpenAsync(demo.Summary.Repository);
        var catalog = repository.Catalog;
        var anonymous = await catalog.AnonymousAsync();

        // Row A: A1 and A3 are controls, A2 silences PLK1 (mitotic arrest); row B's middle well KIF11.
        var plk1 = await catalog.SearchAsync(anonymous, new CatalogQuery { Filters = [KeyValueFilter.Parse("Gene Symbol=PLK1")] });
        Assert.Equal(["Demo plate A2"], plk1.Items.Select(h => h.Name));
        var arrested = await catalog.SearchAsync(anonymous, new CatalogQuery { Filters = [KeyValueFilter.Parse("Phenotype=mitotic arrest"), KeyValueFilter.Parse("Organism=Homo sapiens")], Type = CatalogObjectType.Well });
        Assert.Equal(2, arrested.TotalCount);
        var controls = await catalog.SearchAsync(anonymous, new CatalogQuery { Filters = [KeyValueFilter.Parse("Control Type=negative control")] });
        Assert.Equal(4, controls.TotalCount);
        var cellLines = await catalog.FacetAsync(anonymous, "Cell Line");
        Assert.Contains(cellLines.Values, v => v.Value == "HeLa");

        var well = plk1.Items[0].Ref;
        var tags = await catalog.ListAnnotationsAsync(anonymous, well, AnnotationKind.Tag);
        Assert.Equal(["mitosis"], tags.Select(t => t.Text));
        var sets = await catalog.ListTagSetsAsync(anonymous);
        Assert.Equal("Phenotypes", Assert.Single(sets).Name);
        Assert.Equal(["cell loss", "mitosis", "nuclear shape", "polyploidy"], sets[0].Tags.Order(StringComparer.Ordinal));
        var screenTags = await catalog.ListAnnotationsAsync(anonymous, new ObjectRef(CatalogObjectType.Screen, demo.Summary.ScreenId), AnnotationKind.Tag);
        Assert.Equal(["demo"], screenTags.Select(t => t.Text));
        Assert.Single(await catalog.ListAnnotationsAsync(anonymous, new ObjectRef(CatalogObjectType.Image, demo.Summary.StackImageId), AnnotationKind.Comment));

        var rois = JsonNode.Parse(await catalog.GetRoisAsync(anonymous, demo.Summary.StackImageId))!["features"]!.AsArray();
        Assert.Equal(["ellipse", "rectangle", "point", "polygon"], rois.Select(f => (string)f!["properties"]!["shape"]!));
        Assert.All(rois, f => Assert.NotNull(f!["properties"]!["theZ"]));
        Assert.Equal(9, demo.Summary.RoiCount);
    }

    [Fact]
    public async Task Anonymous_visitors_see_the_public_group_alice_also_her_private_one_bob_not()
    {
        var summary = demo.Summary;
        var catalog = (await TesseraRepository.OpenAsync(summary.Repository)).Catalog;
        var hidden = new ObjectRef(CatalogObjectType.Image, summary.PrivateImageId);
        var anonymous = await catalog.AnonymousAsync();
        var alice = await catalog.CallerAsync("alice");
        var bob = await catalog.CallerAsync("bob");

        Assert.Equal(14, (await catalog.ListAsync(anonymous, CatalogObjectType.Image)).TotalCount);
        await catalog.GetAsync(anonymous, new ObjectRef(CatalogObjectType.Plate, summary.PlateId));
        await catalog.GetAsync(anonymous, new ObjectRef(CatalogObjectType.Image, summary.LargeImageId));
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => catalog.GetAsync(anonymous, hidden));
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => catalog.GetAsync(bob, hidden));
        Assert.Equal("Unpublished slide", (await catalog.GetAsync(alice, hidden)).Name);

        var mouse = new CatalogQuery { Filters = [KeyValueFilter.Parse("Organism=Mus musculus")] };
        Assert.Equal(0, (await catalog.SearchAsync(anonymous, mouse)).TotalCount);
        Assert.Equal(0, (await catalog.SearchAsync(bob, mouse)).TotalCount);
        Assert.Equal(2, (await catalog.SearchAsync(alice, mouse)).TotalCount);
        Assert.Equal(15, (await catalog.ListAsync(alice, CatalogObjectType.Image)).TotalCount);
        Assert.Equal(
            [(summary.PublicGroup.Name, GroupPermissions.ReadOnly, true)],
            (await catalog.ListGroupsAsync(anonymous)).Select(g => (g.Name, g.Permissions, g.IsPublic)));
    }

    [Fact]
    public async Task The_demo_passwords_verify_against_the_stored_hashes()
    {
        var catalog = (await TesseraRepository.OpenAsync(demo.Summary.Repository)).Catalog;
        Assert.Equal(["admin", "alice", "bob"], demo.Summary.Accounts.Select(a => a.UserName));
        foreach (var account in demo.Summary.Accounts)
        {
            var user = await catalog.FindUserAsync(account.UserName);
            Assert.Equal((account.Id, account.IsAdmin), (user!.Id, user.IsAdmin));
            var hash = await catalog.PasswordHashAsync(account.Id);
            Assert.True(PasswordHash.Verify(account.Password, hash), account.UserName);
            Assert.False(PasswordHash.Verify(account.Password + "x", hash));
        }
    }

    [Fact]
    public async Task A_second_run_says_already_built_and_touches_nothing()
    {
        var catalogFile = Path.Combine(demo.Summary.Repository, "catalog.db");
        var before = File.GetLastWriteTimeUtc(catalogFile);
        var again = await DemoRepository.CreateAsync(demo.Summary.Repository, DemoOptions.Small);
        Assert.True(again.AlreadyBuilt);
        Assert.Equal(demo.Summary with { AlreadyBuilt = true }, again with { Accounts = demo.Summary.Accounts });
        static IEnumerable<string> Text(DemoSummary s) => s.Accounts.Select(a => $"{a.UserName} {a.Password} {a.Id} {a.IsAdmin} {string.Join(",", a.Groups)}");
        Assert.Equal(Text(demo.Summary), Text(again));
        Assert.Equal(before, File.GetLastWriteTimeUtc(catalogFile));
    }

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task An_interrupted_build_is_cleared_and_built_again_from_scratch(CatalogDialect dialect)
    {
        await using var backend = dialect == CatalogDialect.PostgreSql ? await CatalogBackend.CreateAsync(dialect, server) : null;
        var options = DemoOptions.Small with { PostgresConnectionString = backend?.ConnectionString };
        var root = _scratch.Combine("killed");
        var partial = _scratch.Combine(".killed.partial");

        // Stopped once the images are registered, leaving what a killed process would.
        using var stop = new CancellationTokenSource();
        var progress = new StopAt("catalogue: annotations", stop);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DemoRepository.CreateAsync(root, options with { LeaveLeftoversOnFailure = true }, progress, stop.Token));
        Assert.False(Directory.Exists(root));
        Assert.True(Directory.Exists(partial));
        if (backend is not null)
        {
            await using var connection = await backend.Database.OpenConnectionAsync();
            Assert.True(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM image") > 0);
        }

        var lines = new List<string>();
        var rebuilt = await DemoRepository.CreateAsync(root, options, new Lines(lines));
        Assert.Contains(lines, l => l.StartsWith("removing what an interrupted build left", StringComparison.Ordinal));
        Assert.False(rebuilt.AlreadyBuilt);
        Assert.False(Directory.Exists(partial));
        Assert.Equal(dialect == CatalogDialect.PostgreSql, rebuilt.UsesPostgres);

        // Nothing of the first attempt remains: the same ids as a clean build, each object once.
        Assert.Equal((1L, 1L, 6, 15), (rebuilt.ScreenId, rebuilt.PlateId, rebuilt.WellCount, rebuilt.ImageCount));
        var repository = await TesseraRepository.OpenAsync(root);
        var admin = await repository.CallerAsync();
        Assert.Equal(15, (await repository.Catalog.ListAsync(admin, CatalogObjectType.Image)).TotalCount);
        Assert.Equal(3, (await repository.Catalog.ListUsersAsync(admin)).Count);
        Assert.Equal(4, Directory.GetDirectories(repository.PixelsDirectory).Length);
        Assert.True((await DemoRepository.CreateAsync(root, options)).AlreadyBuilt);
    }

    [Fact]
    public async Task A_cancelled_build_leaves_nothing_behind()
    {
        var root = _scratch.Combine("cancelled");
        using var stop = new CancellationTokenSource();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DemoRepository.CreateAsync(root, DemoOptions.Small, new StopAt("slide:", stop), stop.Token));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_scratch.Path));
    }

    [Fact]
    public async Task Refuses_a_directory_that_holds_something_else_naming_it()
    {
        var other = Directory.CreateDirectory(_scratch.Combine("photos")).FullName;
        await File.WriteAllTextAsync(Path.Combine(other, "cat.jpg"), "meow");
        var error = await Assert.ThrowsAsync<CatalogException>(() => DemoRepository.CreateAsync(other, DemoOptions.Small));
        Assert.Equal($"{other}: exists, is not empty and is not a Tessera demo repository (no demo.json); give a new or empty directory", error.Message);

        // A repository, but not a demo: refused just the same, and left as it was.
        var repository = await TesseraRepository.InitAsync(_scratch.Combine("lab"), null, "carol");
        error = await Assert.ThrowsAsync<CatalogException>(() => DemoRepository.CreateAsync(repository.Root, DemoOptions.Small));
        Assert.StartsWith(repository.Root + ": exists, is not empty", error.Message, StringComparison.Ordinal);
        Assert.NotNull(await repository.Catalog.FindUserAsync("carol"));

        // An empty directory is fine.
        var empty = Directory.CreateDirectory(_scratch.Combine("empty")).FullName;
        Assert.Equal(2, (await DemoRepository.CreateAsync(empty, DemoOptions.Small)).Accounts[1].Id);
    }

    [Fact]
    public async Task Refuses_a_postgres_database_holding_a_catalogue_and_leaves_it_alone()
    {
        await using var backend = await CatalogBackend.CreateAsync(CatalogDialect.PostgreSql, server);
        await TesseraRepository.InitAsync(_scratch.Combine("theirs"), backend.ConnectionString, "carol");
        var root = _scratch.Combine("demo");
        var error = await Assert.ThrowsAsync<CatalogException>(() => DemoRepository.CreateAsync(root, DemoOptions.Small with { PostgresConnectionString = backend.ConnectionString }));
        Assert.Equal($"{root}: the PostgreSQL database given holds a catalogue already (1 users); the demo needs an empty database", error.Message);
        Assert.False(Directory.Exists(root));
        Assert.False(Directory.Exists(_scratch.Combine(".demo.partial")));
        await using var connection = await backend.Database.OpenConnectionAsync();
        Assert.Equal("carol", await connection.ExecuteScalarAsync<string>("SELECT user_name FROM experimenter"));
    }

    /// <summary>One small demo on SQLite, built once for the tests that only read it.</summary>
    public sealed class SmallDemo : IAsyncLifetime
    {
        private readonly TestDirectory _directory = new();

        public DemoSummary Summary { get; private set; } = null!;

        public async Task InitializeAsync() => Summary = await DemoRepository.CreateAsync(_directory.Combine("demo"), DemoOptions.Small);

        public Task DisposeAsync()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            _directory.Dispose();
            return Task.CompletedTask;
        }
    }

    /// <summary>Cancels when a progress line starts with <paramref name="prefix"/>, as a kill at that point would.</summary>
    private sealed class StopAt(string prefix, CancellationTokenSource stop) : IProgress<string>
    {
        public void Report(string value)
        {
            if (value.StartsWith(prefix, StringComparison.Ordinal))
            {
                stop.Cancel();
            }
        }
    }

    private sealed class Lines(List<string> lines) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (lines)
            {
                lines.Add(value);
            }
        }
    }
}
