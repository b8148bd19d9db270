using System.Text.Json.Nodes;
using Tessera.Ngff;
using Tessera.Zarr;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Cli.Tests;

/// <summary>validate, info and upgrade on OME-Zarr: the demo image, damaged copies of it, a small plate and a 0.4 image.</summary>
public sealed class NgffCommandTests : IClassFixture<DemoImage>, IDisposable
{
    private readonly DemoImage _demo;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tessera-ngff-" + Guid.NewGuid().ToString("N")[..10]);

    public NgffCommandTests(DemoImage demo)
    {
        _demo = demo;
        Directory.CreateDirectory(_directory);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    /// <summary>Applies <paramref name="edit"/> to the JSON document at <paramref name="file"/>.</summary>
    private static void EditJson(string file, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        edit(json);
        File.WriteAllText(file, json.ToJsonString());
    }

    [Fact]
    public async Task Validate_says_the_demo_is_valid()
    {
        var result = await TesseraProcess.RunAsync("validate", _demo.Path);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Equal("valid OME-NGFF 0.5 image (3 groups, 6 arrays checked)", result.Output.Trim());

        var strict = await TesseraProcess.RunAsync("validate", _demo.Path, "--strict");
        Assert.Equal(0, strict.ExitCode); // the demo meets the SHOULDs too
    }

    [Fact]
    public async Task Validate_json_prints_the_report_and_nothing_else()
    {
        var result = await TesseraProcess.RunAsync("validate", _demo.Path, "--json");
        Assert.Equal(0, result.ExitCode);
        var report = JsonNode.Parse(result.Output)!.AsObject(); // throws if anything else is on stdout
        Assert.True(report["valid"]!.GetValue<bool>());
        Assert.Equal("0.5", report["version"]!.GetValue<string>());
        Assert.Equal("Image", report["kind"]!.GetValue<string>());
        Assert.Empty(report["errors"]!.AsArray());
        Assert.IsType<JsonArray>(report["warnings"]);
    }

    [Theory]
    [InlineData("dimension_names", "1/zarr.json:$.dimension_names")]
    [InlineData("version", "zarr.json:$.attributes.ome.version")]
    [InlineData("label dtype", "labels/cells/0/zarr.json:$.data_type")]
    public async Task Validate_fails_a_damaged_copy_and_names_the_place(string damage, string place)
    {
        var copy = _demo.CopyTo(PathOf("damaged.zarr"));
        switch (damage)
        {
            case "dimension_names":
                EditJson(Path.Combine(copy, "1", "zarr.json"), json => json.Remove("dimension_names"));
                break;
            case "version":
                EditJson(Path.Combine(copy, "zarr.json"), json => json["attributes"]!["ome"]!["version"] = "9.9");
                break;
            case "label dtype":
                // Metadata-only damage: a float label image is an error in 0.5 before any chunk is read.
                EditJson(Path.Combine(copy, "labels", "cells", "0", "zarr.json"), json => json["data_type"] = "float32");
                break;
        }

        var result = await TesseraProcess.RunAsync("validate", copy);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error: {place}", result.Output);
        Assert.StartsWith("invalid: ", result.Output.Trim().Split('\n')[^1]);

        var json = await TesseraProcess.RunAsync("validate", copy, "--json");
        Assert.Equal(1, json.ExitCode);
        var report = JsonNode.Parse(json.Output)!;
        Assert.False(report["valid"]!.GetValue<bool>());
        Assert.Contains(report["errors"]!.AsArray(), e => e!["path"]!.GetValue<string>().StartsWith(place, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validate_exits_2_when_there_is_nothing_to_read()
    {
        var missing = await TesseraProcess.RunAsync("validate", PathOf("nothing-here"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no such file or directory", missing.Error);
        Assert.Equal("", missing.Output);

        Directory.CreateDirectory(PathOf("empty"));
        var empty = await TesseraProcess.RunAsync("validate", PathOf("empty"), "--json");
        Assert.Equal(2, empty.ExitCode);
        Assert.Equal("", empty.Output);
        Assert.DoesNotContain("   at ", empty.Error);

        var noArgument = await TesseraProcess.RunAsync("validate");
        Assert.Equal(2, noArgument.ExitCode); // a usage error, not "invalid"
    }

    [Fact]
    public async Task Strict_turns_a_warning_into_a_failure()
    {
        var copy = _demo.CopyTo(PathOf("warned.zarr"));
        EditJson(Path.Combine(copy, "zarr.json"), json => json["attributes"]!["ome"]!["omero"]!["channels"]!.AsArray().RemoveAt(1));

        var lenient = await TesseraProcess.RunAsync("validate", copy);
        Assert.Equal(0, lenient.ExitCode);
        Assert.Contains("warning: zarr.json:$.attributes.ome.omero.channels:", lenient.Output);
        Assert.Contains("valid OME-NGFF 0.5 image with 1 warning", lenient.Output);

        var strict = await TesseraProcess.RunAsync("validate", copy, "--strict");
        Assert.Equal(1, strict.ExitCode);
        Assert.Contains("invalid (--strict: warnings fail): 0 errors, 1 warning", strict.Output);
    }

    [Fact]
    public async Task Metadata_only_accepts_a_copy_without_arrays_that_the_full_check_rejects()
    {
        var copy = _demo.CopyTo(PathOf("metadata-only.zarr"));
        foreach (var document in Directory.GetFiles(copy, "zarr.json", SearchOption.AllDirectories))
        {
            if (JsonNode.Parse(File.ReadAllText(document))!["node_type"]!.GetValue<string>() == "array")
            {
                Directory.Delete(Path.GetDirectoryName(document)!, recursive: true);
            }
        }

        Assert.Empty(Directory.GetDirectories(copy, "c", SearchOption.AllDirectories)); // no chunk left

        var full = await TesseraProcess.RunAsync("validate", copy);
        Assert.Equal(1, full.ExitCode);
        Assert.Contains("level array '0' does not exist", full.Output);

        var metadataOnly = await TesseraProcess.RunAsync("validate", copy, "--metadata-only");
        Assert.True(metadataOnly.ExitCode == 0, metadataOnly.Output);
        Assert.Contains("valid OME-NGFF 0.5 image (3 groups, 0 arrays checked, metadata only)", metadataOnly.Output);
    }

    [Fact]
    public async Task Info_summarises_the_demo_image()
    {
        var result = await TesseraProcess.RunAsync("info", _demo.Path);
        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Output.Split('\n').Select(l => l.Trim()).ToList();
        Assert.StartsWith("/  OME-NGFF 0.5 image", lines[0]);
        Assert.Contains("axes         c (channel), z (space, micrometer), y (space, micrometer), x (space, micrometer)", lines);
        Assert.Contains("level 0      2 × 8 × 512 × 512  uint16  scale 1, 0.5, 0.1625, 0.1625", lines);
        Assert.Contains("chunks 1 × 1 × 256 × 256 in shards of 1 × 4 × 512 × 512", lines);
        Assert.Contains("level 2      2 × 8 × 128 × 128  uint16  scale 1, 0.5, 0.65, 0.65", lines);
        Assert.Contains(lines, l => l.Contains("channels     DNA          #0000FF  window ", StringComparison.Ordinal) && l.EndsWith("of 0–4095  active", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("membrane     #00FF00", StringComparison.Ordinal));
        Assert.Contains("labels       cells  uint8  levels 8 × 512 × 512, 8 × 256 × 256, 8 × 128 × 128", lines);
        Assert.DoesNotContain("array · Zarr v3", result.Output); // the Zarr tree only with --tree

        var tree = await TesseraProcess.RunAsync("info", _demo.Path, "--tree");
        Assert.StartsWith("/  OME-NGFF 0.5 image", tree.Output);
        Assert.Contains("├─ 0  array · Zarr v3", tree.Output);
        Assert.Contains("dimensions  z, y, x", tree.Output);
    }

    [Fact]
    public async Task Info_json_carries_an_ngff_object()
    {
        var result = await TesseraProcess.RunAsync("info", _demo.Path, "--json");
        Assert.Equal(0, result.ExitCode);
        var ngff = JsonNode.Parse(result.Output)!["ngff"]!;
        Assert.Equal("Image", ngff["kind"]!.GetValue<string>());
        Assert.Equal("0.5", ngff["version"]!.GetValue<string>());
        Assert.Equal(["c", "z", "y", "x"], ngff["axes"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()));
        Assert.Equal("micrometer", ngff["axes"]![3]!["unit"]!.GetValue<string>());
        var levels = ngff["levels"]!.AsArray();
        Assert.Equal(3, levels.Count);
        Assert.Equal("[2,8,256,256]", levels[1]!["shape"]!.ToJsonString());
        Assert.Equal("[1,4,512,512]", levels[0]!["shards"]!.ToJsonString());
        Assert.Null(levels[1]!["shards"]);
        Assert.Equal("[1,0.5,0.325,0.325]", levels[1]!["scale"]!.ToJsonString());
        var channels = ngff["channels"]!.AsArray();
        Assert.Equal(["DNA", "membrane"], channels.Select(c => c!["label"]!.GetValue<string>()));
        Assert.True(channels[0]!["window"]!["end"]!.GetValue<double>() > channels[0]!["window"]!["start"]!.GetValue<double>());
        var cells = ngff["labels"]!.AsArray().Single()!;
        Assert.Equal("cells", cells["name"]!.GetValue<string>());
        Assert.Equal("[8,128,128]", cells["levels"]![2]!["shape"]!.ToJsonString());
    }

    [Fact]
    public async Task Demo_levels_are_2x2_means_and_the_labels_keep_their_values()
    {
        var store = new FileSystemStore(_demo.Path);
        var image = await NgffNode.OpenAsync(store);
        var level0 = await (await image.OpenLevelAsync(0)).ReadAsync<ushort>(new ArrayRegion([1, 3, 100, 200], [1, 1, 2, 2]));
        var level1 = await (await image.OpenLevelAsync(1)).ReadAsync<ushort>(new ArrayRegion([1, 3, 50, 100], [1, 1, 1, 1]));
        Assert.Equal((level0.Sum(v => v) + 2) / 4, level1[0]);

        var cells = await image.OpenChildAsync("labels/cells");
        var labels0 = (await (await cells.OpenLevelAsync(0)).ReadAsync<byte>(ArrayRegion.Full([8, 512, 512]))).Distinct().Order();
        var labels2 = (await (await cells.OpenLevelAsync(2)).ReadAsync<byte>(ArrayRegion.Full([8, 128, 128]))).Distinct().Order();
        Assert.Subset(labels0.ToHashSet(), labels2.ToHashSet()); // mode downsampling invents no label
        Assert.True(labels2.Count() > 10);
    }

    /// <summary>A 0.5 plate: rows A–B, columns 1–3, wells A/1 and B/3 with two single-level fields each.</summary>
    private async Task<string> PlateAsync()
    {
        var path = PathOf("plate.zarr");
        var store = new FileSystemStore(path);
        var plate = Plate.Create(["A", "B"], ["1", "2", "3"], [(0, 0), (1, 2)]) with { Name = "test plate", Acquisitions = [new PlateAcquisition(7) { Name = "run 7" }] };
        await NgffWriter.WriteGroupAsync(store, "", new NgffMetadata { Plate = plate }, NgffVersion.V0_5);
        ValueList<Axis> axes = [Axis.OfSpace("y", "micrometer"), Axis.OfSpace("x", "micrometer")];
        foreach (var well in plate.Wells)
        {
            await ZarrGroup.CreateAsync(store, well.Path.Split('/')[0], overwrite: true);
            await NgffWriter.WriteGroupAsync(store, well.Path, new NgffMetadata { Well = new Well([new WellImage("0", 7), new WellImage("1", 7)]) }, NgffVersion.V0_5);
            foreach (var field in new[] { "0", "1" })
            {
                var fieldPath = $"{well.Path}/{field}";
                var multiscale = new Multiscale(axes, [MultiscaleDataset.Create("0", [0.5, 0.5])]) { Name = field, Type = "none", Metadata = new JsonFields(new JsonObject { ["method"] = "none" }) };
                await NgffWriter.WriteGroupAsync(store, fieldPath, new NgffMetadata { Multiscales = [multiscale] }, NgffVersion.V0_5);
                var level = await NgffWriter.CreateLevelAsync(store, fieldPath, "0", new ArrayMetadata([16, 16], [16, 16], DataType.UInt8), axes, NgffVersion.V0_5);
                await level.WriteAsync<byte>(ArrayRegion.Full([16, 16]), new byte[256]);
            }
        }

        return path;
    }

    [Fact]
    public async Task A_plate_validates_and_info_shows_its_layout()
    {
        var plate = await PlateAsync();
        var validate = await TesseraProcess.RunAsync("validate", plate);
        Assert.True(validate.ExitCode == 0, validate.Output);
        Assert.Contains("valid OME-NGFF 0.5 plate", validate.Output);
        Assert.Contains("4 arrays checked", validate.Output);

        var info = await TesseraProcess.RunAsync("info", plate);
        Assert.Equal(0, info.ExitCode);
        Assert.StartsWith("/  OME-NGFF 0.5 plate", info.Output);
        Assert.Contains("layout       2 rows × 3 columns, 2 wells, 2 fields per well", info.Output);
        Assert.Contains("acquisitions 7  run 7", info.Output);

        var well = await TesseraProcess.RunAsync("info", Path.Combine(plate, "B", "3"), "--json");
        Assert.Equal(["0", "1"], JsonNode.Parse(well.Output)!["ngff"]!["fields"]!.AsArray().Select(f => f!["path"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_plate_well_path_leaving_the_plate_is_an_error_at_that_path()
    {
        var plate = await PlateAsync();
        EditJson(Path.Combine(plate, "zarr.json"), json => json["attributes"]!["ome"]!["plate"]!["wells"]![1]!["path"] = "../x");
        var result = await TesseraProcess.RunAsync("validate", plate);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error: zarr.json:$.attributes.ome.plate.wells[1].path", result.Output);
    }

    /// <summary>A 0.4 image (Zarr v2): (c, y, x) uint16 with two levels, omero channels and a "nuclei" label image.</summary>
    private async Task<string> Image04Async()
    {
        var path = PathOf("image04.zarr");
        var store = new FileSystemStore(path);
        ValueList<Axis> axes = [Axis.OfChannel(), Axis.OfSpace("y", "micrometer"), Axis.OfSpace("x", "micrometer")];
        ValueList<Axis> labelAxes = [Axis.OfSpace("y", "micrometer"), Axis.OfSpace("x", "micrometer")];
        var image = new NgffMetadata
        {
            Multiscales = [new Multiscale(axes, [MultiscaleDataset.Create("0", [1, 0.2, 0.2]), MultiscaleDataset.Create("1", [1, 0.4, 0.4])]) { Name = "old", Type = "nearest" }],
            Omero = new OmeroMetadata([new OmeroChannel("FF0000", new OmeroWindow(0, 65535, 0, 5000)) { Label = "a" }, new OmeroChannel("00FFFF", new OmeroWindow(0, 65535, 0, 5000)) { Label = "b" }]),
        };
        await NgffWriter.WriteGroupAsync(store, "", image, NgffVersion.V0_4);
        for (var level = 0; level < 2; level++)
        {
            long[] shape = [2, 64 >> level, 96 >> level];
            var array = await NgffWriter.CreateLevelAsync(store, "", level.ToString(), new ArrayMetadata(shape, [1, 32, 32], DataType.UInt16), axes, NgffVersion.V0_4);
            await array.WriteAsync<ushort>(ArrayRegion.Full(shape), Enumerable.Range(0, (int)(shape[0] * shape[1] * shape[2])).Select(i => (ushort)(i * 7 + level)).ToArray());
        }

        await NgffWriter.WriteGroupAsync(store, "labels", new NgffMetadata { Labels = ["nuclei"] }, NgffVersion.V0_4);
        var nuclei = new NgffMetadata
        {
            Multiscales = [new Multiscale(labelAxes, [MultiscaleDataset.Create("0", [0.2, 0.2]), MultiscaleDataset.Create("1", [0.4, 0.4])]) { Name = "nuclei" }],
            ImageLabel = new ImageLabel { Colors = [new LabelColor(1, [255, 0, 0, 255])], SourceImage = "../../" },
        };
        await NgffWriter.WriteGroupAsync(store, "labels/nuclei", nuclei, NgffVersion.V0_4);
        for (var level = 0; level < 2; level++)
        {
            long[] shape = [64 >> level, 96 >> level];
            var array = await NgffWriter.CreateLevelAsync(store, "labels/nuclei", level.ToString(), new ArrayMetadata(shape, [32, 32], DataType.UInt16), labelAxes, NgffVersion.V0_4);
            await array.WriteAsync<ushort>(ArrayRegion.Full(shape), Enumerable.Range(0, (int)(shape[0] * shape[1])).Select(i => (ushort)(i / 100 % 5)).ToArray());
        }

        return path;
    }

    [Theory]
    [InlineData("out.zarr", null)]
    [InlineData("out.zarr", "2")]
    [InlineData("out.ozx", "1,64,64")]
    public async Task Upgrade_turns_a_0_4_image_into_a_valid_0_5_one_with_the_same_values(string target, string? shards)
    {
        var source = await Image04Async();
        var before = await TesseraProcess.RunAsync("validate", source);
        Assert.True(before.ExitCode == 0, before.Output);
        Assert.Contains("valid OME-NGFF 0.4 image", before.Output);

        var output = PathOf(target);
        string[] arguments = shards is null ? ["upgrade", source, output] : ["upgrade", source, output, "--shards", shards];
        var upgrade = await TesseraProcess.RunAsync(arguments);
        Assert.True(upgrade.ExitCode == 0, upgrade.Output + upgrade.Error);
        Assert.Contains("valid OME-NGFF 0.5 image", upgrade.Output);
        Assert.Contains("upgraded ", upgrade.Error); // progress and the closing line go to stderr

        foreach (var level in new[] { "0", "1", "labels/nuclei/0", "labels/nuclei/1" })
        {
            var was = await TesseraProcess.RunAsync("checksum", Path.Combine(source, level));
            var now = await TesseraProcess.RunAsync("checksum", Path.Combine(output, level));
            Assert.StartsWith("sha256:", was.Output);
            Assert.Equal(was.Output, now.Output);
        }

        await using var opened = StoreLocation.OpenRead(output);
        var image = await NgffNode.OpenAsync(opened.Store);
        Assert.Equal(NgffVersion.V0_5, image.Version);
        Assert.Equal(["nuclei"], await image.ListLabelsAsync());
        var level0 = await image.OpenLevelAsync(0);
        var level1 = await image.OpenLevelAsync(1);
        Assert.Equal(ZarrFormat.V3, level0.ZarrFormat);
        Assert.Equal("c,y,x", string.Join(",", level0.Metadata.DimensionNames!.Value));
        Assert.Equal("1,32,32", string.Join(",", level0.Metadata.InnerChunkShape));
        switch (shards)
        {
            case null:
                Assert.Null(level0.Metadata.Sharding);
                break;
            case "2":
                Assert.Equal("1,64,64", string.Join(",", level0.Metadata.ChunkShape));
                Assert.Equal("1,32,64", string.Join(",", level1.Metadata.ChunkShape)); // clamped to the 32 × 48 level, rounded up to whole chunks
                Assert.NotNull(level1.Metadata.Sharding);
                break;
            default:
                Assert.Equal("1,64,64", string.Join(",", level0.Metadata.ChunkShape));
                Assert.NotNull(level0.Metadata.Sharding);
                break;
        }
    }

    [Fact]
    public async Task Upgrade_refuses_an_invalid_source_with_a_message()
    {
        var source = await Image04Async();
        // Two scale factors for three axes: an error in the metadata alone, so the upgrade's own check sees it.
        EditJson(Path.Combine(source, ".zattrs"), json => json["multiscales"]![0]!["datasets"]![1]!["coordinateTransformations"]![0]!["scale"] = new JsonArray(0.4, 0.4));
        var output = PathOf("never.zarr");
        var result = await TesseraProcess.RunAsync("upgrade", source, output, "--quiet");
        Assert.Equal(1, result.ExitCode);
        var first = result.Error.Split('\n')[0];
        Assert.True(first.StartsWith($"tessera: error: {source} is not valid OME-NGFF (", StringComparison.Ordinal), result.Error);
        Assert.EndsWith("nothing was written", first.TrimEnd());
        Assert.Contains("error: .zattrs:$.multiscales[0].datasets[1].coordinateTransformations", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Upgrade_rejects_a_bad_shard_option_as_a_usage_error()
    {
        var source = await Image04Async();
        var result = await TesseraProcess.RunAsync("upgrade", source, PathOf("bad.zarr"), "--shards", "0");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--shards", result.Error);
    }
}
