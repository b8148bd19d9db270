using System.Diagnostics;
using System.Text;
using Dapper;
using Tessera.Catalog.Annotate;

namespace Tessera.Catalog.Tests;

/// <summary>Bulk key-value annotation from IDR-shaped CSV tables, on both backends.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BulkAnnotationTests(PostgresServer server)
{
    private static readonly string[] WrittenTables = ["annotation", "annotation_link", "map_value", "kv_search", "kv_count", "kv_key", "event"];

    /// <summary>
    /// lab (read-annotate): alice's datasets D1 (a.tif, b.tif, c.tif), D2 (a.tif), two datasets "Dup" (each with
    /// x.tif) in projects P-A and P-B, plate P1 (A1..B3) in screen S1 and a second plate also called P1 in screen S2.
    /// shared (read-only): alice's dataset RO with r.tif; bob is a member. secret (private): carol's Secret with s.tif.
    /// </summary>
    private sealed class World
    {
        public required Catalog Catalog { get; init; }

        public required CatalogCaller Alice { get; init; }

        public required CatalogCaller Bob { get; init; }

        public Dictionary<string, long> Images { get; } = [];

        public Dictionary<string, long> Wells { get; } = [];

        public ObjectRef Image(string dataset, string name) => new(CatalogObjectType.Image, Images[$"{dataset}/{name}"]);

        public ObjectRef Well(string plate, string name) => new(CatalogObjectType.Well, Wells[$"{plate}/{name}"]);
    }

    private static async Task<World> SeedAsync(CatalogBackend backend)
    {
        var catalog = new Catalog(backend.Database);
        var lab = await catalog.CreateGroupAsync("lab", GroupPermissions.ReadAnnotate);
        var shared = await catalog.CreateGroupAsync("shared", GroupPermissions.ReadOnly);
        var secret = await catalog.CreateGroupAsync("secret", GroupPermissions.Private);
        var alice = await catalog.CreateUserAsync("alice");
        var bob = await catalog.CreateUserAsync("bob");
        var carol = await catalog.CreateUserAsync("carol");
        await catalog.AddMemberAsync(lab.Id, alice.Id);
        await catalog.AddMemberAsync(lab.Id, bob.Id);
        await catalog.AddMemberAsync(shared.Id, alice.Id);
        await catalog.AddMemberAsync(shared.Id, bob.Id);
        await catalog.AddMemberAsync(secret.Id, carol.Id);
        var world = new World { Catalog = catalog, Alice = await catalog.CallerAsync("alice"), Bob = await catalog.CallerAsync("bob") };

        await DatasetAsync(world, world.Alice, lab.Id, "D1", null, "a.tif", "b.tif", "c.tif");
        await DatasetAsync(world, world.Alice, lab.Id, "D2", null, "a.tif");
        await DatasetAsync(world, world.Alice, lab.Id, "Dup", "P-A", "x.tif");
        await DatasetAsync(world, world.Alice, lab.Id, "Dup", "P-B", "x.tif");
        await DatasetAsync(world, world.Alice, shared.Id, "RO", null, "r.tif");
        await DatasetAsync(world, await catalog.CallerAsync("carol"), secret.Id, "Secret", null, "s.tif");
        await PlateAsync(world, lab.Id, "S1", "P1", "P1");
        await PlateAsync(world, lab.Id, "S2", "P1", "P1 (copy)");
        return world;
    }

    private static async Task DatasetAsync(World world, CatalogCaller owner, long groupId, string name, string? project, params string[] images)
    {
        var dataset = await world.Catalog.CreateDatasetAsync(owner, groupId, name);
        if (project is not null)
        {
            var p = await world.Catalog.CreateProjectAsync(owner, groupId, project);
            await world.Catalog.LinkAsync(owner, p.Ref, dataset.Ref);
        }

        await using var write = await world.Catalog.BeginWriteAsync(owner, default);
        foreach (var image in images)
        {
            var id = await Catalog.InsertImageAsync(write, groupId, new ImageRecord { Name = image, Location = $"{name}/{image}.zarr", PixelType = "uint8", SizeX = 8, SizeY = 8 });
            await Catalog.LinkAsync(write, dataset.Ref, new ObjectRef(CatalogObjectType.Image, id));
            world.Images.TryAdd($"{(project is null ? "" : project + "/")}{name}/{image}", id);
        }

        await write.CommitAsync();
    }

    private static async Task PlateAsync(World world, long groupId, string screen, string name, string key)
    {
        var s = await world.Catalog.CreateScreenAsync(world.Alice, groupId, screen);
        long plateId;
        await using (var write = await world.Catalog.BeginWriteAsync(world.Alice, default))
        {
            plateId = await Catalog.InsertPlateAsync(write, groupId, new PlateRecord { Name = name, Location = key + ".zarr", RowNames = ["A", "B"], ColumnNames = ["1", "2", "3"], FieldCount = 1 });
            for (var row = 0; row < 2; row++)
            {
                for (var column = 0; column < 3; column++)
                {
                    var rowName = "AB"[row].ToString();
                    world.Wells[$"{key}/{rowName}{column + 1}"] = await Catalog.InsertWellAsync(write, plateId, groupId, row, column, rowName, (column + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            await write.CommitAsync();
        }

        await world.Catalog.LinkAsync(world.Alice, s.Ref, new ObjectRef(CatalogObjectType.Plate, plateId));
    }

    private static Task<BulkAnnotationReport> AnnotateAsync(World world, CatalogCaller caller, string csv, BulkAnnotationOptions? options = null) =>
        BulkAnnotation.ApplyAsync(world.Catalog, caller, BulkAnnotationTable.Parse(csv, "annotations.csv"), options);

    private static async Task<IReadOnlyList<AnnotationRecord>> MapsAsync(World world, ObjectRef target) =>
        await world.Catalog.ListAnnotationsAsync(world.Alice, target, AnnotationKind.Map);

    private static async Task<Dictionary<string, long>> CountRowsAsync(CatalogBackend backend)
    {
        await using var connection = await backend.Database.OpenConnectionAsync();
        var counts = new Dictionary<string, long>();
        foreach (var table in WrittenTables)
        {
            counts[table] = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
        }

        return counts;
    }

    /// <summary>Every kv_search, kv_count and kv_key row, sorted, to compare the incrementally kept index with a rebuild.</summary>
    private static async Task<List<string>> IndexRowsAsync(CatalogBackend backend)
    {
        await using var connection = await backend.Database.OpenConnectionAsync();
        var search = (await connection.QueryAsync("SELECT key_fold, value_fold, object_type, object_id, group_id, owner_id, refs FROM kv_search"))
            .Select(r => $"search {r.key_fold}={r.value_fold} {r.object_type}:{r.object_id} g{r.group_id} o{r.owner_id} refs {r.refs}");
        var count = (await connection.QueryAsync("SELECT key_fold, value_fold, object_type, group_id, owner_id, objects FROM kv_count WHERE objects > 0"))
            .Select(r => $"count {r.key_fold}={r.value_fold} {r.object_type} g{r.group_id} o{r.owner_id} = {r.objects}");
        var keys = (await connection.QueryAsync("SELECT key_fold, object_type, group_id, owner_id, pairs FROM kv_key WHERE pairs > 0"))
            .Select(r => $"key {r.key_fold} {r.object_type} g{r.group_id} o{r.owner_id} = {r.pairs}");
        return search.Concat(count).Concat(keys).Order(StringComparer.Ordinal).ToList();
    }

    private static async Task RebuildIndexAsync(CatalogBackend backend)
    {
        await using var connection = await backend.Database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await SearchIndex.RebuildPairsAsync(connection, transaction);
        await transaction.CommitAsync();
    }

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task Rows_land_on_the_named_images_with_order_and_repeated_keys_kept(CatalogDialect dialect)
    {
        await using var backend = await CatalogBackend.CreateAsync(dialect, server);
        var world = await SeedAsync(backend);

        // An earlier pair on a.tif, written one at a time, so the bulk index update meets existing rows.
        await world.Catalog.AddMapAnnotationAsync(world.Alice, world.Image("D1", "a.tif"), [new("Organism", "Homo sapiens")]);
        const string Csv = """
            Dataset Name,Image Name,Gene,Organism,Gene,Comment
            D1,a.tif,CDK5,Homo sapiens,CDK5RAP2,
            D1,b.tif,,Mus musculus,TP53,"two
            lines"
            D2, a.tif ,"BRCA1, isoform 2",Homo sapiens,,
            """;
        var report = await AnnotateAsync(world, world.Alice, Csv, new BulkAnnotationOptions { Namespace = "idr.openmicroscopy.org/study/test", Tags = ["Screened", "screened"] });

        Assert.True(report.Written, string.Join("\n", report.Problems.Select(p => p.Message)));
        Assert.Equal((3, 8, 3), (report.ObjectCount, report.PairCount, report.TagCount));
        Assert.Equal("annotated 3 images with 8 pairs and 3 tags", report.Summary);
        Assert.Equal([2, 3, 5], report.Outcomes.Select(o => o.Line ?? 0));

        var a = await MapsAsync(world, world.Image("D1", "a.tif"));
        Assert.Equal(2, a.Count);
        Assert.Equal("idr.openmicroscopy.org/study/test", a[1].Namespace);
        Assert.Equal([new("Gene", "CDK5"), new("Organism", "Homo sapiens"), new("Gene", "CDK5RAP2")], a[1].Pairs);
        var b = Assert.Single(await MapsAsync(world, world.Image("D1", "b.tif")));
        Assert.Equal([new("Organism", "Mus musculus"), new("Gene", "TP53"), new("Comment", "two\nlines")], b.Pairs.Select(p => new KeyValuePair<string, string>(p.Key, p.Value.ReplaceLineEndings("\n"))));
        var d2 = Assert.Single(await MapsAsync(world, world.Image("D2", "a.tif")));
        Assert.Equal([new("Gene", "BRCA1, isoform 2"), new("Organism", "Homo sapiens")], d2.Pairs);
        Assert.Empty(await MapsAsync(world, world.Image("D1", "c.tif")));

        // One tag for "Screened"/"screened", on exactly the three rows' images.
        foreach (var image in new[] { world.Image("D1", "a.tif"), world.Image("D1", "b.tif"), world.Image("D2", "a.tif") })
        {
            Assert.Equal("Screened", Assert.Single(await world.Catalog.ListAnnotationsAsync(world.Alice, image, AnnotationKind.Tag)).Text);
        }

        Assert.Empty(await world.Catalog.ListAnnotationsAsync(world.Alice, world.Image("D1", "c.tif"), AnnotationKind.Tag));

        // Searchable at once, case-insensitively, with the new keys offered for autocomplete.
        var hits = await world.Catalog.SearchAsync(world.Alice, new CatalogQuery { Filters = [KeyValueFilter.Parse("gene=cdk5*")] });
        Assert.Equal([world.Image("D1", "a.tif")], hits.Items.Select(h => h.Ref));
        var organisms = await world.Catalog.FacetAsync(world.Alice, "Organism", CatalogObjectType.Image);
        Assert.Equal([("Homo sapiens", 2L), ("Mus musculus", 1L)], organisms.Values.Select(v => (v.Value, v.Count)));
        Assert.Contains("Comment", (await world.Catalog.SuggestKeysAsync(world.Alice, "com")).Select(k => k.Value));

        // The search index kept in bulk is exactly what rebuilding it from the annotations gives.
        var kept = await IndexRowsAsync(backend);
        Assert.Contains(kept, r => r.StartsWith($"search organism=homo sapiens image:{world.Image("D1", "a.tif").Id} ", StringComparison.Ordinal) && r.EndsWith("refs 2", StringComparison.Ordinal));
        await RebuildIndexAsync(backend);
        Assert.Equal(await IndexRowsAsync(backend), kept);
    }

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task Wells_are_named_by_plate_and_row_letter_with_column_number(CatalogDialect dialect)
    {
        await using var backend = await CatalogBackend.CreateAsync(dialect, server);
        var world = await SeedAsync(backend);
        const string Csv = """
            Screen Name,Plate,Well,Compound,Concentration (uM)
            S1,P1,B03,DMSO,0
            S1,P1,a1,Nocodazole,10
            S2,P1,A2,Taxol,
            """;
        var report = await AnnotateAsync(world, world.Alice, Csv);

        Assert.True(report.Written, string.Join("\n", report.Problems.Select(p => p.Message)));
        Assert.Equal("annotated 3 wells with 5 pairs", report.Summary);
        Assert.Equal([new("Compound", "DMSO"), new("Concentration (uM)", "0")], Assert.Single(await MapsAsync(world, world.Well("P1", "B3"))).Pairs);
        Assert.Equal(Catalog.ClientMapNamespace, Assert.Single(await MapsAsync(world, world.Well("P1", "A1"))).Namespace);
        Assert.Equal([new("Compound", "Taxol")], Assert.Single(await MapsAsync(world, world.Well("P1 (copy)", "A2"))).Pairs);
        Assert.Empty(await MapsAsync(world, world.Well("P1", "A2")));
    }

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task Every_bad_row_is_reported_with_its_line_and_nothing_is_written(CatalogDialect dialect)
    {
        await using var backend = await CatalogBackend.CreateAsync(dialect, server);
        var world = await SeedAsync(backend);
        var before = await CountRowsAsync(backend);

        // Line 3's quoted value spans two lines, so later rows are numbered by the file's lines, not by records.
        const string Csv = """
            Dataset Name,Image Name,Gene
            D1,a.tif,CDK5
            D9,a.tif,"spans
            two lines"
            D1,zz.tif,x
            Secret,s.tif,x
            Dup,x.tif,x
            D1,"a.tif",again
            ,b.tif,x
            D1,b.tif,fine
            """;
        var report = await AnnotateAsync(world, world.Alice, Csv, new BulkAnnotationOptions { Tags = ["checked"] });

        Assert.False(report.Written);
        Assert.Equal(8, report.Outcomes.Count);
        Assert.Equal(
            [
                (3, BulkAnnotationProblem.NotFound), (5, BulkAnnotationProblem.NotFound), (6, BulkAnnotationProblem.NotFound),
                (7, BulkAnnotationProblem.Ambiguous), (8, BulkAnnotationProblem.Duplicate), (9, BulkAnnotationProblem.Invalid),
            ],
            report.Problems.Select(p => (p.Line ?? 0, p.Problem!.Value)));
        var messages = report.Problems.ToDictionary(p => p.Line ?? 0, p => p.Message!);
        Assert.Equal("line 3: dataset 'D9': not found", messages[3]);
        Assert.Equal("line 5: image 'zz.tif' in dataset 'D1': not found", messages[5]);
        Assert.Equal("line 6: dataset 'Secret': not found", messages[6]);
        Assert.StartsWith("line 7: dataset 'Dup': ambiguous: 2 datasets you can read (dataset:", messages[7], StringComparison.Ordinal);
        Assert.EndsWith("add a 'Project Name' column to tell them apart", messages[7], StringComparison.Ordinal);
        Assert.Equal($"line 8: image 'a.tif' in dataset 'D1' ({world.Image("D1", "a.tif")}): also on line 2; give each object one row", messages[8]);
        Assert.Equal("line 9: the Dataset Name cell is empty", messages[9]);
        Assert.Equal("annotations.csv: 6 problems in 8 rows; nothing was written", report.Summary);

        Assert.Equal(before, await CountRowsAsync(backend));
        Assert.Empty(await MapsAsync(world, world.Image("D1", "a.tif")));
        Assert.Empty(await world.Catalog.SuggestTagsAsync(world.Alice, "check"));
    }

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task An_unreadable_dataset_or_plate_reads_exactly_like_a_missing_one(CatalogDialect dialect)
    {
        await using var backend = await CatalogBackend.CreateAsync(dialect, server);
        var world = await SeedAsync(backend);
        var carol = await world.Catalog.CallerAsync("carol");

        // Carol owns Secret; to alice it is as absent as a name nobody used, down to the message's wording.
        var seen = await AnnotateAsync(world, carol, "Dataset Name,Image Name,Gene\nSecret,s.tif,x\n");
        Assert.True(seen.Written);
        var hidden = await AnnotateAsync(world, world.Alice, "Dataset Name,Image Name,Gene\nSecret,s.tif,x\nNowhere,s.tif,x\n");
        Assert.Equal([BulkAnnotationProblem.NotFound, BulkAnnotationProblem.NotFound], hidden.Problems.Select(p => p.Problem!.Value));
        Assert.Equal(hidden.Problems[0].Message!.Replace("line 2", "line N", StringComparison.Ordinal).Replace("Secret", "NAME", StringComparison.Ordinal),
            hidden.Problems[1].Message!.Replace("line 3", "line N", StringComparison.Ordinal).Replace("Nowhere", "NAME", StringComparison.Ordinal));
        Assert.Null(hidden.Problems[0].Ref);

        // Images of a readable dataset are only those the caller may read, and plates likewise.
        var wells = await AnnotateAsync(world, carol, "Plate,Well,Compound\nP1,A1,x\n");
        Assert.Equal("line 2: plate 'P1': not found", Assert.Single(wells.Problems).Message);
    }

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task A_caller_without_annotate_rights_gets_a_row_error_and_nothing_is_written(CatalogDialect dialect)
    {
        await using var backend = await CatalogBackend.CreateAsync(dialect, server);
        var world = await SeedAsync(backend);
        var before = await CountRowsAsync(backend);

        // Bob may annotate alice's images in the read-annotate lab, but only read them in the read-only group.
        var report = await AnnotateAsync(world, world.Bob, "Dataset Name,Image Name,Gene\nD1,a.tif,CDK5\nRO,r.tif,TP53\n");

        Assert.False(report.Written);
        var problem = Assert.Single(report.Problems);
        Assert.Equal((3, BulkAnnotationProblem.Forbidden), (problem.Line ?? 0, problem.Problem!.Value));
        Assert.StartsWith($"line 3: image 'r.tif' in dataset 'RO' ({world.Image("RO", "r.tif")}): annotate not allowed: the group is read-only", problem.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountRowsAsync(backend));

        var tagging = await BulkAnnotation.TagAsync(world.Catalog, world.Bob, [world.Image("D1", "a.tif"), world.Image("RO", "r.tif"), new ObjectRef(CatalogObjectType.Image, 999_999)], ["seen"]);
        Assert.False(tagging.Written);
        Assert.Equal([BulkAnnotationProblem.Forbidden, BulkAnnotationProblem.NotFound], tagging.Problems.Select(p => p.Problem!.Value));
        Assert.Equal("image:999999: not found", tagging.Problems[1].Message);
        Assert.Equal(before, await CountRowsAsync(backend));
    }

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task Project_and_screen_columns_tell_same_named_containers_apart_and_dry_runs_write_nothing(CatalogDialect dialect)
    {
        await using var backend = await CatalogBackend.CreateAsync(dialect, server);
        var world = await SeedAsync(backend);
        var before = await CountRowsAsync(backend);
        const string Csv = "Project Name,Dataset Name,Image Name,Gene\nP-B,Dup,x.tif,B\nP-A,Dup,x.tif,A\nP-C,Dup,x.tif,C\n";

        var dry = await AnnotateAsync(world, world.Alice, Csv.Replace("P-C,Dup,x.tif,C\n", "", StringComparison.Ordinal), new BulkAnnotationOptions { DryRun = true });
        Assert.True(dry.Succeeded);
        Assert.False(dry.Written);
        Assert.Equal("would annotate 2 images with 2 pairs (dry run: nothing written)", dry.Summary);
        Assert.Equal(before, await CountRowsAsync(backend));

        var failed = await AnnotateAsync(world, world.Alice, Csv);
        Assert.Equal("line 4: dataset 'Dup' in project 'P-C': not found", Assert.Single(failed.Problems).Message);

        var report = await AnnotateAsync(world, world.Alice, Csv.Replace("P-C,Dup,x.tif,C\n", "", StringComparison.Ordinal));
        Assert.True(report.Written);
        Assert.Equal("A", Assert.Single(Assert.Single(await MapsAsync(world, world.Image("P-A/Dup", "x.tif"))).Pairs).Value);
        Assert.Equal("B", Assert.Single(Assert.Single(await MapsAsync(world, world.Image("P-B/Dup", "x.tif"))).Pairs).Value);

        var plates = await AnnotateAsync(world, world.Alice, "Plate,Well,Compound\nP1,A1,x\n");
        Assert.StartsWith("line 2: plate 'P1': ambiguous: 2 plates you can read (plate:", Assert.Single(plates.Problems).Message, StringComparison.Ordinal);
        var wells = await AnnotateAsync(world, world.Alice, "Screen Name,Plate,Well,Compound\nS1,P1,A1,x\nS1,P1,Z,y\nS1,P1,C1,z\n");
        Assert.Equal(
            [
                "line 3: well 'Z' of plate 'P1' in screen 'S1': not a well name (row letters then a column number, like B3 or B03)",
                "line 4: well 'C1' of plate 'P1' in screen 'S1': not found",
            ],
            wells.Problems.Select(p => p.Message));
    }

    public static TheoryData<string, int?, string> MalformedFiles => new()
    {
        { "", null, "annotations.csv: the file is empty" },
        { "\r\n \r\n", null, "annotations.csv: the file is empty" },
        { "Dataset Name,Image Name,Gene\n", null, "annotations.csv: the file has a header but no rows" },
        { "Dataset Name,Image Name,Gene\nD1,a.tif,\"open\nD1,b.tif,x\n", 2, "annotations.csv: line 2: a quoted field that starts on this line is never closed (unbalanced quote)" },
        { "Dataset Name,Image Name,Gene\nD1,a.tif,x\nD1,b.tif,x,extra\n", 3, "annotations.csv: line 3: 4 fields, but the header has 3" },
        { "Dataset Name,Image Name,Gene\nD1,\"a\nb\",x\nD1,b.tif\n", 4, "annotations.csv: line 4: 2 fields, but the header has 3" },
        { "Dataset Name,Image Name,Gene\nD1,a\"b,x\n", 2, "annotations.csv: line 2: field 2: a quote inside an unquoted field" },
        { "Dataset Name,Image Name,Gene\n\"D1\"x,a,b\n", 2, "annotations.csv: line 2: field 1: 'x' after the closing quote" },
        { "Name,Gene\nD1,x\n", 1, "annotations.csv: line 1: no identifying columns: expected 'Dataset Name' and 'Image Name', or 'Plate' and 'Well'; found 'Name', 'Gene'" },
        { "Dataset Name\tImage Name\tGene\nD1\ta\tb\n", 1, "(the header is one column: is the file tab- or semicolon-separated?" },
        { "Dataset Name,Gene\nD1,x\n", 1, "annotations.csv: line 1: no 'Image Name' column" },
        { "Plate,Gene\nP1,x\n", 1, "annotations.csv: line 1: no 'Well' column" },
        { "Dataset Name,Image Name,Plate,Well\nD1,a,P1,A1\n", 1, "both image columns" },
        { "Dataset Name,Image Name,,Gene\nD1,a,,x\n", 1, "annotations.csv: line 1: column 3 has no name" },
        { "Plate,Well,well\nP1,A1,A2\n", 1, "annotations.csv: line 1: 'Well' is given by columns 2 and 3" },
    };

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public void Malformed_files_fail_whole_with_the_line(string csv, int? line, string message)
    {
        var error = Assert.Throws<CsvFormatException>(() => BulkAnnotationTable.Parse(Encoding.UTF8.GetBytes(csv), "annotations.csv"));
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_refused_with_their_line_and_a_bom_is_not()
    {
        var latin1 = Encoding.Latin1.GetBytes("Dataset Name,Image Name,Gene\nD1,a.tif,x\nD1,b.tif,Caf\u00e9\n");
        var error = Assert.Throws<CsvFormatException>(() => BulkAnnotationTable.Parse(latin1, "annotations.csv"));
        Assert.Equal(3, error.Line);
        Assert.Equal("annotations.csv: line 3: not UTF-8 text (byte 0xE9 at offset 52); save the file as CSV UTF-8", error.Message);

        var table = BulkAnnotationTable.Parse([.. "\uFEFF"u8, .. "Dataset Name,Image Name,Gene\r\nD1,a.tif,Caf\u00e9\r\n,,\r\n"u8], "annotations.csv");
        Assert.Equal(CatalogObjectType.Image, table.TargetType);
        Assert.Equal(["Gene"], table.Keys);
        var row = Assert.Single(table.Rows);
        Assert.Equal((2, "D1", "a.tif", "Caf\u00e9"), (row.Line, row.Parent, row.Name, row.Pairs[0].Value));
    }

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task Ten_thousand_rows_annotate_in_one_transaction(CatalogDialect dialect)
    {
        await using var backend = await CatalogBackend.CreateAsync(dialect, server);
        var catalog = new Catalog(backend.Database);
        var lab = await catalog.CreateGroupAsync("lab", GroupPermissions.ReadAnnotate);
        var alice = await catalog.CreateUserAsync("alice");
        await catalog.AddMemberAsync(lab.Id, alice.Id);
        var caller = await catalog.CallerAsync("alice");

        // A 100 × 100 plate: rows A..Z, AA..AZ, BA..BZ, CA..CV.
        var rowNames = Enumerable.Range(0, 100).Select(i => i < 26 ? ((char)('A' + i)).ToString() : $"{(char)('A' + (i / 26) - 1)}{(char)('A' + (i % 26))}").ToArray();
        await using (var write = await catalog.BeginWriteAsync(caller, default))
        {
            var plateId = await Catalog.InsertPlateAsync(write, lab.Id, new PlateRecord { Name = "Big", Location = "big.zarr", RowNames = rowNames, ColumnNames = [.. Enumerable.Range(1, 100).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))] });
            await BulkRows.InsertAsync(write, "well (plate_id, owner_id, group_id, row_index, column_index, row_name, column_name)",
                [.. Enumerable.Range(0, 10_000).Select(i => new object?[] { plateId, alice.Id, lab.Id, i / 100, i % 100, rowNames[i / 100], ((i % 100) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) })]);
            await write.CommitAsync();
        }

        var csv = new StringBuilder("Plate,Well,Gene,Compound,Dose,Gene,Phenotype\n");
        for (var i = 0; i < 10_000; i++)
        {
            csv.Append(System.Globalization.CultureInfo.InvariantCulture, $"Big,{rowNames[i / 100]}{(i % 100) + 1:D2},G{i % 500},C{i % 37},{i % 10},G{(i + 1) % 500},{(i % 3 == 0 ? "round" : "")}\n");
        }

        var clock = Stopwatch.StartNew();
        var report = await BulkAnnotation.ApplyAsync(catalog, caller, BulkAnnotationTable.Parse(csv.ToString(), "big.csv"), new BulkAnnotationOptions { Tags = ["bulk"] });
        clock.Stop();

        Assert.True(report.Written, string.Join("\n", report.Problems.Take(5).Select(p => p.Message)));
        Assert.Equal((10_000, 43_334), (report.ObjectCount, report.PairCount));
        // Printed, not asserted: timings belong to benchmarks on this shared machine.
        Console.WriteLine($"{dialect}: 10 000 rows, 43 334 pairs annotated in {clock.Elapsed.TotalSeconds:F2} s");

        var counts = await CountRowsAsync(backend);
        Assert.Equal(43_334, counts["map_value"]);
        Assert.Equal(20_000, counts["annotation_link"]);
        var kept = await IndexRowsAsync(backend);
        await RebuildIndexAsync(backend);
        Assert.Equal(await IndexRowsAsync(backend), kept);
    }
}
