using Tessera.Imaging.Tiff;
using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Tests.Tiff;

public sealed class TiffRoundTripTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string, int, int, int, int, TiffCompression, bool> Layouts => new()
    {
        // type, samples, tile size (0 for strips), rows per strip, pages, compression, planar separate
        { "uint8", 1, 32, 0, 1, TiffCompression.None, false },
        { "uint16", 1, 16, 0, 1, TiffCompression.Deflate, false },
        { "int16", 1, 0, 7, 3, TiffCompression.Lzw, false },
        { "uint32", 1, 0, 0, 1, TiffCompression.PackBits, false },
        { "float32", 1, 48, 0, 1, TiffCompression.Zstd, false },
        { "float64", 1, 0, 13, 1, TiffCompression.None, false },
        { "int8", 1, 16, 0, 1, TiffCompression.Deflate, false },
        { "int32", 1, 16, 0, 1, TiffCompression.Lzw, false },
        { "uint8", 3, 16, 0, 1, TiffCompression.Deflate, false },
        { "uint8", 3, 16, 0, 2, TiffCompression.None, true },
        { "uint16", 3, 0, 5, 1, TiffCompression.Zstd, false },
        { "uint16", 3, 0, 5, 1, TiffCompression.PackBits, true },
        { "uint8", 4, 32, 0, 1, TiffCompression.Lzw, false },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Pages_read_back_exactly_by_region(string type, int samples, int tile, int rowsPerStrip, int pages, TiffCompression compression, bool separate)
    {
        var dataType = DataType.FromName(type)!;
        var options = new TiffPageOptions(77, 45, dataType)
        {
            SamplesPerPixel = samples,
            Photometric = samples >= 3 ? TiffPhotometric.Rgb : TiffPhotometric.MinIsBlack,
            PlanarSeparate = separate,
            TileWidth = tile,
            TileHeight = tile,
            RowsPerStrip = rowsPerStrip,
            Compression = compression,
        };
        var path = _directory.Combine("image.tif");
        var plane = TiffSamples.Random(options, seed: 7);
        using (var writer = TiffWriter.Create(path, bigTiff: false))
        {
            for (var page = 0; page < pages; page++)
            {
                writer.WritePage(options, plane);
            }
        }

        using var file = TiffFile.Open(path);
        Assert.False(file.IsBigTiff);
        Assert.Equal(pages, file.Directories.Count);
        var directory = file.Directories[^1];
        Assert.Equal(dataType, directory.DataType);
        Assert.Equal((77L, 45L), (directory.Width, directory.Height));
        Assert.Equal(samples, directory.SamplesPerPixel);
        Assert.Equal(separate, directory.IsPlanarSeparate);
        Assert.Equal(compression, directory.Compression);
        Assert.Equal(tile > 0, directory.IsTiled);

        foreach (var (y, x, h, w) in new[] { (0L, 0L, 45, 77), (3L, 5L, 30, 50), (44L, 76L, 1, 1), (10L, 0L, 1, 77), (15L, 31L, 2, 3) })
        {
            for (var sample = 0; sample < samples; sample++)
            {
                var actual = new byte[h * w * dataType.Size];
                file.ReadRegion(directory, sample, y, x, h, w, actual);
                Assert.Equal(TiffSamples.Region(options, plane, sample, y, x, h, w), actual);
            }
        }
    }

    [Fact]
    public void BigTiff_multi_page_with_sub_ifds_reads_every_level()
    {
        var path = _directory.Combine("pyramid.tif");
        var full = new TiffPageOptions(100, 70, DataType.UInt16) { TileWidth = 32, TileHeight = 32, Compression = TiffCompression.Zstd, SubIfdCount = 2, ImageDescription = "level 0 – µm" };
        var half = full with { Width = 50, Height = 35, SubIfdCount = 0, NewSubfileType = 1, ImageDescription = null };
        var quarter = half with { Width = 25, Height = 18 };
        var planes = new[] { full, half, quarter }.Select((o, i) => TiffSamples.Random(o, seed: i)).ToArray();
        using (var writer = TiffWriter.Create(path, bigTiff: true))
        {
            for (var page = 0; page < 2; page++)
            {
                writer.WritePage(full, planes[0]);
                writer.WritePage(half, planes[1]);
                writer.WritePage(quarter, planes[2]);
            }
        }

        using var file = TiffFile.Open(path);
        Assert.True(file.IsBigTiff);
        Assert.Equal(2, file.Directories.Count);
        foreach (var page in file.Directories)
        {
            Assert.Equal("level 0 – µm", page.ImageDescription);
            Assert.False(page.IsReducedResolution);
            Assert.Equal(2, page.SubIfds.Count);
            Assert.All(page.SubIfds, level => Assert.True(level.IsReducedResolution));
            var levels = new[] { (page, full), (page.SubIfds[0], half), (page.SubIfds[1], quarter) };
            for (var i = 0; i < levels.Length; i++)
            {
                var (directory, options) = levels[i];
                Assert.Equal((options.Width, options.Height), (directory.Width, directory.Height));
                var actual = new byte[options.Width * options.Height * 2];
                file.ReadRegion(directory, 0, 0, 0, (int)options.Height, (int)options.Width, actual);
                Assert.Equal(planes[i], actual);
            }
        }
    }

    [Fact]
    public void Jpeg_tiles_read_back_within_tolerance()
    {
        var path = _directory.Combine("jpeg.tif");
        var options = new TiffPageOptions(90, 60, DataType.UInt8) { SamplesPerPixel = 3, Photometric = TiffPhotometric.Rgb, TileWidth = 32, TileHeight = 32, Compression = TiffCompression.Jpeg, CompressionLevel = 95 };
        var plane = TiffSamples.Smooth(options);
        using (var writer = TiffWriter.Create(path, bigTiff: false))
        {
            writer.WritePage(options, plane);
        }

        using var file = TiffFile.Open(path);
        var directory = file.Directories[0];
        Assert.Equal(TiffCompression.Jpeg, directory.Compression);
        for (var sample = 0; sample < 3; sample++)
        {
            var actual = new byte[90 * 60];
            file.ReadRegion(directory, sample, 0, 0, 60, 90, actual);
            var expected = TiffSamples.Region(options, plane, sample, 0, 0, 60, 90);
            var worst = expected.Zip(actual, (a, b) => Math.Abs(a - b)).Max();
            Assert.InRange(worst, 0, 12);
        }
    }

    [Fact]
    public void Streaming_writes_tile_by_tile_and_strip_by_strip()
    {
        var path = _directory.Combine("streamed.tif");
        var tiled = new TiffPageOptions(40, 20, DataType.UInt8) { TileWidth = 16, TileHeight = 16 };
        var striped = tiled with { TileWidth = 0, TileHeight = 0, RowsPerStrip = 8 };
        using (var writer = TiffWriter.Create(path, bigTiff: false))
        {
            writer.BeginPage(tiled);
            Assert.Equal(6, writer.BlockCount);
            for (var tile = 0; tile < writer.BlockCount; tile++)
            {
                writer.WriteTile(tile, Enumerable.Repeat((byte)(tile + 1), 256).ToArray());
            }

            writer.EndPage();
            writer.BeginPage(striped);
            Assert.Throws<ArgumentException>(() => writer.WriteStrip(2, new byte[320]));
            writer.WriteStrip(0, Enumerable.Repeat((byte)10, 320).ToArray());
            Assert.Throws<InvalidOperationException>(writer.EndPage);
            writer.WriteStrip(1, Enumerable.Repeat((byte)11, 320).ToArray());
            writer.WriteStrip(2, Enumerable.Repeat((byte)12, 160).ToArray());
            writer.EndPage();
        }

        using var source = TiffPixelSource.Open(path);
        Assert.Equal((1, 1, 2, 20L, 40L), (source.SizeT, source.SizeC, source.SizeZ, source.SizeY, source.SizeX));
        Assert.Equal((16, 16), source.StorageBlock);
        var pixel = new byte[1];
        source.ReadRegion(0, 0, 0, 17, 39, 1, 1, pixel);
        Assert.Equal(6, pixel[0]);
        source.ReadRegion(0, 0, 1, 19, 0, 1, 1, pixel);
        Assert.Equal(12, pixel[0]);
    }

    [Fact]
    public void Pixel_source_maps_pages_to_z_and_samples_to_channels_and_skips_reduced_pages()
    {
        var path = _directory.Combine("stack.tif");
        var page = new TiffPageOptions(33, 21, DataType.UInt16) { SamplesPerPixel = 3, Photometric = TiffPhotometric.Rgb, RowsPerStrip = 4, Compression = TiffCompression.Deflate };
        var thumbnail = page with { Width = 11, Height = 7, NewSubfileType = 1 };
        var planes = Enumerable.Range(0, 3).Select(i => TiffSamples.Random(page, seed: 10 + i)).ToArray();
        using (var writer = TiffWriter.Create(path, bigTiff: false))
        {
            writer.WritePage(page, planes[0]);
            writer.WritePage(thumbnail, TiffSamples.Random(thumbnail, seed: 1));
            writer.WritePage(page, planes[1]);
            writer.WritePage(page, planes[2]);
        }

        using var source = TiffPixelSource.Open(path);
        Assert.Equal((1, 3, 3), (source.SizeT, source.SizeC, source.SizeZ));
        Assert.Equal(DataType.UInt16, source.DataType);
        Assert.Equal((4, 33), source.StorageBlock);
        Assert.Equal(4, source.Directories.Count);

        // Readers on several threads at once each get their own handle.
        Parallel.For(0, 3 * 3 * 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var (z, c, quadrant) = (i / 12, i / 4 % 3, i % 4);
            var (y, x) = (quadrant / 2 * 10L, quadrant % 2 * 16L);
            var actual = new byte[11 * 17 * 2];
            source.ReadRegion(0, c, z, y, x, 11, 17, actual);
            Assert.Equal(TiffSamples.Region(page, planes[z], c, y, x, 11, 17), actual);
        });
    }
}
