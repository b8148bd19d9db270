using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.Catalog;

namespace Tessera.Cli.Tests;

/// <summary><c>tessera annotate</c> and <c>tessera search</c> run as processes against a repository made with the library.</summary>
public sealed class AnnotateSearchCommandTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private string Repo => _directory.Combine("repo");

    /// <summary>
    /// A SQLite repository whose administrator "admin" has dataset D1 (a.tif, b.tif, c.tif) and plate P1 (A1..B2)
    /// in the group "default"; "guest" exists but is in no group. Returns the image and well ids by name.
    /// </summary>
    private async Task<Dictionary<string, long>> RepositoryAsync()
    {
        var repo = await TesseraRepository.InitAsync(Repo, userName: "admin");
        var catalog = repo.Catalog;
        await catalog.CreateUserAsync("guest");
        var admin = await repo.CallerAsync();
        var group = (await catalog.FindGroupAsync("default"))!;
        var dataset = await catalog.CreateDatasetAsync(admin, group.Id, "D1");
        var ids = new Dictionary<string, long>();
        await using var write = await catalog.BeginWriteAsync(admin, default);
        foreach (var name in new[] { "a.tif", "b.tif", "c.tif" })
        {
            ids[name] = await Catalog.Catalog.InsertImageAsync(write, group.Id, new ImageRecord { Name = name, Location = name + ".zarr", PixelType = "uint8", SizeX = 4, SizeY = 4 });
            await Catalog.Catalog.LinkAsync(write, dataset.Ref, new ObjectRef(CatalogObjectType.Image, ids[name]));
        }

        var plate = await Catalog.Catalog.InsertPlateAsync(write, group.Id, new PlateRecord { Name = "P1", Location = "p1.zarr", RowNames = ["A", "B"], ColumnNames = ["1", "2"], FieldCount = 1 });
        foreach (var (row, column) in new[] { (0, 0), (0, 1), (1, 0), (1, 1) })
        {
            var name = $"{"AB"[row]}{column + 1}";
            ids[name] = await Catalog.Catalog.InsertWellAsync(write, plate, group.Id, row, column, name[..1], name[1..]);
        }

        await write.CommitAsync();
        return ids;
    }

    private string Csv(string name, string text)
    {
        var path = _directory.Combine(name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public async Task Annotate_from_csv_then_search_finds_the_pairs_as_text_and_json()
    {
        var ids = await RepositoryAsync();
        var csv = Csv("annotations.csv", "Dataset Name,Image Name,Gene,Organism\nD1,a.tif,CDK5,Homo sapiens\nD1,b.tif,TP53,Homo sapiens\nD1,c.tif,,Mus musculus\n");

        var annotated = await TesseraProcess.RunAsync("annotate", Repo, "--csv", csv, "--tag", "screened");
        Assert.Equal((0, ""), (annotated.ExitCode, annotated.Error));
        Assert.Equal("annotated 3 images with 5 pairs and 3 tags", annotated.Output.Trim());

        var text = await TesseraProcess.RunAsync("search", Repo, "gene=cdk5");
        Assert.Equal(0, text.ExitCode);
        Assert.Equal(["1 match (showing 1–1)", $"image:{ids["a.tif"]}  a.tif"], text.Output.TrimEnd().Split('\n'));

        var paged = await TesseraProcess.RunAsync("search", Repo, "Organism=Homo*", "--type", "image", "--limit", "1", "--offset", "1", "--json");
        Assert.Equal((0, ""), (paged.ExitCode, paged.Error));
        var document = JsonNode.Parse(paged.Output)!;
        Assert.Equal((1L, 1, 2L), (document["meta"]!["offset"]!.GetValue<long>(), document["meta"]!["limit"]!.GetValue<int>(), document["meta"]!["totalCount"]!.GetValue<long>()));
        var hit = Assert.Single(document["data"]!.AsArray())!;
        Assert.Equal(("image", ids["b.tif"], "b.tif"), (hit["type"]!.GetValue<string>(), hit["id"]!.GetValue<long>(), hit["name"]!.GetValue<string>()));
        Assert.Null(document["facet"]);

        var facet = JsonNode.Parse((await TesseraProcess.RunAsync("search", Repo, "--facet", "organism", "--json")).Output)!;
        Assert.Null(facet["data"]);
        Assert.Equal(2, facet["facet"]!["distinctValues"]!.GetValue<long>());
        Assert.Equal(
            [("Homo sapiens", 2L), ("Mus musculus", 1L)],
            facet["facet"]!["values"]!.AsArray().Select(v => (v!["value"]!.GetValue<string>(), v["count"]!.GetValue<long>())));

        var suggested = JsonNode.Parse((await TesseraProcess.RunAsync("search", Repo, "Gene=*", "--suggest-value", "Gene=t", "--json")).Output)!;
        Assert.Equal(2, suggested["meta"]!["totalCount"]!.GetValue<long>());
        Assert.Equal(["TP53"], suggested["suggestions"]!.AsArray().Select(v => v!["value"]!.GetValue<string>()));

        var facetText = await TesseraProcess.RunAsync("search", Repo, "--facet", "Organism", "--suggest-key", "g");
        Assert.Equal(["Organism: 2 values", "  2  Homo sapiens", "  1  Mus musculus", "suggested keys:", "  2  Gene"], facetText.Output.TrimEnd().Split('\n'));

        // Rights apply: the anonymous public and a user outside the group see none of it.
        Assert.Equal("0 matches", (await TesseraProcess.RunAsync("search", Repo, "Gene=CDK5", "--anonymous")).Output.Trim());
        Assert.Equal("0 matches", (await TesseraProcess.RunAsync("search", Repo, "Gene=CDK5", "--user", "guest")).Output.Trim());
    }

    [Fact]
    public async Task Wells_and_tags_by_reference_annotate_and_a_dry_run_writes_nothing()
    {
        var ids = await RepositoryAsync();
        var csv = Csv("wells.csv", "Plate,Well,Compound\r\nP1,A01,DMSO\r\nP1,b2,Taxol\r\n");

        var dry = await TesseraProcess.RunAsync("annotate", Repo, "--csv", csv, "--ns", "example.org/screen", "--dry-run");
        Assert.Equal((0, "would annotate 2 wells with 2 pairs (dry run: nothing written)"), (dry.ExitCode, dry.Output.Trim()));
        Assert.Equal("0 matches", (await TesseraProcess.RunAsync("search", Repo, "Compound=*")).Output.Trim());

        var wet = await TesseraProcess.RunAsync("annotate", Repo, "--csv", csv, "--ns", "example.org/screen");
        Assert.Equal((0, "annotated 2 wells with 2 pairs"), (wet.ExitCode, wet.Output.Trim()));
        var found = await TesseraProcess.RunAsync("search", Repo, "Compound=taxol", "--type", "well");
        Assert.Equal(["1 match (showing 1–1)", $"well:{ids["B2"]}  P1 B2"], found.Output.TrimEnd().Split('\n'));

        var tagged = await TesseraProcess.RunAsync("annotate", Repo, "--target", $"image:{ids["a.tif"]}", "--target", $"well:{ids["A1"]}", "--tag", "Mitotic");
        Assert.Equal((0, "annotated 2 objects with 2 tags"), (tagged.ExitCode, tagged.Output.Trim()));
        var repo = await TesseraRepository.OpenAsync(Repo);
        var admin = await repo.CallerAsync();
        var annotations = await repo.Catalog.ListAnnotationsAsync(admin, new ObjectRef(CatalogObjectType.Well, ids["A1"]));
        Assert.Equal([(AnnotationKind.Map, "example.org/screen"), (AnnotationKind.Tag, null)], annotations.Select(a => (a.Kind, a.Namespace)));
        Assert.Equal("Mitotic", annotations[1].Text);

        var missing = await TesseraProcess.RunAsync("annotate", Repo, "--target", "image:999999", "--tag", "Mitotic");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("  image:999999: not found", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_csv_exits_1_with_the_line_and_writes_nothing()
    {
        var ids = await RepositoryAsync();

        var malformed = await TesseraProcess.RunAsync("annotate", Repo, "--csv", Csv("quote.csv", "Dataset Name,Image Name,Gene\nD1,a.tif,CDK5\nD1,b.tif,\"TP53\n"));
        Assert.Equal(1, malformed.ExitCode);
        Assert.Equal($"tessera: error: {_directory.Combine("quote.csv")}: line 3: a quoted field that starts on this line is never closed (unbalanced quote)", malformed.Error.Trim());

        var latin1 = _directory.Combine("latin1.csv");
        await File.WriteAllBytesAsync(latin1, Encoding.Latin1.GetBytes("Dataset Name,Image Name,Gene\nD1,a.tif,Caf\u00e9\n"));
        var encoding = await TesseraProcess.RunAsync("annotate", Repo, "--csv", latin1);
        Assert.Equal(1, encoding.ExitCode);
        Assert.Contains("latin1.csv: line 2: not UTF-8 text", encoding.Error, StringComparison.Ordinal);

        var rows = await TesseraProcess.RunAsync("annotate", Repo, "--csv", Csv("rows.csv", "Dataset Name,Image Name,Gene\nD1,a.tif,CDK5\nD9,a.tif,x\nD1,zz.tif,y\nD1,a.tif,z\n"));
        Assert.Equal(1, rows.ExitCode);
        Assert.Equal("", rows.Output);
        Assert.Equal(
            [
                $"tessera: {_directory.Combine("rows.csv")}: 3 problems in 4 rows; nothing was written:",
                "  line 3: dataset 'D9': not found",
                "  line 4: image 'zz.tif' in dataset 'D1': not found",
                string.Create(CultureInfo.InvariantCulture, $"  line 5: image 'a.tif' in dataset 'D1' (image:{ids["a.tif"]}): also on line 2; give each object one row"),
            ],
            rows.Error.TrimEnd().Split('\n'));
        Assert.Equal("0 matches", (await TesseraProcess.RunAsync("search", Repo, "Gene=*")).Output.Trim());

        var absent = await TesseraProcess.RunAsync("annotate", Repo, "--csv", _directory.Combine("absent.csv"));
        Assert.Equal(1, absent.ExitCode);
        Assert.Contains("absent.csv", absent.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_usage_exits_2_with_a_message()
    {
        await RepositoryAsync();
        var cases = new (string[] Arguments, string Message)[]
        {
            (["annotate", Repo], "give either --csv FILE, or --target TYPE:ID with --tag TEXT"),
            (["annotate", Repo, "--target", "image:1"], "--target needs at least one --tag"),
            (["annotate", Repo, "--target", "img42", "--tag", "x"], "--target: 'img42' is not TYPE:ID"),
            (["annotate", Repo, "--target", "galaxy:4", "--tag", "x"], "'galaxy' is not an object type"),
            (["search", Repo], "give Key=Value filters or --text"),
            (["search", Repo, "Gene"], "a search filter is Key=Value"),
            (["search", Repo, "Gene=x", "--type", "cell"], "'cell' is not an object type"),
            (["search", Repo, "Gene=x", "--limit", "0"], "limit: must be 1 to 1000"),
            (["search", Repo, "Gene=x", "--user", "admin", "--anonymous"], "give --user or --anonymous, not both"),
            (["search", Repo, "--suggest-value", "Gene"], "--suggest-value: 'Gene' is not KEY=PREFIX"),
            (["search", Repo, "Gene=x", "--no-such-option"], "--no-such-option"),
        };
        foreach (var (arguments, message) in cases)
        {
            var result = await TesseraProcess.RunAsync(arguments);
            Assert.True(result.ExitCode == 2, $"tessera {string.Join(' ', arguments)} exited {result.ExitCode}: {result.Error}");
            Assert.Contains(message, result.Error, StringComparison.Ordinal);
        }
    }
}
