using Tessera.Imaging.Jpeg;
using Tessera.Imaging.Rendering;
using Tessera.Ngff;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;
using static Tessera.Imaging.Tests.Rendering.RenderingSamples;

namespace Tessera.Imaging.Tests.Rendering;

/// <summary>
/// Golden tests: each rendered PNG is decoded by libpng and compared exactly with pixels computed here from the
/// written samples (windows of power-of-two widths keep float and double arithmetic identical).
/// </summary>
public sealed class ImageRendererTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    // Three uint16 channels over 40 × 30: x ramps, y ramps and their sum.
    private static double Three(int level, int t, int c, int z, int y, int x) => c switch
    {
        0 => x * 100,
        1 => y * 100,
        _ => (x + y) * 50,
    };

    private Task<ImagePyramid> ThreeChannelsAsync() => WriteAsync(_directory.Path, "cyx", 40, 30, Three, sizeC: 3, chunk: 16);

    private static byte[] Expected(int width, int height, Func<int, int, (double R, double G, double B)> pixel)
    {
        var result = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = pixel(x, y);
                (result[3 * ((y * width) + x)], result[(3 * ((y * width) + x)) + 1], result[(3 * ((y * width) + x)) + 2]) = (Byte(r), Byte(g), Byte(b));
            }
        }

        return result;
    }

    [Fact]
    public async Task Colour_channels_add_up_per_component_and_clamp_at_255()
    {
        var pyramid = await ThreeChannelsAsync();
        var settings = RenderingQuery.Apply(pyramid.CreateDefaultSettings(), "1|0:4096$FFFF00,2|1000:3048$00FFFF,3|0:1024$FF8040", "c", null);

        var image = await ImageRenderer.RenderRegionAsync(pyramid, settings, 0, 0, 0, 0, 0, 40, 30);

        Assert.Equal(Expected(40, 30, (x, y) =>
        {
            var (a, b, c) = (Windowed(x * 100, 0, 4096), Windowed(y * 100, 1000, 3048), Windowed((x + y) * 50, 0, 1024));
            return ((255 * a) + (255 * c), (255 * a) + (255 * b) + (0x80 * c), (255 * b) + (0x40 * c));
        }), DecodePng(image));
    }

    [Fact]
    public async Task Inactive_channels_add_nothing()
    {
        var pyramid = await ThreeChannelsAsync();
        var settings = RenderingQuery.Apply(pyramid.CreateDefaultSettings(), "1|0:4096$FF0000,-2|1000:3048$00FF00,3|0:1024$0000FF", null, null);

        var image = await ImageRenderer.RenderRegionAsync(pyramid, settings, 0, 0, 0, 0, 0, 40, 30);

        Assert.Equal(Expected(40, 30, (x, y) => (255 * Windowed(x * 100, 0, 4096), 0, 255 * Windowed((x + y) * 50, 0, 1024))), DecodePng(image));
    }

    [Fact]
    public async Task Greyscale_shows_the_first_active_channel_alone_in_grey()
    {
        var pyramid = await ThreeChannelsAsync();
        var settings = RenderingQuery.Apply(pyramid.CreateDefaultSettings(), "-1|0:4096,2|1000:3048$FF0000,3|0:1024", "g", null);

        var image = await ImageRenderer.RenderRegionAsync(pyramid, settings, 0, 0, 0, 0, 0, 40, 30);

        Assert.Equal(Expected(40, 30, (x, y) =>
        {
            var grey = 255 * Windowed(y * 100, 1000, 3048);
            return (grey, grey, grey);
        }), DecodePng(image));
    }

    [Fact]
    public async Task Inverted_channels_put_full_colour_at_the_window_start()
    {
        var pyramid = await ThreeChannelsAsync();
        var settings = RenderingQuery.Apply(pyramid.CreateDefaultSettings(), "1|0:4096$FF0000,3|0:1024$00FF00", null, null, """[{"inverted":{"enabled":true}}]""");

        var image = await ImageRenderer.RenderRegionAsync(pyramid, settings, 0, 0, 0, 0, 0, 40, 30);

        Assert.Equal(Expected(40, 30, (x, y) => (255 * Windowed(x * 100, 0, 4096, inverted: true), 255 * Windowed((x + y) * 50, 0, 1024), 0)), DecodePng(image));
    }

    [Fact]
    public async Task Without_active_channels_the_image_is_black()
    {
        var pyramid = await ThreeChannelsAsync();
        var settings = RenderingQuery.Apply(pyramid.CreateDefaultSettings(), "-1,-2", null, null);
        var image = await ImageRenderer.RenderRegionAsync(pyramid, settings, 0, 0, 0, 5, 5, 7, 3);
        Assert.Equal(new byte[7 * 3 * 3], DecodePng(image));
    }

    // Two channels over 4 planes whose brightest plane differs from pixel to pixel.
    private static double Stack(int level, int t, int c, int z, int y, int x) => (((x + (3 * z) + c) % 5) * 100) + (y * 10);

    [Theory]
    [InlineData("intmax", 0, 3)]
    [InlineData("intmax|1:3", 1, 3)]
    [InlineData("intmean", 0, 3)]
    [InlineData("intmean|1:2", 1, 2)]
    [InlineData("intmax|2:2", 2, 2)]
    public async Task Projections_combine_the_z_range_before_windowing(string p, int first, int last)
    {
        var pyramid = await WriteAsync(_directory.Path, "czyx", 16, 8, Stack, sizeZ: 4, sizeC: 2);
        var settings = RenderingQuery.Apply(pyramid.CreateDefaultSettings(), "1|0:1024$FF0000,2|100:612$00FF00", null, p);

        // The z argument is ignored when projecting.
        var image = await ImageRenderer.RenderRegionAsync(pyramid, settings, 3, 0, 0, 0, 0, 16, 8);

        double Project(int c, int x, int y)
        {
            var planes = Enumerable.Range(first, last - first + 1).Select(z => Stack(0, 0, c, z, y, x)).ToArray();
            return p.StartsWith("intmax", StringComparison.Ordinal) ? planes.Max() : planes.Average();
        }

        Assert.Equal(Expected(16, 8, (x, y) => (255 * Windowed(Project(0, x, y), 0, 1024), 255 * Windowed(Project(1, x, y), 100, 612), 0)), DecodePng(image));
    }

    [Fact]
    public async Task Normal_rendering_reads_the_requested_plane_and_projection_ranges_are_checked()
    {
        var pyramid = await WriteAsync(_directory.Path, "czyx", 16, 8, Stack, sizeZ: 4, sizeC: 2);
        var settings = RenderingQuery.Apply(pyramid.CreateDefaultSettings(), "2|0:1024$0000FF", null, null);
        var image = await ImageRenderer.RenderRegionAsync(pyramid, settings, 2, 0, 0, 0, 0, 16, 8);
        Assert.Equal(Expected(16, 8, (x, y) => (0, 0, 255 * Windowed(Stack(0, 0, 1, 2, y, x), 0, 1024))), DecodePng(image));

        var beyond = RenderingQuery.Apply(settings, null, null, "intmax|0:9");
        Assert.Equal(
            "p: z range 0:9 is not within the image's 4 planes (0:3)",
            (await Assert.ThrowsAsync<RenderingParameterException>(() => ImageRenderer.RenderRegionAsync(pyramid, beyond, 0, 0, 0, 0, 0, 4, 4).AsTask())).Message);
        Assert.Equal(
            "z: 12 is beyond the image's 4 planes",
            (await Assert.ThrowsAsync<RenderingParameterException>(() => ImageRenderer.RenderRegionAsync(pyramid, settings, 12, 0, 0, 0, 0, 4, 4).AsTask())).Message);
        Assert.Equal(
            "settings: have 3 channels; the image has 2",
            (await Assert.ThrowsAsync<RenderingParameterException>(() => ImageRenderer.RenderRegionAsync(pyramid, RenderingSettings.FromOmero(null, 3, DataType.UInt16), 0, 0, 0, 0, 0, 4, 4).AsTask())).Message);
    }

    // One uint8 channel over 100 × 70 in two levels; the level shows in the samples.
    private static double Tiled(int level, int t, int c, int z, int y, int x) => (level * 100) + ((x + (2 * y)) % 100);

    private static RenderingSettings Grey => new(RenderingModel.Greyscale, [new RenderingChannel(RgbColor.White, 0, 256)]);

    private static byte[] GreyPixels(int level, int x0, int y0, int width, int height) => Expected(width, height, (x, y) =>
    {
        var grey = 255 * Windowed(Tiled(level, 0, 0, 0, y0 + y, x0 + x), 0, 256);
        return (grey, grey, grey);
    });

    [Theory]
    [InlineData("0,1,1,32,32", 0, 32, 32, 32, 32)]
    [InlineData("0,3,2,32,32", 0, 96, 64, 4, 6)]
    [InlineData("1,1,1,32,32", 1, 32, 32, 18, 3)]
    [InlineData("1,0,0,16,8", 1, 0, 0, 16, 8)]
    [InlineData("0,0,0", 0, 0, 0, 100, 70)]
    [InlineData("0,0,0,5000,5000", 0, 0, 0, 100, 70)]
    public async Task Tiles_count_levels_from_full_resolution_and_clip_at_the_edges(string tile, int level, int x, int y, int width, int height)
    {
        var pyramid = await WriteAsync(_directory.Path, "yx", 100, 70, Tiled, levels: 2, type: DataType.UInt8);

        var image = await ImageRenderer.RenderTileAsync(pyramid, Grey, 0, 0, RenderingQuery.ParseTile(tile));

        Assert.Equal((width, height, level), (image.Width, image.Height, image.Level));
        Assert.Equal(GreyPixels(level, x, y, width, height), DecodePng(image));
    }

    [Theory]
    [InlineData("0,4,0,32,32", "tile: tile (4, 0) of 32 × 32 starts at (128, 0), outside level 0's 100 × 70 pixels")]
    [InlineData("1,0,2,32,32", "tile: tile (0, 2) of 32 × 32 starts at (0, 64), outside level 1's 50 × 35 pixels")]
    [InlineData("0,1,0,5000,5000", "tile: tile (1, 0) of 1024 × 1024 starts at (1024, 0), outside level 0's 100 × 70 pixels")]
    [InlineData("2,0,0", "tile: level 2 does not exist (the image has 2, 0 the full resolution)")]
    public async Task Tiles_wholly_outside_the_level_are_rejected(string tile, string message)
    {
        var pyramid = await WriteAsync(_directory.Path, "yx", 100, 70, Tiled, levels: 2, type: DataType.UInt8);
        var e = await Assert.ThrowsAsync<RenderingParameterException>(() => ImageRenderer.RenderTileAsync(pyramid, Grey, 0, 0, RenderingQuery.ParseTile(tile)).AsTask());
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public async Task Regions_are_full_resolution_pixels_clipped_at_the_edges_and_capped_in_size()
    {
        var pyramid = await WriteAsync(_directory.Path, "yx", 100, 70, Tiled, levels: 2, type: DataType.UInt8);

        var clipped = await ImageRenderer.RenderRegionAsync(pyramid, Grey, 0, 0, RenderingQuery.ParseRegion("90,60,50,50"));
        Assert.Equal(GreyPixels(0, 90, 60, 10, 10), DecodePng(clipped));

        var atLevel = await ImageRenderer.RenderRegionAsync(pyramid, Grey, 0, 0, 1, 10, 20, 5, 4);
        Assert.Equal(GreyPixels(1, 10, 20, 5, 4), DecodePng(atLevel));

        Assert.Equal(
            "region: 5000 × 10 pixels is not between 1 × 1 and 4096 × 4096",
            (await Assert.ThrowsAsync<RenderingParameterException>(() => ImageRenderer.RenderRegionAsync(pyramid, Grey, 0, 0, new PixelRegion(0, 0, 5000, 10)).AsTask())).Message);
        Assert.Equal(
            "region: (100, 0) is outside level 0's 100 × 70 pixels",
            (await Assert.ThrowsAsync<RenderingParameterException>(() => ImageRenderer.RenderRegionAsync(pyramid, Grey, 0, 0, new PixelRegion(100, 0, 10, 10)).AsTask())).Message);
        Assert.Equal(
            "level: 3 does not exist (the image has 2 levels, 0 the full resolution)",
            (await Assert.ThrowsAsync<RenderingParameterException>(() => ImageRenderer.RenderRegionAsync(pyramid, Grey, 0, 0, 3, 0, 0, 1, 1).AsTask())).Message);
    }

    [Theory]
    [InlineData("uint8", 0, 256, new[] { 0.0, 10, 100, 200, 255 })]
    [InlineData("int8", -128, 128, new[] { -128.0, -1, 0, 64, 127 })]
    [InlineData("uint16", 0, 65536, new[] { 0.0, 1000, 40000, 65535 })]
    [InlineData("int16", -32768, 32768, new[] { -32768.0, -5, 0, 20000, 32767 })]
    [InlineData("uint32", 0, 4294967296, new[] { 0.0, 7, 70000, 1073741824, 4294967040 })]
    [InlineData("int32", -2147483648, 2147483648, new[] { -2147483648.0, -70000, 0, 536870912, 2147483520 })]
    [InlineData("float32", 0, 1, new[] { -1.5, 0, 0.25, 0.75, 3e38, double.NaN })]
    [InlineData("float64", 0, 1, new[] { -1e300, 0.125, 0.5, 1e300, double.NaN, double.PositiveInfinity })]
    public async Task Every_data_type_renders_through_its_window(string type, double start, double end, double[] values)
    {
        var pyramid = await WriteAsync(_directory.Path, "yx", 24, 3, (_, _, _, _, y, x) => values[((y * 24) + x) % values.Length], type: DataType.FromName(type));
        var settings = new RenderingSettings(RenderingModel.Greyscale, [new RenderingChannel(RgbColor.White, start, end)]);

        var image = await ImageRenderer.RenderRegionAsync(pyramid, settings, 0, 0, 0, 0, 0, 24, 3);

        Assert.Equal(Expected(24, 3, (x, y) =>
        {
            var value = values[((y * 24) + x) % values.Length];
            var grey = double.IsNaN(value) ? 0 : 255 * Windowed(value, start, end);
            return (grey, grey, grey);
        }), DecodePng(image));
    }

    // uint8 over 256 × 128 in three levels (256 × 128, 128 × 64, 64 × 32); the level shows in the samples.
    private static double Thumb(int level, int t, int c, int z, int y, int x) => (level * 60) + ((x + y) % 50);

    private async Task<(ImagePyramid Pyramid, RecordingStore Store)> ThumbnailImageAsync()
    {
        await WriteAsync(_directory.Path, "yx", 256, 128, Thumb, levels: 3, type: DataType.UInt8);
        var store = new RecordingStore(new FileSystemStore(_directory.Path));
        return (await ImagePyramid.OpenAsync(store), store);
    }

    [Fact]
    public async Task Thumbnails_read_the_smallest_level_that_is_large_enough_and_no_other()
    {
        var (pyramid, store) = await ThumbnailImageAsync();

        var image = await ImageRenderer.RenderThumbnailAsync(pyramid, Grey, 64);

        Assert.Equal((64, 32, 2), (image.Width, image.Height, image.Level));
        Assert.Equal(Expected(64, 32, (x, y) =>
        {
            var grey = 255 * Windowed(Thumb(2, 0, 0, 0, y, x), 0, 256);
            return (grey, grey, grey);
        }), DecodePng(image));
        Assert.Empty(store.ChunksOf("0"));
        Assert.Empty(store.ChunksOf("1"));
        Assert.NotEmpty(store.ChunksOf("2"));
    }

    [Fact]
    public async Task Thumbnails_shrink_by_averaging_the_area_each_pixel_covers()
    {
        var (pyramid, _) = await ThumbnailImageAsync();

        var image = await ImageRenderer.RenderThumbnailAsync(pyramid, Grey, 32);

        // Level 2 (64 × 32) halved: each pixel the mean of a 2 × 2 block of level 2's rendered pixels.
        Assert.Equal((32, 16, 2), (image.Width, image.Height, image.Level));
        byte Rendered(int x, int y) => Byte(255 * Windowed(Thumb(2, 0, 0, 0, y, x), 0, 256));
        Assert.Equal(Expected(32, 16, (x, y) =>
        {
            var mean = (Rendered(2 * x, 2 * y) + Rendered((2 * x) + 1, 2 * y) + Rendered(2 * x, (2 * y) + 1) + Rendered((2 * x) + 1, (2 * y) + 1)) / 4.0;
            return (mean, mean, mean);
        }), DecodePng(image));
    }

    [Theory]
    [InlineData(100, 100, 50, 1)]
    [InlineData(128, 128, 64, 1)]
    [InlineData(129, 129, 65, 0)]
    [InlineData(1000, 1000, 500, 0)]
    [InlineData(1, 1, 1, 2)]
    public async Task Thumbnail_sizes_keep_the_aspect_and_pick_their_level(int size, int width, int height, int level)
    {
        var (pyramid, store) = await ThumbnailImageAsync();

        var image = await ImageRenderer.RenderThumbnailAsync(pyramid, Grey, size);

        Assert.Equal((width, height, level), (image.Width, image.Height, image.Level));
        for (var other = 0; other < 3; other++)
        {
            Assert.Equal(other == level, store.ChunksOf(other.ToString(System.Globalization.CultureInfo.InvariantCulture)).Length > 0);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1025)]
    [InlineData(100000)]
    public async Task Thumbnail_sizes_out_of_bounds_are_rejected(int size)
    {
        var (pyramid, _) = await ThumbnailImageAsync();
        var e = await Assert.ThrowsAsync<RenderingParameterException>(() => ImageRenderer.RenderThumbnailAsync(pyramid, Grey, size).AsTask());
        Assert.Equal($"size: {size} is not between 1 and 1024", e.Message);
    }

    [Fact]
    public async Task Thumbnails_of_tall_images_and_of_stacks_use_the_default_plane()
    {
        var omero = new OmeroMetadata([new OmeroChannel("FFFFFF", new OmeroWindow(0, 255, 0, 256))]);
        var pyramid = await WriteAsync(_directory.Path, "zyx", 30, 90, (_, _, _, z, y, x) => (z * 50) + ((x + y) % 3), sizeZ: 5, type: DataType.UInt8, omero: omero);
        var settings = pyramid.CreateDefaultSettings();

        var middle = await ImageRenderer.RenderThumbnailAsync(pyramid, settings, 45);
        Assert.Equal((15, 45), (middle.Width, middle.Height));
        // No rdefs: the middle plane (2); each thumbnail pixel averages a 2 × 2 block.
        byte Rendered(int z, int x, int y) => Byte(255 * Windowed((z * 50) + ((x + y) % 3), 0, 256));
        byte[] ExpectedAt(int z) => Expected(15, 45, (x, y) =>
        {
            var mean = (Rendered(z, 2 * x, 2 * y) + Rendered(z, (2 * x) + 1, 2 * y) + Rendered(z, 2 * x, (2 * y) + 1) + Rendered(z, (2 * x) + 1, (2 * y) + 1)) / 4.0;
            return (mean, mean, mean);
        });
        Assert.Equal(ExpectedAt(2), DecodePng(middle));
        Assert.Equal(ExpectedAt(4), DecodePng(await ImageRenderer.RenderThumbnailAsync(pyramid, settings, 45, z: 4)));

        var withDefaults = _directory.Combine("defaults");
        var rdefs = omero with { RenderingDefaults = new OmeroRenderingDefaults(DefaultZ: 1) };
        var other = await WriteAsync(withDefaults, "zyx", 30, 90, (_, _, _, z, y, x) => (z * 50) + ((x + y) % 3), sizeZ: 5, type: DataType.UInt8, omero: rdefs);
        Assert.Equal(ExpectedAt(1), DecodePng(await ImageRenderer.RenderThumbnailAsync(other, settings, 45)));
    }

    [Fact]
    public async Task Jpeg_output_decodes_close_to_the_exact_pixels_on_smooth_content()
    {
        var pyramid = await WriteAsync(_directory.Path, "cyx", 64, 64, (_, _, c, _, y, x) => c == 0 ? (x * 48) + (y * 16) : y * 64, sizeC: 2);
        var settings = RenderingQuery.Apply(pyramid.CreateDefaultSettings(), "1|0:4096$FF0000,2|0:4096$00FF00", null, null);
        var image = await ImageRenderer.RenderRegionAsync(pyramid, settings, 0, 0, 0, 0, 0, 64, 64);
        var exact = DecodePng(image);

        var decoded = JpegImage.Decode(image.EncodeJpeg(90), "rendered");

        Assert.Equal((64, 64, 3), (decoded.Width, decoded.Height, decoded.Channels));
        var differences = exact.Zip(decoded.Pixels, (a, b) => Math.Abs(a - b)).ToArray();
        // Tolerance stated up front: JPEG at quality 90 on a smooth gradient.
        Assert.True(differences.Max() <= 8, $"largest difference {differences.Max()}");
        Assert.True(differences.Average() <= 2, $"mean difference {differences.Average():F2}");
        Assert.Equal("quality: 0 is not between 1 and 100", Assert.Throws<RenderingParameterException>(() => image.EncodeJpeg(0)).Message);
    }
}
