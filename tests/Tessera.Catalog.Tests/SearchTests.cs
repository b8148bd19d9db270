using Dapper;

namespace Tessera.Catalog.Tests;

/// <summary>Key/value search, AND, prefixes, words, facets and autocomplete; the incremental index equals a rebuild.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SearchTests(PostgresServer server)
{
    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task Searches_answer_like_a_scan_of_the_annotations(CatalogDialect dialect)
    {
        await using var backend = await CatalogBackend.CreateAsync(dialect, server);
        var catalog = new Catalog(backend.Database);
        var group = await catalog.CreateGroupAsync("lab", GroupPermissions.ReadAnnotate);
        var user = await catalog.CreateUserAsync("alice");
        await catalog.AddMemberAsync(group.Id, user.Id);
        var caller = await catalog.CallerAsync(user.Id);

        // 120 images, genes cycling through 7 values, organisms through 2, a few with two genes; an independent model alongside.
        var genes = new[] { "CDK5RAP2", "CDK5", "CDC20", "TP53", "BRCA1", "cdk5rap2", "Aurka" };
        var model = new Dictionary<long, List<(string Key, string Value)>>();
        for (var i = 0; i < 120; i++)
        {
            long id;
            await using (var write = await catalog.BeginWriteAsync(caller, default))
            {
                id = await Catalog.InsertImageAsync(write, group.Id, new ImageRecord
                {
                    Name = $"well {i} {(i % 5 == 0 ? "mitosis" : "interphase")}", Location = $"i{i}.zarr", PixelType = "uint8", SizeX = 4, SizeY = 4,
                });
                await write.CommitAsync();
            }

            var pairs = new List<(string Key, string Value)> { ("Gene Symbol", genes[i % genes.Length]), ("Organism", i % 3 == 0 ? "Mus musculus" : "Homo sapiens"), ("Batch", $"b{i % 97}") };
            if (i % 11 == 0)
            {
                pairs.Add(("Gene Symbol", genes[(i + 1) % genes.Length]));
            }

            await catalog.AddMapAnnotationAsync(caller, new ObjectRef(CatalogObjectType.Image, id), pairs.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)).ToList());
            model[id] = pairs;
        }

        bool Has(long id, string key, string value, bool prefix) => model[id].Any(p =>
            string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)
            && (prefix ? p.Value.StartsWith(value, StringComparison.OrdinalIgnoreCase) : string.Equals(p.Value, value, StringComparison.OrdinalIgnoreCase)));

        async Task CheckAsync(params KeyValueFilter[] filters)
        {
            var expected = model.Keys.Where(id => filters.All(f => Has(id, f.Key, f.Value, f.Prefix))).Order().ToList();
            var all = new List<long>();
            for (var offset = 0L; ; offset += 7)
            {
                var page = await catalog.SearchAsync(caller, new CatalogQuery { Filters = filters, Offset = offset, Limit = 7 });
                Assert.Equal(expected.Count, page.TotalCount);
                all.AddRange(page.Items.Select(h => h.Ref.Id));
                if (page.Items.Count < 7)
                {
                    break;
                }
            }

            Assert.Equal(expected, all);
        }

        await CheckAsync(KeyValueFilter.Parse("Gene Symbol=CDK5RAP2"));
        await CheckAsync(KeyValueFilter.Parse("gene symbol=cdk5*"));
        await CheckAsync(KeyValueFilter.Parse("Gene Symbol=CDK5RAP2"), KeyValueFilter.Parse("Organism=Homo sapiens"));
        await CheckAsync(KeyValueFilter.Parse("Gene Symbol=C*"), KeyValueFilter.Parse("Organism=Mus*"));
        await CheckAsync(KeyValueFilter.Parse("Gene Symbol=*"), KeyValueFilter.Parse("Gene Symbol=TP53"));
        await CheckAsync(KeyValueFilter.Parse("Organism=Danio rerio"));

        var mitosis = await catalog.SearchAsync(caller, new CatalogQuery { Text = "MITO", Filters = [KeyValueFilter.Parse("Organism=Homo sapiens")], Limit = 1000 });
        Assert.Equal(model.Keys.Where(id => (id - model.Keys.Min()) % 5 == 0 && Has(id, "Organism", "Homo sapiens", false)).Order(), mitosis.Items.Select(h => h.Ref.Id));

        var facet = await catalog.FacetAsync(caller, "GENE SYMBOL", limit: 3);
        var expectedFacet = model.Values.SelectMany(p => p.Where(x => x.Key == "Gene Symbol").Select(x => x.Value.ToLowerInvariant()).Distinct())
            .GroupBy(v => v).Select(g => (g.Key, (long)g.Count())).OrderByDescending(x => x.Item2).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(expectedFacet.Count, facet.DistinctValues);
        Assert.Equal(expectedFacet.Take(3).Select(x => x.Item2), facet.Values.Select(v => v.Count));
        Assert.Equal(expectedFacet.Take(3).Select(x => x.Key), facet.Values.Select(v => v.Value.ToLowerInvariant()));

        // 97 batches, 23 of them on two images: the top three are found without counting all 97 for the caller.
        var batches = await catalog.FacetAsync(caller, "Batch", limit: 3);
        Assert.Equal([new FacetValue("b0", 2), new FacetValue("b1", 2), new FacetValue("b10", 2)], batches.Values);
        Assert.Equal(97, batches.DistinctValues);
        var typed = await catalog.FacetAsync(caller, "Batch", CatalogObjectType.Image, limit: 3);
        Assert.Equal(batches.Values, typed.Values);
        Assert.Equal(97, typed.DistinctValues);
        Assert.Empty((await catalog.FacetAsync(caller, "Batch", CatalogObjectType.Well)).Values);
        Assert.Equal(97, (await catalog.FacetAsync(caller, "Batch", CatalogObjectType.Image, limit: 200)).Values.Count);

        var suggestions = await catalog.SuggestValuesAsync(caller, "Gene Symbol", "cd");
        Assert.Equal(["cdc20", "cdk5", "cdk5rap2"], suggestions.Select(s => s.Value.ToLowerInvariant()).Order());
        Assert.Equal(["Gene Symbol"], (await catalog.SuggestKeysAsync(caller, "ge")).Select(k => k.Value));
        Assert.Equal(3, (await catalog.SuggestKeysAsync(caller, "")).Count);

        // Past CountLimit a multi-condition count stops and says so; a single exact pair is always exact.
        var capped = await catalog.SearchAsync(caller, new CatalogQuery { Filters = [KeyValueFilter.Parse("Organism=*")], CountLimit = 10, Limit = 5 });
        Assert.Equal((10L, true, 5), (capped.TotalCount, capped.TotalCountIsLowerBound, capped.Items.Count));
        var exact = await catalog.SearchAsync(caller, new CatalogQuery { Filters = [KeyValueFilter.Parse("Organism=Homo sapiens")], CountLimit = 10 });
        Assert.Equal((80L, false), (exact.TotalCount, exact.TotalCountIsLowerBound));
        var deep = await catalog.SearchAsync(caller, new CatalogQuery { Filters = [KeyValueFilter.Parse("Organism=*")], CountLimit = 10, Offset = 20, Limit = 5 });
        Assert.Equal((25L, true), (deep.TotalCount, deep.TotalCountIsLowerBound));

        await Assert.ThrowsAsync<ArgumentException>(() => catalog.SearchAsync(caller, new CatalogQuery()));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => catalog.SearchAsync(caller, new CatalogQuery { Text = "x", Limit = 0 }));
        Assert.Throws<FormatException>(() => KeyValueFilter.Parse("no equals sign"));
        Assert.Throws<FormatException>(() => KeyValueFilter.Parse("=value"));
    }

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task The_incremental_index_equals_a_rebuild_after_adds_removals_and_deletes(CatalogDialect dialect)
    {
        await using var backend = await CatalogBackend.CreateAsync(dialect, server);
        var catalog = new Catalog(backend.Database);
        var groups = new[] { await catalog.CreateGroupAsync("a", GroupPermissions.Private), await catalog.CreateGroupAsync("b", GroupPermissions.ReadWrite) };
        var users = new[] { await catalog.CreateUserAsync("u1"), await catalog.CreateUserAsync("u2") };
        foreach (var g in groups)
        {
            foreach (var u in users)
            {
                await catalog.AddMemberAsync(g.Id, u.Id);
            }
        }

        var random = new Random(5);
        var images = new List<(ObjectRef Image, CatalogCaller Owner)>();
        for (var i = 0; i < 40; i++)
        {
            var owner = await catalog.CallerAsync(users[i % 2].Id);
            long id;
            await using (var write = await catalog.BeginWriteAsync(owner, default))
            {
                id = await Catalog.InsertImageAsync(write, groups[i % 3 == 0 ? 0 : 1].Id, new ImageRecord { Name = $"im {i}", Location = $"{i}.zarr", PixelType = "uint8", SizeX = 1, SizeY = 1 });
                await write.CommitAsync();
            }

            images.Add((new ObjectRef(CatalogObjectType.Image, id), owner));
            for (var a = 0; a < 3; a++)
            {
                await catalog.AddMapAnnotationAsync(owner, images[^1].Image, [new("K" + random.Next(3), "v" + random.Next(4)), new("K0", "V" + random.Next(2))]);
            }
        }

        foreach (var (image, owner) in images.Where((_, i) => i % 4 == 1))
        {
            var first = (await catalog.ListAnnotationsAsync(owner, image))[0];
            await catalog.RemoveAnnotationAsync(owner, image, first.Id);
        }

        foreach (var (image, owner) in images.Where((_, i) => i % 7 == 3))
        {
            await catalog.DeleteAsync(owner, image);
        }

        await using var connection = await backend.Database.OpenConnectionAsync();
        var incremental = await SnapshotAsync(connection);
        Assert.NotEmpty(incremental.Search);
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await SearchIndex.RebuildPairsAsync(connection, transaction);
            await transaction.CommitAsync();
        }

        var rebuilt = await SnapshotAsync(connection);
        Assert.Equal(rebuilt.Search, incremental.Search);
        Assert.Equal(rebuilt.Count, incremental.Count);
        Assert.Equal(rebuilt.Key, incremental.Key);
    }

    private static async Task<(List<string> Search, List<string> Count, List<string> Key)> SnapshotAsync(System.Data.Common.DbConnection connection)
    {
        static async Task<List<string>> RowsAsync(System.Data.Common.DbConnection c, string sql) =>
            (await c.QueryAsync(sql)).Select(r => string.Join("|", ((IDictionary<string, object?>)r).Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)))).Order(StringComparer.Ordinal).ToList();
        return (
            await RowsAsync(connection, "SELECT key_fold, value_fold, object_type, object_id, group_id, owner_id, refs FROM kv_search"),
            await RowsAsync(connection, "SELECT key_fold, value_fold, object_type, group_id, owner_id, objects FROM kv_count"),
            await RowsAsync(connection, "SELECT key_fold, object_type, group_id, owner_id, pairs FROM kv_key"));
    }
}
