using Dapper;
using Tessera.Catalog.Bulk;

namespace Tessera.Catalog.Tests;

/// <summary>
/// The bulk loader writes the same rows and search tables a one-by-one import would, fast, atomically, and leaves
/// ids and indexes so that normal writes carry on after it.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BulkLoaderTests(PostgresServer server)
{
    private static readonly string[] Genes = ["CDK5RAP2", "TP53", "BRCA1", "PLK1", "AURKA", "KIF11", "CENPE", "BUB1", "MAD2L1", "NDC80"];
    private static readonly string[] Organisms = ["Homo sapiens", "Mus musculus", "Danio rerio"];

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task Thousands_of_images_load_with_counts_that_match_the_data(CatalogDialect dialect)
    {
        await using var backend = await CatalogBackend.CreateAsync(dialect, server);
        var catalog = new Catalog(backend.Database);
        var world = await World.CreateAsync(catalog);
        var images = Generate(world, 3000, seed: 7);

        var result = await new CatalogBulkLoader(backend.Database, new BulkLoadOptions { BatchSize = 700 }).LoadAsync(images);

        Assert.Equal(3000, result.ImageIds.Count);
        Assert.Equal(3000, result.ImageIds.Distinct().Count());
        Assert.Equal(images.Sum(i => (long)i.Pairs.Count), result.Pairs);
        await using var connection = await backend.Database.OpenConnectionAsync();
        Assert.Equal(3000, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM image"));
        Assert.Equal(result.Pairs, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM map_value"));
        Assert.Equal(3000, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM rendering_settings"));
        Assert.Equal(images.Count(i => i.Pairs.Count > 0), await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM annotation_link"));
        Assert.Equal(result.TextTerms, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM text_term WHERE object_type = 'image'"));

        // Objects per folded pair, per group (owner 0) and per (group, owner), counted here from the input alone.
        var expected = new Dictionary<(string, string, long, long), long>();
        var distinctPairs = 0L;
        foreach (var image in images)
        {
            foreach (var (key, value) in image.Pairs.Select(p => (Fold(p.Key), Fold(p.Value))).Distinct())
            {
                distinctPairs++;
                foreach (var owner in new[] { 0L, image.Image.OwnerId })
                {
                    var slot = (key, value, image.Image.GroupId, owner);
                    expected[slot] = expected.GetValueOrDefault(slot) + 1;
                }
            }
        }

        var actual = (await connection.QueryAsync<(string Key, string Value, string Type, long Group, long Owner, long Objects)>(
                "SELECT key_fold, value_fold, object_type, group_id, owner_id, objects FROM kv_count WHERE group_id <> 0"))
            .ToDictionary(r => (r.Key, r.Value, r.Group, r.Owner), r => (r.Type, r.Objects));
        Assert.All(actual.Values, v => Assert.Equal("image", v.Type));
        Assert.Equal(expected.Count, actual.Count);
        foreach (var (slot, objects) in expected)
        {
            Assert.True(actual.TryGetValue(slot, out var found), $"kv_count lacks {slot}");
            Assert.Equal(objects, found.Objects);
        }

        Assert.Equal(distinctPairs, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM kv_search"));

        // Group 0 holds each pair's total over all groups.
        var totals = (await connection.QueryAsync<(string Key, string Value, long Objects)>(
            "SELECT key_fold, value_fold, objects FROM kv_count WHERE group_id = 0 AND owner_id = 0")).ToDictionary(r => (r.Key, r.Value), r => r.Objects);
        var expectedTotals = expected.Where(e => e.Key.Item4 == 0).GroupBy(e => (e.Key.Item1, e.Key.Item2)).ToDictionary(g => g.Key, g => g.Sum(e => e.Value));
        Assert.Equal(expectedTotals.OrderBy(e => e.Key).ToList(), totals.OrderBy(e => e.Key).ToList());

        // The rows read back through the catalogue like imported ones.
        var alice = await catalog.CallerAsync("alice");
        var first = await catalog.GetImageAsync(alice, result.ImageIds[0]);
        Assert.Equal((images[0].Image.Name, images[0].Image.SizeX, 2, "DAPI"), (first.Name, first.SizeX, first.Channels.Count, first.Channels[0].Label));
        var annotations = await catalog.ListAnnotationsAsync(alice, new ObjectRef(CatalogObjectType.Image, result.ImageIds[0]));
        Assert.Equal(images[0].Pairs.Select(p => (p.Key.Trim(), p.Value.Trim())), Assert.Single(annotations).Pairs.Select(p => (p.Key, p.Value)));
        var inDataset = images.Count(i => i.DatasetId == world.Dataset);
        Assert.Equal(inDataset, (await catalog.ListAsync(alice, CatalogObjectType.Image, new ObjectRef(CatalogObjectType.Dataset, world.Dataset))).TotalCount);

        // Search by key=value finds exactly the loaded images each caller may read (alice: the lab, the public group and
        // her own in the private group; carol: the public group and her own in the private group).
        var carol = await catalog.CallerAsync("carol");
        var ids = result.ImageIds;
        foreach (var (caller, canRead) in new (CatalogCaller, Func<ImageRecord, bool>)[]
        {
            (alice, i => i.GroupId == world.Lab || i.GroupId == world.Shared || (i.GroupId == world.Private && i.OwnerId == world.Alice)),
            (carol, i => i.GroupId == world.Shared || (i.GroupId == world.Private && i.OwnerId == world.Carol)),
        })
        {
            foreach (var filters in new KeyValueFilter[][] { [new("gene symbol", "tp53")], [new("Gene Symbol", "PLK1"), new("Organism", "Homo sapiens")], [new("Phenotype", "Mitotic Delay")] })
            {
                var expectedIds = images.Select((image, index) => (image, id: ids[index]))
                    .Where(x => canRead(x.image.Image) && filters.All(f => x.image.Pairs.Any(p => Fold(p.Key) == Fold(f.Key) && Fold(p.Value) == Fold(f.Value))))
                    .Select(x => x.id).Order().ToList();
                Assert.NotEmpty(expectedIds);
                var found = await catalog.SearchAsync(caller, new CatalogQuery { Filters = filters, Type = CatalogObjectType.Image, Limit = Catalog.MaxPageSize });
                Assert.Equal(expectedIds.Count, found.TotalCount);
                Assert.Equal(expectedIds.Take(Catalog.MaxPageSize), found.Items.Select(h => h.Ref.Id));
            }
        }
    }

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task The_search_tables_equal_those_one_by_one_imports_build(CatalogDialect dialect)
    {
        await using var bulk = await CatalogBackend.CreateAsync(dialect, server);
        await using var single = await CatalogBackend.CreateAsync(dialect, server);
        var bulkWorld = await World.CreateAsync(new Catalog(bulk.Database));
        var singleCatalog = new Catalog(single.Database);
        var singleWorld = await World.CreateAsync(singleCatalog);
        var images = Generate(bulkWorld, 60, seed: 11);

        await new CatalogBulkLoader(bulk.Database, new BulkLoadOptions { BatchSize = 25 }).LoadAsync(images);
        foreach (var image in images)
        {
            // Same users and groups were created in the same order, so their ids are the same in both catalogues.
            var owner = await singleCatalog.CallerAsync(image.Image.OwnerId);
            long id;
            await using (var write = await singleCatalog.BeginWriteAsync(owner, default))
            {
                id = await Catalog.InsertImageAsync(write, image.Image.GroupId, image.Image);
                if (image.DatasetId is { } dataset)
                {
                    await Catalog.LinkAsync(write, new ObjectRef(CatalogObjectType.Dataset, dataset), new ObjectRef(CatalogObjectType.Image, id));
                }

                await write.CommitAsync();
            }

            if (image.Pairs.Count > 0)
            {
                await singleCatalog.AddMapAnnotationAsync(owner, new ObjectRef(CatalogObjectType.Image, id), image.Pairs);
            }
        }

        foreach (var table in new[] { "kv_search", "kv_count", "kv_key", "kv_value", "text_term", "map_value", "dataset_image" })
        {
            Assert.Equal(await DumpAsync(single, table), await DumpAsync(bulk, table));
        }
    }

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task Normal_writes_after_a_bulk_load_get_fresh_ids_and_keep_the_counts(CatalogDialect dialect)
    {
        await using var backend = await CatalogBackend.CreateAsync(dialect, server);
        var catalog = new Catalog(backend.Database);
        var world = await World.CreateAsync(catalog);
        var result = await new CatalogBulkLoader(backend.Database).LoadAsync(Generate(world, 500, seed: 3));

        var alice = await catalog.CallerAsync("alice");
        var dataset = await catalog.CreateDatasetAsync(alice, world.Lab, "after the load");
        long id;
        await using (var write = await catalog.BeginWriteAsync(alice, default))
        {
            id = await Catalog.InsertImageAsync(write, world.Lab, new ImageRecord { Name = "late arrival", Location = "late.zarr", PixelType = "uint8", SizeX = 8, SizeY = 8 });
            await Catalog.LinkAsync(write, dataset.Ref, new ObjectRef(CatalogObjectType.Image, id));
            await write.CommitAsync();
        }

        Assert.True(id > result.ImageIds.Max(), $"new image id {id} must follow the loaded ones (up to {result.ImageIds.Max()})");
        await using var connection = await backend.Database.OpenConnectionAsync();
        var before = await connection.ExecuteScalarAsync<long>(
            "SELECT COALESCE(SUM(objects), 0) FROM kv_count WHERE key_fold = 'gene symbol' AND value_fold = 'tp53' AND owner_id = 0 AND group_id <> 0");
        var annotation = await catalog.AddMapAnnotationAsync(alice, new ObjectRef(CatalogObjectType.Image, id), [new("Gene Symbol", "TP53")]);
        Assert.True(annotation > await connection.ExecuteScalarAsync<long>("SELECT MAX(annotation_id) FROM map_value WHERE annotation_id <> @annotation", new { annotation }));
        Assert.Equal(before + 1, await connection.ExecuteScalarAsync<long>(
            "SELECT SUM(objects) FROM kv_count WHERE key_fold = 'gene symbol' AND value_fold = 'tp53' AND owner_id = 0 AND group_id <> 0"));
        Assert.Equal(before + 1, await connection.ExecuteScalarAsync<long>(
            "SELECT objects FROM kv_count WHERE key_fold = 'gene symbol' AND value_fold = 'tp53' AND group_id = 0 AND owner_id = 0"));

        // A second load continues after the normal writes.
        var again = await new CatalogBulkLoader(backend.Database).LoadAsync(Generate(world, 10, seed: 4));
        Assert.True(again.ImageIds.Min() > id);
        Assert.Equal(511, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM image"));
    }

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task Deferred_indexes_and_foreign_keys_come_back_exactly_as_they_were(CatalogDialect dialect)
    {
        await using var backend = await CatalogBackend.CreateAsync(dialect, server);
        var world = await World.CreateAsync(new Catalog(backend.Database));
        var before = await IndexesAsync(backend, dialect);
        Assert.Contains(before, i => i.Contains("map_value_key_value", StringComparison.Ordinal));
        Assert.True(dialect == CatalogDialect.Sqlite || before.Any(i => i.Contains("FOREIGN KEY (annotation_id) REFERENCES annotation(id) ON DELETE CASCADE", StringComparison.Ordinal)));

        var result = await new CatalogBulkLoader(backend.Database, new BulkLoadOptions { DeferIndexes = true }).LoadAsync(Generate(world, 400, seed: 5));

        Assert.Equal(before, await IndexesAsync(backend, dialect));
        await using var connection = await backend.Database.OpenConnectionAsync();
        Assert.Equal(result.Pairs, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM map_value"));
    }

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task A_refused_image_leaves_nothing_of_the_load(CatalogDialect dialect)
    {
        await using var backend = await CatalogBackend.CreateAsync(dialect, server);
        var world = await World.CreateAsync(new Catalog(backend.Database));
        var images = Generate(world, 300, seed: 9).ToList();
        images[250] = images[250] with { Image = images[250].Image with { GroupId = world.Private, OwnerId = world.Bob } };

        var error = await Assert.ThrowsAsync<CatalogException>(() =>
            new CatalogBulkLoader(backend.Database, new BulkLoadOptions { BatchSize = 100 }).LoadAsync(images));

        Assert.Contains($"image 250 '{images[250].Image.Name}': user {world.Bob} is not a member of group {world.Private}", error.Message, StringComparison.Ordinal);
        await using var connection = await backend.Database.OpenConnectionAsync();
        foreach (var table in new[] { "image", "map_value", "annotation", "kv_search", "text_term WHERE object_type = 'image'" })
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}"));
        }
    }

    /// <summary>Images spread over the world's groups and owners, with skewed, repeated, re-cased and padded pairs.</summary>
    private static List<BulkImage> Generate(World world, int count, int seed)
    {
        var random = new Random(seed);
        var placements = new[] { (world.Lab, world.Alice), (world.Lab, world.Bob), (world.Private, world.Alice), (world.Private, world.Carol), (world.Shared, world.Carol) };
        var images = new List<BulkImage>(count);
        for (var i = 0; i < count; i++)
        {
            var (group, owner) = placements[random.Next(placements.Length)];
            var gene = Genes[Math.Min(Genes.Length - 1, (int)(-Math.Log(1 - random.NextDouble()) * 2.5))];
            var pairs = new List<KeyValuePair<string, string>>
            {
                new("Organism", Organisms[random.Next(10) < 8 ? 0 : random.Next(Organisms.Length)]),
                new(random.Next(20) == 0 ? "gene symbol" : "Gene Symbol", random.Next(20) == 0 ? gene.ToLowerInvariant() : gene),
                new("Comment", $"well {i % 96} field {i % 7}"),
            };
            if (random.Next(10) == 0)
            {
                pairs.Add(new("Gene Symbol", Genes[random.Next(Genes.Length)])); // a second gene, or the same one again
            }

            if (random.Next(15) == 0)
            {
                pairs.Add(new(" Phenotype ", " mitotic delay "));
            }

            if (random.Next(25) == 0)
            {
                pairs.Clear(); // an image without a map annotation
            }

            images.Add(new BulkImage(
                new ImageRecord
                {
                    Name = $"plate{i / 384:D3}_well{i % 384:D3} {gene}",
                    Description = i % 3 == 0 ? "siRNA screen, fixed cells" : null,
                    OwnerId = owner,
                    GroupId = group,
                    Location = $"bulk/{i}.ome.zarr",
                    PixelType = "uint16",
                    SizeX = 1024,
                    SizeY = 1024,
                    SizeZ = 1 + (i % 5),
                    SizeC = 2,
                    Levels = 3,
                    PhysicalSizeX = i % 2 == 0 ? 0.2 : null,
                    Channels = [new ChannelInfo("DAPI", "0000FF", 0, 4000), new ChannelInfo("GFP", "00FF00")],
                    AcquiredAt = i % 4 == 0 ? new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(i) : null,
                },
                pairs,
                group == world.Lab && owner == world.Alice && i % 2 == 0 ? world.Dataset : null));
        }

        return images;
    }

    // Independent of SearchIndex.Fold: the generated text is ASCII, so trimming and lower-casing is all folding does.
    private static string Fold(string text) => text.Trim().ToLowerInvariant();

    private static async Task<List<string>> DumpAsync(CatalogBackend backend, string table)
    {
        await using var connection = await backend.Database.OpenConnectionAsync();
        var rows = await connection.QueryAsync($"SELECT * FROM {table}");
        return rows.Select(r => string.Join("|", ((IDictionary<string, object?>)r).OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}")))
            .Order(StringComparer.Ordinal).ToList();
    }

    private static async Task<List<string>> IndexesAsync(CatalogBackend backend, CatalogDialect dialect)
    {
        await using var connection = await backend.Database.OpenConnectionAsync();
        var sql = dialect == CatalogDialect.Sqlite
            ? "SELECT name || ': ' || COALESCE(sql, '(constraint)') FROM sqlite_master WHERE type = 'index'"
            : """
              SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()
              UNION ALL SELECT t.relname || '.' || c.conname || ': ' || pg_get_constraintdef(c.oid) || ' ' || c.convalidated
              FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid WHERE t.relnamespace = current_schema()::regnamespace
              """;
        return (await connection.QueryAsync<string>(sql)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Three users in a read-annotate lab, a private group and a read-only group, and one dataset.</summary>
    private sealed record World(long Lab, long Private, long Shared, long Alice, long Bob, long Carol, long Dataset)
    {
        public static async Task<World> CreateAsync(Catalog catalog)
        {
            var lab = await catalog.CreateGroupAsync("lab", GroupPermissions.ReadAnnotate);
            var secret = await catalog.CreateGroupAsync("secret", GroupPermissions.Private);
            var shared = await catalog.CreateGroupAsync("shared", GroupPermissions.ReadOnly, isPublic: true);
            var alice = await catalog.CreateUserAsync("alice");
            var bob = await catalog.CreateUserAsync("bob");
            var carol = await catalog.CreateUserAsync("carol");
            await catalog.AddMemberAsync(lab.Id, alice.Id);
            await catalog.AddMemberAsync(lab.Id, bob.Id);
            await catalog.AddMemberAsync(secret.Id, alice.Id);
            await catalog.AddMemberAsync(secret.Id, carol.Id);
            await catalog.AddMemberAsync(shared.Id, carol.Id);
            var dataset = await catalog.CreateDatasetAsync(await catalog.CallerAsync("alice"), lab.Id, "bulk");
            return new World(lab.Id, secret.Id, shared.Id, alice.Id, bob.Id, carol.Id, dataset.Ref.Id);
        }
    }
}
