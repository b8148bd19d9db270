using System.Text.Json.Nodes;
using Tessera.Interop.Tests.Cases;
using Tessera.Interop.Tests.Fixtures;
using Tessera.Interop.Tests.Peers;
using Tessera.Ngff;
using Tessera.Zarr.Storage;

namespace Tessera.Interop.Tests;

/// <summary>
/// Tessera.Ngff writes an image with labels, a plate and a bioformats2raw collection as OME-NGFF 0.4 and 0.5.
/// Tessera must read back the metadata it wrote and find the hierarchies valid; zarr-python 2.13 (0.4, Zarr
/// v2) and zarrita.js 0.7.5 (0.5, Zarr v3) must read the level values and attributes Tessera meant.
/// </summary>
public sealed class NgffInteropTests(TesseraWritesNgff04Fixture v04, TesseraWritesNgff05Fixture v05)
    : IClassFixture<TesseraWritesNgff04Fixture>, IClassFixture<TesseraWritesNgff05Fixture>
{
    private static readonly NgffVersion[] Versions = [NgffVersion.V0_4, NgffVersion.V0_5];

    public static TheoryData<NgffVersion, string> NgffGroupsByVersion => Pairs(from v in Versions from g in Sample.NgffGroups select (v, g.Name));

    public static TheoryData<NgffVersion, string> ArraysByVersion => Pairs(from v in Versions from a in Sample.Arrays select (v, a.Name));

    public static TheoryData<NgffVersion, string> RootsByVersion => Pairs(from v in Versions from r in NgffSampleHierarchy.Roots select (v, r));

    public static TheoryData<string> NgffGroups => new(Sample.NgffGroups.Select(g => g.Name));

    public static TheoryData<string> AllGroups => new(Sample.Groups.Select(g => g.Name));

    public static TheoryData<string> Arrays => new(Sample.Arrays.Select(a => a.Name));

    private static NgffSampleHierarchy Sample => NgffSampleHierarchy.Instance;

    [Theory]
    [MemberData(nameof(NgffGroupsByVersion))]
    public async Task Tessera_reads_back_the_metadata_it_wrote(NgffVersion version, string name)
    {
        var group = Sample.Group(name);
        var node = await NgffNode.OpenAsync(StoreOf(version, group.Root), group.Path);
        Assert.True(node.Problems.Count == 0, $"{version.ToText()} {name}: reading gave\n{string.Join('\n', node.Problems)}");
        Assert.Equal(version, node.Version);
        Assert.Equal(group.Metadata!.Kind, node.Kind);
        var mismatch = NgffMetadataComparison.Mismatch(group.Metadata, node.Metadata, version);
        Assert.True(mismatch is null, $"{version.ToText()} {name}: {mismatch}");
    }

    [Theory]
    [MemberData(nameof(ArraysByVersion))]
    public async Task Tessera_reads_back_the_levels_it_wrote(NgffVersion version, string name)
    {
        var level = Sample.Level(name);
        var image = await NgffNode.OpenAsync(StoreOf(version, level.Root), level.ImagePath);
        var index = image.Metadata.Multiscale!.Datasets.Select(d => d.Path).ToList().IndexOf(level.DatasetPath);
        Assert.True(index >= 0, $"{name}: the image does not list level {level.DatasetPath}");
        var array = await image.OpenLevelAsync(index);
        Assert.Equal(NgffWriter.FormatOf(version), array.Metadata.ZarrFormat);

        // 0.5 names the dimensions after the axes; Zarr v2 has nowhere to put them.
        string?[]? expectedNames = version == NgffVersion.V0_4 ? null : [.. level.Axes.Select(a => a.Name)];
        Assert.Equal(expectedNames, array.Metadata.DimensionNames?.ToArray());

        var read = await ArrayValues.ReadAsync(array, level.Type);
        Assert.Equal(level.Values.Shape, read.Shape);
        Assert.True(read.FirstDifference(level.Values) < 0, $"{version.ToText()} {name}: first differing element at flat index {read.FirstDifference(level.Values)}");
    }

    [Theory]
    [MemberData(nameof(RootsByVersion))]
    public async Task The_written_hierarchy_validates(NgffVersion version, string root)
    {
        var report = await NgffValidator.ValidateAsync(StoreOf(version, root));
        Assert.True(report.Valid, $"{version.ToText()} {root} is invalid:\n{string.Join('\n', report.Problems)}");
        Assert.True(report.Problems.Count == 0, $"{version.ToText()} {root} is valid, with remarks:\n{string.Join('\n', report.Problems)}");
        Assert.Equal(version, report.Version);
        Assert.Equal(Sample.Group(root).Metadata!.Kind, report.Kind);

        // The validator must have walked the whole hierarchy, not stopped at its root.
        Assert.Equal(Sample.NgffGroups.Count(g => g.Root == root), report.NodesChecked);
        Assert.Equal(Sample.Arrays.Count(a => a.Root == root), report.ArraysChecked);
    }

    [Theory]
    [MemberData(nameof(Arrays))]
    public void Zarr_python_reads_the_levels_Tessera_wrote_as_0_4(string name)
    {
        var level = Sample.Level(name);
        var mismatch = PeerComparison.Mismatch(name, "zarr-python", v04.Run[name], level.Type.Numpy, level.Values, expected: null);
        Assert.True(mismatch is null, mismatch);
    }

    [Theory]
    [MemberData(nameof(NgffGroups))]
    public void Zarr_python_reads_the_attributes_Tessera_wrote_as_0_4(string name)
    {
        var group = Sample.Group(name);
        var attributes = AttributesFrom(v04.Run.Group(name), "zarr-python", name);

        // 0.4 versions each block; the multiscale's version is the one readers look at first.
        if (group.Metadata!.Multiscales is not null)
        {
            Assert.Equal("0.4", attributes["multiscales"]?[0]?["version"]?.GetValue<string>());
        }

        foreach (var block in new[] { "plate", "well", "image-label" }.Where(b => attributes[b] is not null))
        {
            Assert.Equal("0.4", attributes[block]!["version"]?.GetValue<string>());
        }

        AssertSameMetadata(group, attributes, NgffVersion.V0_4, "zarr-python");
        AssertSameFiles(group, v04.Run.Group(name), "zarr-python");
    }

    [Theory]
    [MemberData(nameof(AllGroups))]
    public void Zarr_python_finds_the_members_Tessera_wrote_as_0_4(string name)
    {
        var group = Sample.Group(name);
        var report = v04.Run.Group(name);
        Assert.True(report.Ok, $"zarr-python could not open group {name}:\n{report.Error}");

        // zarr-python lists only children holding .zgroup or .zarray, so a missing one shows here.
        var members = report.Raw["members"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        Assert.Equal(Sample.ChildrenOf(group), members);
    }

    [Theory]
    [MemberData(nameof(Arrays))]
    public void Zarrita_reads_the_levels_Tessera_wrote_as_0_5(string name)
    {
        var level = Sample.Level(name);
        var report = v05.Run[name];
        var mismatch = PeerComparison.Mismatch(name, "zarrita", report, level.Type.Zarrita, level.Values, expected: null);
        Assert.True(mismatch is null, mismatch);

        var names = report.Raw["dimension_names"] as JsonArray;
        Assert.True(names is not null, $"zarrita reads no dimension_names for {name}");
        Assert.Equal(level.Axes.Select(a => a.Name), names.Select(n => n?.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(NgffGroups))]
    public void Zarrita_reads_the_attributes_Tessera_wrote_as_0_5(string name)
    {
        var group = Sample.Group(name);
        var attributes = AttributesFrom(v05.Run.Group(name), "zarrita", name);
        Assert.Equal("0.5", attributes["ome"]?["version"]?.GetValue<string>());
        AssertSameMetadata(group, attributes, NgffVersion.V0_5, "zarrita");
        AssertSameFiles(group, v05.Run.Group(name), "zarrita");
    }

    private static TheoryData<NgffVersion, string> Pairs(IEnumerable<(NgffVersion Version, string Name)> rows)
    {
        var data = new TheoryData<NgffVersion, string>();
        foreach (var (version, name) in rows)
        {
            data.Add(version, name);
        }

        return data;
    }

    private static JsonObject AttributesFrom(PeerGroupReport report, string peer, string name)
    {
        Assert.True(report.Ok, $"{peer} could not open group {name}:\n{report.Error}");
        return report.Attributes ?? throw new Xunit.Sdk.XunitException($"{peer} could not read the attributes of {name}:\n{report.Error ?? report.Raw.ToJsonString()}");
    }

    /// <summary>The peer's attributes, read by Tessera, give the metadata Tessera wrote.</summary>
    private static void AssertSameMetadata(NgffSampleGroup group, JsonObject attributes, NgffVersion version, string peer)
    {
        var read = NgffAttributes.Read(attributes);
        Assert.True(read.Problems.Count == 0, $"{group.Name}: the attributes {peer} returned read with problems:\n{string.Join('\n', read.Problems)}\n{attributes.ToJsonString()}");
        Assert.Equal(version, read.Version);
        var mismatch = NgffMetadataComparison.Mismatch(group.Metadata, read.Metadata, version);
        Assert.True(mismatch is null, $"{group.Name}: the attributes {peer} returned are not what Tessera wrote: {mismatch}\n{peer}'s JSON: {attributes.ToJsonString()}");
    }

    private static void AssertSameFiles(NgffSampleGroup group, PeerGroupReport report, string peer)
    {
        var files = report.Raw["files"] as JsonObject ?? [];
        foreach (var (file, content) in group.Files)
        {
            Assert.True(content == files[file]?.GetValue<string>(), $"{group.Name}/{file}: {peer} read {files[file]?.ToJsonString() ?? "nothing"}");
        }
    }

    private FileSystemStore StoreOf(NgffVersion version, string root) =>
        new(Path.Combine((version == NgffVersion.V0_4 ? (TesseraWritesNgffFixture)v04 : v05).WrittenDataRoot, root));
}
