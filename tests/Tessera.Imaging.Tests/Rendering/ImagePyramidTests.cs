using Tessera.Imaging.Rendering;
using Tessera.Ngff;
using Tessera.Zarr;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Imaging.Tests.Rendering;

public sealed class ImagePyramidTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static double Sample(int level, int t, int c, int z, int y, int x) => (c * 10000) + (t * 1000) + (z * 100) + (y * 4) + x + (level * 50);

    [Theory]
    [InlineData("yx", NgffVersion.V0_4)]
    [InlineData("cyx", NgffVersion.V0_4)]
    [InlineData("zyx", NgffVersion.V0_5)]
    [InlineData("czyx", NgffVersion.V0_5)]
    [InlineData("tczyx", NgffVersion.V0_4)]
    [InlineData("tczyx", NgffVersion.V0_5)]
    [InlineData("tcyx", NgffVersion.V0_5)]
    [InlineData("tzyx", NgffVersion.V0_4)]
    [InlineData("czyx", NgffVersion.V0_6)]
    public async Task Every_axis_subset_opens_with_its_sizes_and_reads_exact_samples(string axes, NgffVersion version)
    {
        var sizeZ = axes.Contains('z') ? 3 : 1;
        var sizeC = axes.Contains('c') ? 2 : 1;
        var sizeT = axes.Contains('t') ? 2 : 1;
        var pyramid = await RenderingSamples.WriteAsync(_directory.Path, axes, 20, 12, Sample, sizeZ, sizeC, sizeT, levels: 2, version: version, chunk: 8);

        Assert.Equal((20, 12, sizeZ, sizeC, sizeT), (pyramid.SizeX, pyramid.SizeY, pyramid.SizeZ, pyramid.SizeC, pyramid.SizeT));
        Assert.Equal(DataType.UInt16, pyramid.DataType);
        Assert.Equal(2, pyramid.LevelCount);
        Assert.Equal(new PyramidLevel(1, "1", 10, 6, sizeZ, 8, 6), pyramid.Levels[1]);

        var (c, z, t) = (sizeC - 1, sizeZ - 1, sizeT - 1);
        var plane = await pyramid.ReadPlaneAsync(0, z, t, c, 3, 2, 5, 4);
        var expected = new List<float>();
        for (var y = 2; y < 6; y++)
        {
            for (var x = 3; x < 8; x++)
            {
                expected.Add((float)Sample(0, t, c, z, y, x));
            }
        }

        Assert.Equal(expected, plane);
        var level1 = await pyramid.ReadPlaneAsync(1, z, t, c, 9, 5, 1, 1);
        Assert.Equal((float)Sample(1, t, c, z, 5, 9), Assert.Single(level1));
    }

    [Theory]
    [InlineData("uint8", new[] { 0.0, 1, 127, 255 })]
    [InlineData("int8", new[] { -128.0, -1, 0, 127 })]
    [InlineData("uint16", new[] { 0.0, 1, 40000, 65535 })]
    [InlineData("int16", new[] { -32768.0, -5, 0, 32767 })]
    [InlineData("uint32", new[] { 0.0, 7, 70000, 4294967040 })]
    [InlineData("int32", new[] { -2147483648.0, -70000, 0, 2147483520 })]
    [InlineData("float32", new[] { -1.5, 0, 0.25, 3e38 })]
    [InlineData("float64", new[] { -1e300, 0.125, 2, 1e300 })]
    public async Task Every_data_type_reads_as_float(string type, double[] values)
    {
        var dataType = DataType.FromName(type)!;
        // 1000 samples: enough to cross the vectorised conversions' block sizes, with the values repeating.
        var pyramid = await RenderingSamples.WriteAsync(_directory.Path, "yx", 50, 20, (_, _, _, _, y, x) => values[((y * 50) + x) % values.Length], type: dataType);

        var plane = await pyramid.ReadPlaneAsync(0, 0, 0, 0, 0, 0, 50, 20);
        Assert.Equal(dataType, pyramid.DataType);
        for (var i = 0; i < plane.Length; i++)
        {
            Assert.Equal((float)values[i % values.Length], plane[i]);
        }
    }

    [Fact]
    public async Task Raw_reads_keep_the_stored_type()
    {
        var pyramid = await RenderingSamples.WriteAsync(_directory.Path, "cyx", 8, 8, Sample, sizeC: 2);
        Assert.Equal([10000 + (3 * 4) + 2, 10000 + (3 * 4) + 3], await pyramid.ReadRawPlaneAsync<ushort>(0, 0, 0, 1, 2, 3, 2, 1));
        Assert.Throws<ArgumentException>(() => pyramid.ReadRawPlaneAsync<float>(0, 0, 0, 0, 0, 0, 1, 1));
    }

    [Fact]
    public async Task Physical_sizes_units_omero_and_tile_size_come_from_the_metadata()
    {
        var omero = new OmeroMetadata([new OmeroChannel("FF0000", new OmeroWindow(0, 10, 1, 9)) { Label = "only" }]);
        var pyramid = await RenderingSamples.WriteAsync(_directory.Path, "zyx", 300, 200, Sample, sizeZ: 2, levels: 3, omero: omero, chunk: 128);

        Assert.Equal((0.5, "micrometer"), (pyramid.PhysicalSizeX, pyramid.PhysicalSizeXUnit));
        Assert.Equal((0.5, "micrometer"), (pyramid.PhysicalSizeY, pyramid.PhysicalSizeYUnit));
        Assert.Equal((2.0, "micrometer"), (pyramid.PhysicalSizeZ, pyramid.PhysicalSizeZUnit));
        Assert.Equal("only", pyramid.Omero!.Channels[0].Label);
        Assert.Equal(new RenderingChannel(new RgbColor(255, 0, 0), 1, 9) { Label = "only" }, pyramid.CreateDefaultSettings().Channels[0]);
        Assert.Equal((128, 128), (pyramid.TileWidth, pyramid.TileHeight));
        Assert.Equal([(300, 200), (150, 100), (75, 50)], pyramid.Levels.Select(l => (l.SizeX, l.SizeY)));
        Assert.Equal(_directory.Path.TrimEnd('/'), pyramid.Name.TrimEnd('/'));
    }

    [Fact]
    public async Task Chunks_outside_64_to_1024_give_the_default_256_tiles()
    {
        var pyramid = await RenderingSamples.WriteAsync(_directory.Path, "yx", 100, 100, Sample, chunk: 32);
        Assert.Equal((256, 256), (pyramid.TileWidth, pyramid.TileHeight));
    }

    [Fact]
    public async Task Levels_that_downsample_z_map_full_resolution_planes_onto_theirs()
    {
        var pyramid = await RenderingSamples.WriteAsync(_directory.Path, "zyx", 8, 8, Sample, sizeZ: 4, levels: 2, downsampleZ: true);
        Assert.Equal(2, pyramid.Levels[1].SizeZ);
        // Full-resolution plane 3 is plane 1 of level 1.
        Assert.Equal((float)Sample(1, 0, 0, 1, 0, 0), (await pyramid.ReadPlaneAsync(1, 3, 0, 0, 0, 0, 1, 1))[0]);
    }

    [Fact]
    public async Task Out_of_range_requests_name_the_parameter_and_the_limit()
    {
        var pyramid = await RenderingSamples.WriteAsync(_directory.Path, "tczyx", 16, 16, Sample, sizeZ: 10, sizeC: 3, sizeT: 2, levels: 2);

        async Task<string> Message(int level, int c, int z, int t, int x = 0, int y = 0, int w = 1, int h = 1) =>
            (await Assert.ThrowsAsync<RenderingParameterException>(() => pyramid.ReadPlaneAsync(level, z, t, c, x, y, w, h).AsTask())).Message;

        Assert.Equal("z: 12 is beyond the image's 10 planes", await Message(0, 0, 12, 0));
        Assert.Equal("z: -1 is negative", await Message(0, 0, -1, 0));
        Assert.Equal("t: 2 is beyond the image's 2 time points", await Message(0, 0, 0, 2));
        Assert.Equal("c: 3 is beyond the image's 3 channels (numbered from 0)", await Message(0, 3, 0, 0));
        Assert.Equal("level: 2 does not exist (the image has 2 levels, 0 the full resolution)", await Message(2, 0, 0, 0));
        Assert.Equal("region: 4 × 4 pixels at (6, 6) is not inside level 1's 8 × 8", await Message(1, 0, 0, 0, 6, 6, 4, 4));
        Assert.Equal("region: 0 × 4 pixels is empty", await Message(0, 0, 0, 0, 0, 0, 0, 4));
    }

    [Fact]
    public async Task A_group_that_is_not_an_image_is_named_in_the_error()
    {
        var store = new FileSystemStore(_directory.Path);
        await NgffWriter.WriteGroupAsync(store, "plate", new NgffMetadata { Labels = ["cells"] }, NgffVersion.V0_4);
        var e = await Assert.ThrowsAsync<ImageFormatException>(() => ImagePyramid.OpenAsync(store, "plate").AsTask());
        Assert.EndsWith("plate: is not a multiscale image (it is Labels)", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ZarrNodeNotFoundException>(() => ImagePyramid.OpenAsync(store, "nothing").AsTask());
    }

    [Fact]
    public async Task Unrendered_data_types_and_missing_levels_are_named()
    {
        var int64 = _directory.Combine("int64");
        var e = await Assert.ThrowsAsync<ImageFormatException>(() => RenderingSamples.WriteAsync(int64, "yx", 4, 4, Sample, type: DataType.Int64));
        Assert.Equal($"{int64}: level 0 ('0') holds int64 samples; rendering reads uint8, uint16, uint32, int8, int16, int32, float32 and float64", e.Message);

        var missing = _directory.Combine("missing");
        await RenderingSamples.WriteAsync(missing, "yx", 4, 4, Sample, levels: 2);
        Directory.Delete(Path.Combine(missing, "1"), recursive: true);
        e = await Assert.ThrowsAsync<ImageFormatException>(() => ImagePyramid.OpenAsync(new FileSystemStore(missing)).AsTask());
        Assert.StartsWith($"{missing}: level 1 ('1') cannot be opened: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Legacy_0_3_images_with_axis_names_open()
    {
        var store = new FileSystemStore(_directory.Path);
        await RenderingSamples.WriteTextAsync(_directory.Path, ".zgroup", """{"zarr_format":2}""");
        await RenderingSamples.WriteTextAsync(_directory.Path, ".zattrs", """{"multiscales":[{"version":"0.3","axes":["c","y","x"],"datasets":[{"path":"0"}]}]}""");
        var metadata = new ArrayMetadata([2, 3, 4], [1, 3, 4], DataType.UInt8) { ZarrFormat = ZarrFormat.V2, ChunkKeyEncoding = ChunkKeyEncoding.V2Slash, Codecs = [new BytesCodec()] };
        var array = await ZarrArray.CreateAsync(store, "0", metadata);
        await array.WriteAsync<byte>(ArrayRegion.Full([2, 3, 4]), Enumerable.Range(0, 24).Select(i => (byte)i).ToArray());

        var pyramid = await ImagePyramid.OpenAsync(store);
        Assert.Equal((4, 3, 1, 2, 1), (pyramid.SizeX, pyramid.SizeY, pyramid.SizeZ, pyramid.SizeC, pyramid.SizeT));
        var plane = await pyramid.ReadPlaneAsync(0, 0, 0, 1, 0, 0, 4, 1);
        Assert.Equal(new[] { 12f, 13, 14, 15 }, plane);
    }

    [Fact]
    public async Task Legacy_0_1_images_are_five_dimensional_tczyx()
    {
        var store = new FileSystemStore(_directory.Path);
        await RenderingSamples.WriteTextAsync(_directory.Path, ".zgroup", """{"zarr_format":2}""");
        await RenderingSamples.WriteTextAsync(_directory.Path, ".zattrs", """{"multiscales":[{"version":"0.1","datasets":[{"path":"0"}]}]}""");
        var metadata = new ArrayMetadata([1, 2, 1, 2, 2], [1, 1, 1, 2, 2], DataType.Float32) { ZarrFormat = ZarrFormat.V2, ChunkKeyEncoding = ChunkKeyEncoding.V2Slash, Codecs = [new BytesCodec()] };
        var array = await ZarrArray.CreateAsync(store, "0", metadata);
        await array.WriteAsync<float>(ArrayRegion.Full([1, 2, 1, 2, 2]), new[] { 0f, 1, 2, 3, 4.5f, 5, 6, 7 });

        var pyramid = await ImagePyramid.OpenAsync(store);
        Assert.Equal((2, 2, 1, 2, 1), (pyramid.SizeX, pyramid.SizeY, pyramid.SizeZ, pyramid.SizeC, pyramid.SizeT));
        var plane = await pyramid.ReadPlaneAsync(0, 0, 0, 1, 0, 0, 2, 2);
        Assert.Equal(new[] { 4.5f, 5, 6, 7 }, plane);
    }
}
