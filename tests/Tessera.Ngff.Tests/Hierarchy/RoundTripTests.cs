using Tessera.Zarr.Storage;

namespace Tessera.Ngff.Tests.Hierarchy;

/// <summary>Every kind written in 0.4 and 0.5 reads back equal and validates.</summary>
public sealed class RoundTripTests
{
    public static TheoryData<NgffVersion> Versions => new() { NgffVersion.V0_4, NgffVersion.V0_5 };

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Image_with_labels_reads_back_equal_and_validates(NgffVersion version)
    {
        var store = new MemoryStore();
        await SampleOmeZarr.WriteImageAsync(store, "", version);
        var node = await NgffNode.OpenAsync(store);
        Assert.Equal(NgffKind.Image, node.Kind);
        Assert.Equal(version, node.Version);
        Assert.Equal(SampleOmeZarr.ImageMetadata(), node.Metadata);
        Assert.Equal(["cells"], await node.ListLabelsAsync());
        var label = await node.OpenChildAsync("labels/cells");
        Assert.Equal(NgffKind.LabelImage, label.Kind);
        Assert.Equal("../../", label.Metadata.ImageLabel!.SourceImage);
        var level1 = await node.OpenLevelAsync(1);
        Assert.Equal([2L, 32, 32], level1.Shape.ToArray());
        Assert.Equal(version == NgffVersion.V0_5 ? ["c", "y", "x"] : null, level1.Metadata.DimensionNames?.ToArray());
        await AssertValidAsync(store, NgffKind.Image, version, nodes: 3, arrays: 6);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Plate_reads_back_equal_and_validates(NgffVersion version)
    {
        var store = new MemoryStore();
        await SampleOmeZarr.WritePlateAsync(store, "", version);
        var node = await NgffNode.OpenAsync(store);
        Assert.Equal(NgffKind.Plate, node.Kind);
        Assert.Equal(SampleOmeZarr.PlateMetadata(), node.Metadata);
        var well = await node.OpenChildAsync("B/3");
        Assert.Equal(NgffKind.Well, well.Kind);
        Assert.Equal(2, well.Metadata.Well!.Images.Count);
        await AssertValidAsync(store, NgffKind.Plate, version, nodes: 1 + 6 + 12, arrays: 24);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public async Task Bioformats2raw_collection_reads_back_equal_and_validates(NgffVersion version)
    {
        var store = new MemoryStore();
        var root = new NgffMetadata { Bioformats2RawLayout = 3 };
        await NgffWriter.WriteGroupAsync(store, "", root, version);
        await NgffWriter.WriteGroupAsync(store, "OME", new NgffMetadata { Series = ["0", "1"] }, version);
        await store.SetAsync("OME/METADATA.ome.xml", "<OME/>"u8.ToArray());
        await SampleOmeZarr.WriteImageAsync(store, "0", version, size: 16, levels: 2, withLabels: false);
        await SampleOmeZarr.WriteImageAsync(store, "1", version, size: 16, levels: 2, withLabels: false);
        Assert.Equal(root, (await NgffNode.OpenAsync(store)).Metadata);
        Assert.Equal(NgffKind.OmeSeries, (await NgffNode.OpenAsync(store, "OME")).Kind);
        await AssertValidAsync(store, NgffKind.Bioformats2RawCollection, version, nodes: 4, arrays: 4);
    }

    [Theory]
    [MemberData(nameof(Versions))]
    public void Attributes_round_trip_for_every_block(NgffVersion version)
    {
        var metadata = SampleOmeZarr.ImageMetadata() with { ImageLabel = new ImageLabel { Colors = [new LabelColor(3, null)] } };
        var plate = SampleOmeZarr.PlateMetadata();
        var well = new NgffMetadata { Well = new Well([new WellImage("0"), new WellImage("1", 7)]) };
        foreach (var original in new[] { metadata, plate, well, new NgffMetadata { Labels = ["a", "b"] }, new NgffMetadata { Series = ["0"] } })
        {
            var json = NgffAttributes.Write(original, version, new System.Text.Json.Nodes.JsonObject { ["other"] = "kept" });
            Assert.Equal("kept", json["other"]!.GetValue<string>());
            var read = NgffAttributes.Read(json, new NgffReadOptions { ExpectedVersion = version });
            Assert.Equal(original, read.Metadata);
            Assert.DoesNotContain(read.Problems, p => p.Severity == NgffSeverity.Error);
        }
    }

    [Fact]
    public void A_0_5_image_converts_to_0_6_coordinate_systems_and_back()
    {
        var metadata = SampleOmeZarr.ImageMetadata();
        var json = NgffAttributes.Write(metadata, NgffVersion.V0_6);
        var read = NgffAttributes.Read(json, new NgffReadOptions { ExpectedVersion = NgffVersion.V0_6 });
        Assert.DoesNotContain(read.Problems, p => p.Severity == NgffSeverity.Error);
        var multiscale = read.Metadata.Multiscale!;
        Assert.Equal("physical", Assert.Single(multiscale.CoordinateSystems).Name);
        Assert.Equal(metadata.Multiscale!.Axes, multiscale.Axes);
        Assert.Equal(metadata.Multiscale.Datasets.Select(d => d.Scale), multiscale.Datasets.Select(d => d.Scale));
        Assert.Equal(metadata.Multiscale.Datasets.Select(d => d.Translation), multiscale.Datasets.Select(d => d.Translation));
        var back = NgffAttributes.Read(NgffAttributes.Write(read.Metadata with { Multiscales = [multiscale with { CoordinateSystems = [] }] }, NgffVersion.V0_5));
        Assert.True(back.IsValid, string.Join("; ", back.Problems));
    }

    private static async Task AssertValidAsync(MemoryStore store, NgffKind kind, NgffVersion version, int nodes, int arrays)
    {
        var report = await NgffValidator.ValidateAsync(store);
        Assert.True(report.Valid, string.Join("\n", report.Problems));
        Assert.DoesNotContain(report.Problems, p => p.Severity == NgffSeverity.Warning);
        Assert.Equal(kind, report.Kind);
        Assert.Equal(version, report.Version);
        Assert.Equal(nodes, report.NodesChecked);
        Assert.Equal(arrays, report.ArraysChecked);
    }
}
