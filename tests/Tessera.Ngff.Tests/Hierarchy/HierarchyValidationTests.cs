using System.Text;
using System.Text.Json.Nodes;
using Tessera.Zarr.Storage;

namespace Tessera.Ngff.Tests.Hierarchy;

/// <summary>What no schema can express, checked against real arrays and groups: each break gives an error naming its file and JSON path.</summary>
public sealed class HierarchyValidationTests
{
    [Fact]
    public async Task Missing_dimension_names_in_0_5_are_an_error_at_the_level_array()
    {
        var store = await ImageAsync(NgffVersion.V0_5);
        Edit(store, "1/zarr.json", json => json.Remove("dimension_names"));
        await AssertErrorAsync(store, "1/zarr.json:$.dimension_names", "missing");
    }

    [Fact]
    public async Task Dimension_names_that_differ_from_the_axes_are_an_error()
    {
        var store = await ImageAsync(NgffVersion.V0_5);
        Edit(store, "0/zarr.json", json => json["dimension_names"] = new JsonArray("c", "x", "y"));
        await AssertErrorAsync(store, "0/zarr.json:$.dimension_names[1]", "'x', the axis is 'y'");
    }

    [Fact]
    public async Task A_level_whose_rank_differs_from_the_axes_is_an_error()
    {
        var store = await ImageAsync(NgffVersion.V0_4);
        Edit(store, "2/.zarray", json =>
        {
            json["shape"] = new JsonArray(2, 16, 16, 1);
            json["chunks"] = new JsonArray(1, 8, 8, 1);
        });
        await AssertErrorAsync(store, "2/.zarray:$.shape", "4 dimensions");
    }

    [Fact]
    public async Task Levels_growing_instead_of_shrinking_are_an_error()
    {
        var store = await ImageAsync(NgffVersion.V0_5);
        Edit(store, "2/zarr.json", json => json["shape"] = new JsonArray(2, 64, 64));
        await AssertErrorAsync(store, "2/zarr.json:$.shape", "larger than level 1");
    }

    [Fact]
    public async Task A_float_label_image_is_an_error_in_0_5()
    {
        var store = await ImageAsync(NgffVersion.V0_5);
        foreach (var level in new[] { "0", "1", "2" })
        {
            Edit(store, $"labels/cells/{level}/zarr.json", json =>
            {
                json["data_type"] = "float32";
                json["fill_value"] = 0.0;
            });
        }

        await AssertErrorAsync(store, "labels/cells/0/zarr.json:$.data_type", "integer data type");
    }

    [Fact]
    public async Task A_label_image_with_fewer_levels_or_another_shape_is_an_error()
    {
        var store = await ImageAsync(NgffVersion.V0_5);
        Edit(store, "labels/cells/zarr.json", json => json["attributes"]!["ome"]!["multiscales"]![0]!["datasets"]!.AsArray().RemoveAt(2));
        await AssertErrorAsync(store, "labels/cells/zarr.json:$.attributes", "has 2 levels, the image 3");

        var other = await ImageAsync(NgffVersion.V0_5);
        Edit(other, "labels/cells/0/zarr.json", json => json["shape"] = new JsonArray(64, 60));
        await AssertErrorAsync(other, "labels/cells/0/zarr.json:$.shape", "along 'x'");
    }

    [Fact]
    public async Task A_missing_level_is_an_error_unless_metadata_only()
    {
        var store = await ImageAsync(NgffVersion.V0_5);
        foreach (var key in store.Keys.Where(k => k.StartsWith("1/", StringComparison.Ordinal)).ToList())
        {
            await store.DeleteAsync(key);
        }

        await AssertErrorAsync(store, "zarr.json:$.attributes.ome.multiscales[0].datasets[1].path", "does not exist");
        var metadataOnly = await NgffValidator.ValidateAsync(store, "", new NgffValidationOptions { MetadataOnly = true });
        Assert.True(metadataOnly.Valid, string.Join("\n", metadataOnly.Problems));
    }

    [Fact]
    public async Task A_corrupt_first_chunk_is_an_error_naming_the_array()
    {
        var store = await ImageAsync(NgffVersion.V0_5);
        await store.SetAsync("0/c/0/0/0", Encoding.ASCII.GetBytes("not gzip"));
        await AssertErrorAsync(store, "0/zarr.json", "first chunk cannot be read");
        Assert.True((await NgffValidator.ValidateAsync(store, "", new NgffValidationOptions { MetadataOnly = true })).Valid);
    }

    [Fact]
    public async Task A_well_path_escaping_the_hierarchy_is_an_error_not_an_exception()
    {
        var store = new MemoryStore();
        await SampleOmeZarr.WritePlateAsync(store, "", NgffVersion.V0_5);
        Edit(store, "zarr.json", json =>
        {
            var well = json["attributes"]!["ome"]!["plate"]!["wells"]![0]!;
            well["path"] = "../x";
        });
        await AssertErrorAsync(store, "zarr.json:$.attributes.ome.plate.wells[0].path", "row/column");
    }

    [Fact]
    public async Task A_dataset_path_escaping_the_hierarchy_is_an_error_not_an_exception()
    {
        var store = await ImageAsync(NgffVersion.V0_5);
        Edit(store, "zarr.json", json => json["attributes"]!["ome"]!["multiscales"]![0]!["datasets"]![1]!["path"] = "../x");
        await AssertErrorAsync(store, "zarr.json:$.attributes.ome.multiscales[0].datasets[1].path", "escape");
    }

    [Fact]
    public async Task A_well_field_with_an_unknown_acquisition_and_a_missing_field_are_errors()
    {
        var store = new MemoryStore();
        await SampleOmeZarr.WritePlateAsync(store, "", NgffVersion.V0_4);
        Edit(store, "A/2/.zattrs", json => json["well"]!["images"]![1]!["acquisition"] = 5);
        Edit(store, "B/1/.zattrs", json => json["well"]!["images"]!.AsArray().Add(new JsonObject { ["path"] = "7" }));
        var report = await NgffValidator.ValidateAsync(store);
        Assert.Contains(report.Errors, p => p.Path == "A/2/.zattrs:$.well.images[1].acquisition" && p.Message.Contains("not one of the plate's acquisitions", StringComparison.Ordinal));
        Assert.Contains(report.Errors, p => p.Path == "B/1/.zattrs:$.well.images[2].path" && p.Message.Contains("does not exist", StringComparison.Ordinal));
        Assert.Contains(report.Errors, p => p.Path == "B/1/.zattrs:$.well.images" && p.Message.Contains("field_count", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_0_5_block_on_a_Zarr_v2_node_and_mixed_versions_are_errors()
    {
        var store = await ImageAsync(NgffVersion.V0_4);
        var v2Attributes = JsonNode.Parse(Bytes(store, ".zattrs"))!.AsObject();
        var read = NgffAttributes.Read(v2Attributes);
        await store.SetAsync(".zattrs", Encoding.UTF8.GetBytes(NgffAttributes.Write(read.Metadata, NgffVersion.V0_5).ToJsonString()));
        var report = await NgffValidator.ValidateAsync(store);
        Assert.Contains(report.Errors, p => p.Path == ".zattrs:$.ome" && p.Message.Contains("needs Zarr v3", StringComparison.Ordinal));
        Assert.Contains(report.Errors, p => p.Path == "labels/.zattrs:$.ome" && p.Message.Contains("0.5 metadata lives under attributes.ome", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Strict_validation_fails_on_warnings()
    {
        var store = await ImageAsync(NgffVersion.V0_5);
        Edit(store, "zarr.json", json => json["attributes"]!["ome"]!["multiscales"]![0]!.AsObject().Remove("name"));
        var lenient = await NgffValidator.ValidateAsync(store);
        Assert.True(lenient.Valid);
        Assert.Contains(lenient.Warnings, p => p.Path == "zarr.json:$.attributes.ome.multiscales[0].name");
        var strict = await NgffValidator.ValidateAsync(store, "", new NgffValidationOptions { Strict = true });
        Assert.False(strict.Valid);
        var json = strict.ToJson();
        Assert.False(json["valid"]!.GetValue<bool>());
        Assert.Equal("0.5", json["version"]!.GetValue<string>());
        Assert.Equal("zarr.json:$.attributes.ome.multiscales[0].name", json["errors"]![0]!["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task Nothing_at_the_path_throws_not_found()
    {
        await Assert.ThrowsAsync<Tessera.Zarr.ZarrNodeNotFoundException>(async () => await NgffValidator.ValidateAsync(new MemoryStore(), "nothing"));
    }

    private static async Task<MemoryStore> ImageAsync(NgffVersion version)
    {
        var store = new MemoryStore();
        await SampleOmeZarr.WriteImageAsync(store, "", version);
        Assert.True((await NgffValidator.ValidateAsync(store)).Valid);
        return store;
    }

    private static void Edit(MemoryStore store, string key, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(Bytes(store, key))!.AsObject();
        edit(json);
        store.SetAsync(key, Encoding.UTF8.GetBytes(json.ToJsonString())).AsTask().GetAwaiter().GetResult();
    }

    private static byte[] Bytes(MemoryStore store, string key)
    {
        using var buffer = store.GetAsync(key).AsTask().GetAwaiter().GetResult() ?? throw new KeyNotFoundException(key);
        return buffer.Memory.ToArray();
    }

    private static async Task AssertErrorAsync(MemoryStore store, string path, string message)
    {
        var report = await NgffValidator.ValidateAsync(store);
        Assert.False(report.Valid);
        Assert.True(
            report.Errors.Any(p => p.Path == path && p.Message.Contains(message, StringComparison.Ordinal)),
            $"expected an error at {path} containing '{message}'; got:\n{string.Join("\n", report.Problems)}");
    }
}
