using Tessera.Imaging.Rendering;
using Tessera.Zarr.Metadata;
using static Tessera.Imaging.Tests.Rendering.RenderingSamples;

namespace Tessera.Imaging.Tests.Rendering;

public sealed class HistogramTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Eight_bit_channels_count_over_the_type_range()
    {
        // Every value 0–255 once in channel 1; channel 0 is something else entirely.
        var pyramid = await WriteAsync(_directory.Path, "cyx", 16, 16, (_, _, c, _, y, x) => c == 1 ? (y * 16) + x : 7, sizeC: 2, type: DataType.UInt8);

        var fine = await ImageRenderer.HistogramAsync(pyramid, 1, 0, 0, 256);
        Assert.Equal((0.0, 256.0, 1.0, 0), (fine.Min, fine.Max, fine.BinWidth, fine.Level));
        Assert.All(fine.Counts, count => Assert.Equal(1, count));

        var coarse = await ImageRenderer.HistogramAsync(pyramid, 1, 0, 0, 16);
        Assert.All(coarse.Counts, count => Assert.Equal(16, count));
    }

    [Fact]
    public async Task Sixteen_bit_bins_hold_equal_value_ranges()
    {
        double[] values = [0, 255, 256, 65535, 40000];
        var pyramid = await WriteAsync(_directory.Path, "yx", 5, 1, (_, _, _, _, _, x) => values[x]);

        var histogram = await ImageRenderer.HistogramAsync(pyramid, 0, 0, 0, 256);

        Assert.Equal((0.0, 65536.0, 256.0), (histogram.Min, histogram.Max, histogram.BinWidth));
        var expected = new long[256];
        expected[0] = 2;
        expected[1] = 1;
        expected[255] = 1;
        expected[40000 / 256] = 1;
        Assert.Equal(expected, histogram.Counts);
    }

    [Fact]
    public async Task Floating_point_counts_over_the_plane_range_without_nan_or_infinity()
    {
        double[] values = [-1, 0, 1, 3, double.NaN, double.PositiveInfinity, 2.5];
        var pyramid = await WriteAsync(_directory.Path, "yx", 7, 1, (_, _, _, _, _, x) => values[x], type: DataType.Float32);

        var histogram = await ImageRenderer.HistogramAsync(pyramid, 0, 0, 0, 4);

        // Bins of width 1 from -1; the maximum, 3, counts in the last bin.
        Assert.Equal((-1.0, 3.0), (histogram.Min, histogram.Max));
        Assert.Equal([1L, 1, 1, 2], histogram.Counts);
    }

    [Fact]
    public async Task Thirty_two_bit_integers_count_over_the_plane_range_at_the_level_asked()
    {
        var pyramid = await WriteAsync(_directory.Path, "zyx", 4, 2, (level, _, _, z, _, x) => level == 1 ? 1_000_000 * z : 10 * (x + 1), sizeZ: 2, levels: 2, type: DataType.Int32);

        var level0 = await ImageRenderer.HistogramAsync(pyramid, 0, 1, 0, 2);
        Assert.Equal((10.0, 40.0, 0), (level0.Min, level0.Max, level0.Level));
        Assert.Equal([4L, 4], level0.Counts);

        var level1 = await ImageRenderer.HistogramAsync(pyramid, 0, 1, 0, 3, level: 1);
        Assert.Equal((1_000_000.0, 1_000_000.0, 1), (level1.Min, level1.Max, level1.Level));
        Assert.Equal([2L, 0, 0], level1.Counts);
    }

    [Fact]
    public async Task Bad_arguments_name_the_parameter()
    {
        var pyramid = await WriteAsync(_directory.Path, "yx", 4, 4, (_, _, _, _, _, x) => x);
        Assert.Equal("bins: 0 is not between 1 and 65536", (await Assert.ThrowsAsync<RenderingParameterException>(() => ImageRenderer.HistogramAsync(pyramid, 0, 0, 0, 0).AsTask())).Message);
        Assert.Equal("c: 1 is beyond the image's 1 channel (numbered from 0)", (await Assert.ThrowsAsync<RenderingParameterException>(() => ImageRenderer.HistogramAsync(pyramid, 1, 0, 0, 8).AsTask())).Message);
        Assert.Equal("level: 1 does not exist (the image has 1 level, 0 the full resolution)", (await Assert.ThrowsAsync<RenderingParameterException>(() => ImageRenderer.HistogramAsync(pyramid, 0, 0, 0, 8, level: 1).AsTask())).Message);
    }
}
