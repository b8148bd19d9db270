using Tessera.Zarr;
using Tessera.Zarr.Storage;

namespace Tessera.Ngff.Tests.Hierarchy;

/// <summary>0.4 → 0.5: the result validates as 0.5 and every array holds the same pixels.</summary>
public sealed class UpgradeTests
{
    [Fact]
    public async Task A_pyramid_with_labels_upgrades_and_keeps_its_pixels()
    {
        var source = new MemoryStore();
        await SampleOmeZarr.WriteImageAsync(source, "", NgffVersion.V0_4);
        var root = await NgffNode.OpenAsync(source);
        var attributes = root.Attributes;
        attributes["acquired-by"] = "microscope 7";
        await (await ZarrGroup.OpenAsync(source)).SetAttributesAsync(attributes);
        var target = new MemoryStore();
        var (groups, arrays) = await NgffUpgrade.UpgradeAsync(source, "", target, "", new NgffUpgradeOptions { ShardChunksPerSide = 2 });
        var upgraded = await NgffNode.OpenAsync(target);
        Assert.Equal("microscope 7", upgraded.Attributes["acquired-by"]!.GetValue<string>());
        Assert.False(upgraded.Attributes.ContainsKey("multiscales"));
        Assert.Equal((3, 6), (groups, arrays));
        await AssertUpgradedAsync(source, target, ["0", "1", "2", "labels/cells/0", "labels/cells/1", "labels/cells/2"]);
        var level0 = await ZarrArray.OpenAsync(target, "0");
        Assert.NotNull(level0.Metadata.Sharding);
        Assert.Equal(new string?[] { "c", "y", "x" }, level0.Metadata.DimensionNames!.Value.ToArray());
        var label = await NgffNode.OpenAsync(target, "labels/cells");
        Assert.Equal(NgffKind.LabelImage, label.Kind);
        Assert.Equal((await NgffNode.OpenAsync(source, "labels/cells")).Metadata, label.Metadata);
    }

    [Fact]
    public async Task A_2x3_plate_upgrades_and_keeps_its_pixels()
    {
        var source = new MemoryStore();
        await SampleOmeZarr.WritePlateAsync(source, "", NgffVersion.V0_4);
        var target = new MemoryStore();
        var (groups, arrays) = await NgffUpgrade.UpgradeAsync(source, "", target, "");
        Assert.Equal((1 + 2 + 6 + 12, 24), (groups, arrays));
        var levels = SampleOmeZarr.PlateMetadata().Plate!.Wells.SelectMany(w => new[] { "0", "1" }.SelectMany(f => new[] { $"{w.Path}/{f}/0", $"{w.Path}/{f}/1" }));
        await AssertUpgradedAsync(source, target, [.. levels]);
        Assert.Equal(SampleOmeZarr.PlateMetadata(), (await NgffNode.OpenAsync(target)).Metadata);
    }

    [Fact]
    public async Task An_invalid_source_is_refused_with_its_report_and_nothing_is_written()
    {
        var source = new MemoryStore();
        await SampleOmeZarr.WriteImageAsync(source, "", NgffVersion.V0_4, withLabels: false);
        await source.SetAsync(".zattrs", "{\"multiscales\": [{\"axes\": [], \"datasets\": []}]}"u8.ToArray());
        var target = new MemoryStore();
        var error = await Assert.ThrowsAsync<NgffInvalidException>(() => NgffUpgrade.UpgradeAsync(source, "", target, ""));
        Assert.Contains(error.Report.Errors, p => p.Path == ".zattrs:$.multiscales[0].axes");
        Assert.Equal(0, target.Count);
    }

    private static async Task AssertUpgradedAsync(MemoryStore source, MemoryStore target, IReadOnlyList<string> arrays)
    {
        var report = await NgffValidator.ValidateAsync(target);
        Assert.True(report.Valid, string.Join("\n", report.Problems));
        Assert.Equal(NgffVersion.V0_5, report.Version);
        Assert.Equal(arrays.Count, report.ArraysChecked);
        foreach (var path in arrays)
        {
            var before = await ZarrArray.OpenAsync(source, path);
            var after = await ZarrArray.OpenAsync(target, path);
            Assert.Equal(Tessera.Zarr.Metadata.ZarrFormat.V3, after.Metadata.ZarrFormat);
            Assert.Equal(await ArrayChecksum.Sha256Async(before), await ArrayChecksum.Sha256Async(after));
        }
    }
}
