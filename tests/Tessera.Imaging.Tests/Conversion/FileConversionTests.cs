using System.Runtime.InteropServices;
using System.Text;
using Tessera.Imaging.Conversion;
using Tessera.Imaging.Jpeg;
using Tessera.Imaging.Png;
using Tessera.Imaging.Tiff;
using Tessera.Ngff;
using Tessera.Zarr;
using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Tests.Conversion;

/// <summary>
/// Issue 4, point 1: generated inputs → convert → validate → level 0 equals the source, level 1 equals a mean computed
/// here; names, colours and pixel sizes arrive in the metadata.
/// </summary>
public sealed class FileConversionTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string, bool, bool, TiffCompression> TiffLayouts => new()
    {
        { "tiled", true, false, TiffCompression.Deflate },
        { "striped", false, false, TiffCompression.Lzw },
        { "bigtiff", true, true, TiffCompression.None },
    };

    [Theory]
    [MemberData(nameof(TiffLayouts))]
    public async Task Uint16_tiff_converts_exactly(string name, bool tiled, bool bigTiff, TiffCompression compression)
    {
        const int width = 1201, height = 803;
        var pixels = Pattern16(width, height, seed: name.Length);
        var input = _directory.Combine(name + ".tif");
        using (var writer = TiffWriter.Create(input, bigTiff))
        {
            var options = new TiffPageOptions(width, height, DataType.UInt16) { Compression = compression };
            options = tiled ? options with { TileWidth = 256, TileHeight = 128 } : options with { RowsPerStrip = 37 };
            writer.WritePage(options, MemoryMarshal.AsBytes(pixels.AsSpan()));
        }

        var (_, image) = await ConvertedImage.ConvertAsync(input, _directory.Combine(name + ".zarr"), new ConversionOptions { Chunks = new Dictionary<string, int> { ["y"] = 256, ["x"] = 256 } });
        Assert.Equal(NgffKind.Image, image.Kind);
        Assert.Equal(NgffVersion.V0_5, image.Version);
        var multiscale = image.Metadata.Multiscale!;
        Assert.Equal(["t", "c", "z", "y", "x"], multiscale.Axes.Select(a => a.Name));
        Assert.Equal(4, multiscale.Datasets.Count); // 1201 → 601 → 301 → 151, the first ≤ 256
        var level0 = await ConvertedImage.PlaneAsync<ushort>(image, 0, 0, 0, 0);
        Assert.True(ConvertedImage.Same(pixels, level0), "level 0 differs from the TIFF");
        var level1 = await ConvertedImage.PlaneAsync<ushort>(image, 1, 0, 0, 0);
        Assert.True(ConvertedImage.Same(ConvertedImage.Mean(pixels, height, width), level1), "level 1 differs from the 2×2 mean");

        // Windows come from the data's 0.1 and 99.9 percentiles (nearest rank).
        var sorted = pixels.Order().ToArray();
        var window = image.Metadata.Omero!.Channels[0].Window;
        Assert.Equal(sorted[(int)Math.Ceiling(0.001 * sorted.Length) - 1], window.Start);
        Assert.Equal(sorted[(int)Math.Ceiling(0.999 * sorted.Length) - 1], window.End);
        Assert.Equal(sorted[0], window.Min);
        Assert.Equal(sorted[^1], window.Max);
    }

    [Fact]
    public async Task Ome_tiff_with_channels_z_and_physical_sizes_keeps_its_metadata()
    {
        var input = _directory.Combine("stack.ome.tif");
        var raw = _directory.Combine("stack.raw");
        await SystemPython.RunAsync("""
            import sys, numpy, tifffile
            rng = numpy.random.default_rng(7)
            data = rng.integers(0, 4000, size=(5, 3, 300, 217), dtype=numpy.uint16)
            tifffile.imwrite(sys.argv[1], data, ome=True, photometric='minisblack', tile=(128, 128), compression='zlib',
                metadata={'axes': 'ZCYX', 'PhysicalSizeX': 0.325, 'PhysicalSizeXUnit': 'µm', 'PhysicalSizeY': 0.325,
                          'PhysicalSizeYUnit': 'µm', 'PhysicalSizeZ': 1.5, 'PhysicalSizeZUnit': 'µm',
                          'Channel': {'Name': ['DAPI', 'GFP', 'mCherry'], 'Color': [65535, 16711935, -16776961]}})
            data.tofile(sys.argv[2])
            """, input, raw);
        var data = ConvertedImage.Cast<ushort>(await File.ReadAllBytesAsync(raw));

        var (store, image) = await ConvertedImage.ConvertAsync(input, _directory.Combine("stack.zarr"));
        var multiscale = image.Metadata.Multiscale!;
        Assert.Equal(new long[] { 1, 3, 5, 300, 217 }, (await image.OpenLevelAsync(0)).Shape.ToArray());
        Assert.Equal("micrometer", multiscale.Axes[4].Unit);
        Assert.Equal("micrometer", multiscale.Axes[2].Unit);
        Assert.Equal([1, 1, 1.5, 0.325, 0.325], multiscale.Datasets[0].Scale!.ToArray());
        Assert.Equal([1, 1, 1.5, 0.65, 0.65], multiscale.Datasets[1].Scale!.ToArray());
        var channels = image.Metadata.Omero!.Channels;
        Assert.Equal(["DAPI", "GFP", "mCherry"], channels.Select(c => c.Label));
        Assert.Equal(["0000FF", "00FF00", "FF0000"], channels.Select(c => c.Color));
        Assert.NotNull(await store.GetAsync("OME/METADATA.ome.xml"));

        for (var z = 0; z < 5; z++)
        {
            for (var c = 0; c < 3; c++)
            {
                var expected = data.AsSpan((z * 3 + c) * 300 * 217, 300 * 217).ToArray();
                Assert.True(ConvertedImage.Same(expected, await ConvertedImage.PlaneAsync<ushort>(image, 0, 0, c, z)), $"z {z} c {c} level 0");
                Assert.True(ConvertedImage.Same(ConvertedImage.Mean(expected, 300, 217), await ConvertedImage.PlaneAsync<ushort>(image, 1, 0, c, z)), $"z {z} c {c} level 1");
            }
        }
    }

    [Fact]
    public async Task Rgb_png_becomes_three_channels()
    {
        const int width = 301, height = 190;
        var pixels = new byte[width * height * 3];
        new Random(3).NextBytes(pixels);
        var input = _directory.Combine("rgb.png");
        PngImage.Write(input, new DecodedImage(width, height, 3, DataType.UInt8, pixels));

        var (_, image) = await ConvertedImage.ConvertAsync(input, _directory.Combine("rgb.zarr"), new ConversionOptions { Version = NgffVersion.V0_4, SmallestLevelMaxSide = 64 });
        Assert.Equal(NgffVersion.V0_4, image.Version);
        Assert.Equal(["FF0000", "00FF00", "0000FF"], image.Metadata.Omero!.Channels.Select(c => c.Color));
        for (var c = 0; c < 3; c++)
        {
            var expected = Enumerable.Range(0, width * height).Select(i => pixels[i * 3 + c]).ToArray();
            Assert.True(ConvertedImage.Same(expected, await ConvertedImage.PlaneAsync<byte>(image, 0, 0, c, 0)));
            Assert.True(ConvertedImage.Same(ConvertedImage.Mean(expected, height, width), await ConvertedImage.PlaneAsync<byte>(image, 1, 0, c, 0)));
        }
    }

    [Fact]
    public async Task Ngff_04_output_reads_in_zarr_python()
    {
        const int width = 333, height = 222;
        var pixels = Pattern16(width, height, seed: 4);
        var input = _directory.Combine("for-python.tif");
        using (var writer = TiffWriter.Create(input, false))
        {
            writer.WritePage(new TiffPageOptions(width, height, DataType.UInt16) { TileWidth = 64, TileHeight = 64 }, MemoryMarshal.AsBytes(pixels.AsSpan()));
        }

        var output = _directory.Combine("for-python.zarr");
        await ConvertedImage.ConvertAsync(input, output, new ConversionOptions { Version = NgffVersion.V0_4, Chunks = new Dictionary<string, int> { ["y"] = 100, ["x"] = 100 } });
        var printed = await SystemPython.RunAsync("""
            import sys, zarr, numpy
            group = zarr.open_group(sys.argv[1], mode='r')
            paths = [d['path'] for d in group.attrs['multiscales'][0]['datasets']]
            for path in paths[:2]:
                group[path][0, 0, 0].astype('<u2').tofile(sys.argv[1] + '/level' + path + '.raw')
            print(len(paths))
            """, output);
        Assert.Equal("2", printed.Trim());
        Assert.True(ConvertedImage.Same(pixels, ConvertedImage.Cast<ushort>(await File.ReadAllBytesAsync(Path.Combine(output, "level0.raw")))));
        Assert.True(ConvertedImage.Same(ConvertedImage.Mean(pixels, height, width), ConvertedImage.Cast<ushort>(await File.ReadAllBytesAsync(Path.Combine(output, "level1.raw")))));
    }

    [Fact]
    public async Task Xyz_pyramid_halves_z_too()
    {
        const int width = 90, height = 70, planes = 5;
        var input = _directory.Combine("zstack.tif");
        var stack = Enumerable.Range(0, planes).Select(z => Pattern16(width, height, seed: 20 + z)).ToArray();
        using (var writer = TiffWriter.Create(input, false))
        {
            foreach (var plane in stack)
            {
                writer.WritePage(new TiffPageOptions(width, height, DataType.UInt16) { RowsPerStrip = 8 }, MemoryMarshal.AsBytes(plane.AsSpan()));
            }
        }

        var (_, image) = await ConvertedImage.ConvertAsync(input, _directory.Combine("zstack.zarr"), new ConversionOptions { DownsampleZ = true, SmallestLevelMaxSide = 40 });
        var level1 = await image.OpenLevelAsync(1);
        Assert.Equal(new long[] { 1, 1, 3, 35, 45 }, level1.Shape.ToArray());
        Assert.Equal(2, image.Metadata.Multiscale!.Datasets[1].Scale![2]);

        // Plane 1 of level 1 averages planes 2 and 3 of level 0, 2×2×2 blocks rounded half away from zero.
        var actual = await ConvertedImage.PlaneAsync<ushort>(image, 1, 0, 0, 1);
        for (var y = 0; y < 35; y++)
        {
            for (var x = 0; x < 45; x++)
            {
                var sum = 0.0;
                for (var z = 2; z <= 3; z++)
                {
                    sum += stack[z][2 * y * width + 2 * x] + stack[z][2 * y * width + 2 * x + 1] + stack[z][(2 * y + 1) * width + 2 * x] + stack[z][(2 * y + 1) * width + 2 * x + 1];
                }

                Assert.Equal((ushort)Math.Round(sum / 8, MidpointRounding.AwayFromZero), actual[y * 45 + x]);
            }
        }
    }

    [Fact]
    public async Task Rgb_jpeg_converts_to_its_decoded_pixels()
    {
        const int width = 320, height = 200;
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < width * height; i++)
        {
            (pixels[3 * i], pixels[3 * i + 1], pixels[3 * i + 2]) = ((byte)(i % width), (byte)(i / width), (byte)((i % width + i / width) / 2));
        }

        var input = _directory.Combine("photo.jpg");
        JpegImage.Write(input, new DecodedImage(width, height, 3, DataType.UInt8, pixels), quality: 95);
        var decoded = JpegImage.Read(input);

        var (_, image) = await ConvertedImage.ConvertAsync(input, _directory.Combine("photo.zarr"));
        Assert.Equal(3, (int)(await image.OpenLevelAsync(0)).Shape[1]);
        for (var c = 0; c < 3; c++)
        {
            var expected = Enumerable.Range(0, width * height).Select(i => decoded.Pixels[i * 3 + c]).ToArray();
            var level0 = await ConvertedImage.PlaneAsync<byte>(image, 0, 0, c, 0);
            Assert.True(ConvertedImage.Same(expected, level0), $"channel {c}: level 0 differs from the decoded JPEG");

            // And close to what was encoded: JPEG at quality 95 (the gradient wraps at 256, so there is one sharp edge).
            var original = Enumerable.Range(0, width * height).Select(i => pixels[i * 3 + c]).ToArray();
            var errors = original.Zip(level0).Select(p => Math.Abs(p.First - p.Second)).ToArray();
            Assert.True(errors.Average() <= 1.5 && errors.Max() <= 24, $"channel {c}: mean error {errors.Average():F2}, largest {errors.Max()} levels from the encoded pixels");
        }
    }

    [Fact]
    public async Task Mask_becomes_a_label_image_with_colours_and_properties()
    {
        const int width = 400, height = 300;
        var image = Pattern16(width, height, seed: 9);
        var mask = new ushort[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                // Three discs as cells.
                foreach (var (cx, cy, r, value) in new[] { (100, 100, 40, 1), (250, 150, 60, 2), (330, 240, 30, 7) })
                {
                    if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r)
                    {
                        mask[y * width + x] = (ushort)value;
                    }
                }
            }
        }

        var input = _directory.Combine("image.tif");
        var maskFile = _directory.Combine("mask.tif");
        using (var writer = TiffWriter.Create(input, false))
        {
            writer.WritePage(new TiffPageOptions(width, height, DataType.UInt16) { TileWidth = 128, TileHeight = 128 }, MemoryMarshal.AsBytes(image.AsSpan()));
        }

        using (var writer = TiffWriter.Create(maskFile, false))
        {
            writer.WritePage(new TiffPageOptions(width, height, DataType.UInt16) { RowsPerStrip = 16, Compression = TiffCompression.Deflate }, MemoryMarshal.AsBytes(mask.AsSpan()));
        }

        var properties = _directory.Combine("cells.csv");
        await File.WriteAllTextAsync(properties, "label-value,cell type,area\n1,neuron,5000\n2,\"glia, large\",11300\n7,neuron,2800\n");

        var (store, node) = await ConvertedImage.ConvertAsync(input, _directory.Combine("labelled.zarr"), labels: [new LabelFile("cells", maskFile, properties)]);
        Assert.Equal(["cells"], await node.ListLabelsAsync());
        var label = await node.OpenChildAsync("labels/cells");
        Assert.Equal(NgffKind.LabelImage, label.Kind);
        var imageLabel = label.Metadata.ImageLabel!;
        Assert.Equal([1.0, 2, 7], imageLabel.Colors!.Select(c => c.LabelValue));
        Assert.Equal(3, imageLabel.Colors!.Select(c => string.Join(",", c.Rgba!)).Distinct().Count());
        Assert.Equal("glia, large", imageLabel.Properties!.Single(p => p.LabelValue == 2).Values["cell type"]!.GetValue<string>());
        Assert.Equal(11300, imageLabel.Properties!.Single(p => p.LabelValue == 2).Values["area"]!.GetValue<long>());
        Assert.Equal(node.Metadata.Multiscale!.Datasets.Count, label.Metadata.Multiscale!.Datasets.Count);
        Assert.True(ConvertedImage.Same(mask, await ConvertedImage.PlaneAsync<ushort>(label, 0, 0, 0, 0)));
        var level1 = await ConvertedImage.PlaneAsync<ushort>(label, 1, 0, 0, 0);
        Assert.All(level1, v => Assert.Contains(v, new ushort[] { 0, 1, 2, 7 }));
        GC.KeepAlive(store);
    }

    [Fact]
    public async Task Several_ome_images_become_a_bioformats2raw_collection()
    {
        var input = _directory.Combine("series.ome.tif");
        await SystemPython.RunAsync("""
            import sys, numpy, tifffile
            with tifffile.TiffWriter(sys.argv[1], ome=True) as tif:
                tif.write(numpy.full((2, 64, 80), 7, numpy.uint8), metadata={'axes': 'CYX', 'Name': 'first'})
                tif.write(numpy.arange(50 * 40, dtype=numpy.uint16).reshape(50, 40), metadata={'axes': 'YX', 'Name': 'second'})
            """, input);
        var (store, root) = await ConvertedImage.ConvertAsync(input, _directory.Combine("series.zarr"));
        Assert.Equal(NgffKind.Bioformats2RawCollection, root.Kind);
        Assert.Equal(["0", "1"], await root.ListSeriesAsync());
        var second = await NgffNode.OpenAsync(store, "1");
        Assert.Equal("second", second.Metadata.Multiscale!.Name);
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => (ushort)i), await ConvertedImage.PlaneAsync<ushort>(second, 0, 0, 0, 0));
        var xml = Encoding.UTF8.GetString((await store.GetAsync("OME/METADATA.ome.xml"))!.Memory.Span);
        Assert.Contains("second", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ome_tiff_plate_becomes_an_ngff_plate()
    {
        const string xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06" UUID="urn:uuid:7d3a0b52-0000-4000-8000-000000000001">
              <Plate ID="Plate:0" Name="screen plate" Rows="2" Columns="3" RowNamingConvention="letter" ColumnNamingConvention="number">
                <Well ID="Well:0" Row="0" Column="0"><WellSample ID="WellSample:0" Index="0"><ImageRef ID="Image:0"/></WellSample></Well>
                <Well ID="Well:1" Row="1" Column="2">
                  <WellSample ID="WellSample:1" Index="1"><ImageRef ID="Image:1"/></WellSample>
                  <WellSample ID="WellSample:2" Index="2"><ImageRef ID="Image:2"/></WellSample>
                </Well>
                <PlateAcquisition ID="PlateAcquisition:0" Name="run 1">
                  <WellSampleRef ID="WellSample:0"/><WellSampleRef ID="WellSample:1"/><WellSampleRef ID="WellSample:2"/>
                </PlateAcquisition>
              </Plate>
              <Image ID="Image:0" Name="A1 field 0"><Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint8" SizeX="40" SizeY="30" SizeZ="1" SizeC="1" SizeT="1"><Channel ID="Channel:0:0" Name="DAPI" SamplesPerPixel="1"/><TiffData IFD="0" PlaneCount="1"/></Pixels></Image>
              <Image ID="Image:1" Name="B3 field 0"><Pixels ID="Pixels:1" DimensionOrder="XYZCT" Type="uint8" SizeX="40" SizeY="30" SizeZ="1" SizeC="1" SizeT="1"><Channel ID="Channel:1:0" Name="DAPI" SamplesPerPixel="1"/><TiffData IFD="1" PlaneCount="1"/></Pixels></Image>
              <Image ID="Image:2" Name="B3 field 1"><Pixels ID="Pixels:2" DimensionOrder="XYZCT" Type="uint8" SizeX="40" SizeY="30" SizeZ="1" SizeC="1" SizeT="1"><Channel ID="Channel:2:0" Name="DAPI" SamplesPerPixel="1"/><TiffData IFD="2" PlaneCount="1"/></Pixels></Image>
            </OME>
            """;
        var input = _directory.Combine("plate.ome.tif");
        using (var writer = TiffWriter.Create(input, false))
        {
            for (var page = 0; page < 3; page++)
            {
                writer.WritePage(new TiffPageOptions(40, 30, DataType.UInt8) { RowsPerStrip = 30, ImageDescription = page == 0 ? xml : null }, Enumerable.Repeat((byte)(10 * (page + 1)), 40 * 30).ToArray());
            }
        }

        var (store, root) = await ConvertedImage.ConvertAsync(input, _directory.Combine("plate.zarr"));
        Assert.Equal(NgffKind.Plate, root.Kind);
        var plate = root.Metadata.Plate!;
        Assert.Equal("screen plate", plate.Name);
        Assert.Equal(["A", "B"], plate.Rows);
        Assert.Equal(["1", "2", "3"], plate.Columns);
        Assert.Equal(["A/1", "B/3"], plate.Wells.Select(w => w.Path));
        Assert.Equal("run 1", plate.Acquisitions!.Single().Name);
        var well = await NgffNode.OpenAsync(store, "B/3");
        Assert.Equal(["0", "1"], well.Metadata.Well!.Images.Select(i => i.Path));
        Assert.All(well.Metadata.Well!.Images, i => Assert.Equal(0, i.Acquisition));
        var field = await NgffNode.OpenAsync(store, "B/3/1");
        Assert.Equal("B3 field 1", field.Metadata.Multiscale!.Name);
        Assert.All(await ConvertedImage.PlaneAsync<byte>(field, 0, 0, 0, 0), v => Assert.Equal(30, v));
        Assert.NotNull(await store.GetAsync("OME/METADATA.ome.xml"));
    }

    [Fact]
    public async Task Sharded_float_tiff_round_trips()
    {
        const int width = 700, height = 650;
        var pixels = Enumerable.Range(0, width * height).Select(i => MathF.Sin(i * 0.001f) * 1000).ToArray();
        var input = _directory.Combine("float.tif");
        using (var writer = TiffWriter.Create(input, false))
        {
            writer.WritePage(new TiffPageOptions(width, height, DataType.Float32) { TileWidth = 64, TileHeight = 64, Compression = TiffCompression.Zstd }, MemoryMarshal.AsBytes(pixels.AsSpan()));
        }

        var options = new ConversionOptions
        {
            Chunks = new Dictionary<string, int> { ["y"] = 64, ["x"] = 64 },
            Shards = new Dictionary<string, int> { ["y"] = 256, ["x"] = 256 },
            Compressors = [],
        };
        var (_, image) = await ConvertedImage.ConvertAsync(input, _directory.Combine("float.zarr"), options);
        var level0 = await image.OpenLevelAsync(0);
        Assert.NotNull(level0.Metadata.Sharding);
        Assert.True(ConvertedImage.Same(pixels, await ConvertedImage.PlaneAsync<float>(image, 0, 0, 0, 0)));
        Assert.True(ConvertedImage.Same(ConvertedImage.Mean(pixels, height, width), await ConvertedImage.PlaneAsync<float>(image, 1, 0, 0, 0)));
    }

    /// <summary>A smooth field with noise: compresses like a micrograph, exercises every bit.</summary>
    internal static ushort[] Pattern16(int width, int height, int seed)
    {
        var random = new Random(seed);
        var pixels = new ushort[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var smooth = 20000 + 15000 * Math.Sin(x * 0.02 + seed) * Math.Cos(y * 0.017);
                pixels[y * width + x] = (ushort)Math.Clamp(smooth + random.Next(-3000, 3000), 0, 65535);
            }
        }

        return pixels;
    }
}
