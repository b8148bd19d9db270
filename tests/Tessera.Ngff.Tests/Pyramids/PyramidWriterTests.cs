using System.Collections.Immutable;
using Tessera.Zarr;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Ngff.Tests.Pyramids;

/// <summary>
/// The streaming pyramid against a reference computed here, independently, on the whole image in memory: level 0
/// is the source; level n+1 is the 2×2 (×2 in z on request) block of level n, mean rounded half away from zero,
/// edge blocks averaging the pixels they hold; mode and nearest for labels.
/// </summary>
public sealed class PyramidWriterTests
{
    private static readonly Axis[] Tczyx = [Axis.OfTime(), Axis.OfChannel(), Axis.OfSpace("z", "micrometer"), Axis.OfSpace("y", "micrometer"), Axis.OfSpace("x", "micrometer")];

    public static TheoryData<int, int, int, int, bool> Layouts => new()
    {
        // height, width, chunk height, chunk width, sharded
        { 777, 1031, 128, 256, false },   // odd sizes, edge chunks
        { 300, 200, 75, 64, false },      // odd band height: rows carried between bands
        { 513, 257, 64, 64, true },       // shards of 4×4 chunks: bands one shard high
        { 40, 1000, 512, 512, false },    // one band for the whole image
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public async Task Mean_pyramid_matches_the_reference(int height, int width, int chunkHeight, int chunkWidth, bool sharded)
    {
        long[] shape = [1, 2, 3, height, width];
        var source = Random(shape, seed: height * 7 + width);
        var (store, arrays) = await WriteAsync(shape, source, [1, 1, 1, chunkHeight, chunkWidth], sharded, new PyramidOptions { SmallestLevelMaxSide = 64, Concurrency = 3 });

        var expected = source;
        var expectedShape = shape;
        for (var level = 0; level < arrays.Count; level++)
        {
            Assert.Equal(expectedShape, arrays[level].Shape.ToArray());
            var actual = await arrays[level].ReadAsync<ushort>(ArrayRegion.Full(arrays[level].Shape));
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"level {level} differs from the reference");
            (expected, expectedShape) = Reference(expected, expectedShape, [1, 1, 1, 2, 2], Downsampling.Mean);
        }

        Assert.True(Math.Max(arrays[^1].Shape[^1], arrays[^1].Shape[^2]) <= 64);
        Assert.True(Math.Max(arrays[^2].Shape[^1], arrays[^2].Shape[^2]) > 64);
        GC.KeepAlive(store);
    }

    [Theory]
    [InlineData(Downsampling.Mode)]
    [InlineData(Downsampling.Nearest)]
    public async Task Label_pyramids_keep_label_values(Downsampling method)
    {
        long[] shape = [1, 1, 1, 203, 150];
        var labels = new ushort[203 * 150];
        var random = new Random(5);
        for (var i = 0; i < labels.Length; i++)
        {
            // Blobs: runs of one label, so the mode is meaningful.
            labels[i] = (ushort)((i / 150 / 9 * 7 + i % 150 / 11) % 5 == 0 ? 0 : random.Next(1, 4) * 100);
        }

        var (_, arrays) = await WriteAsync(shape, labels, [1, 1, 1, 64, 64], false, new PyramidOptions { Method = method, LevelCount = 4 });
        Assert.Equal(4, arrays.Count);
        var expected = labels;
        var expectedShape = shape;
        foreach (var array in arrays)
        {
            var actual = await array.ReadAsync<ushort>(ArrayRegion.Full(array.Shape));
            Assert.True(expected.AsSpan().SequenceEqual(actual));
            Assert.All(actual, v => Assert.Contains(v, new ushort[] { 0, 100, 200, 300 }));
            (expected, expectedShape) = Reference(expected, expectedShape, [1, 1, 1, 2, 2], method);
        }
    }

    [Fact]
    public async Task Xyz_pyramid_halves_z_as_well()
    {
        long[] shape = [1, 1, 9, 130, 70];
        var source = Random(shape, seed: 3);
        var (_, arrays) = await WriteAsync(shape, source, [1, 1, 4, 32, 32], false, new PyramidOptions { DownsampleZ = true, SmallestLevelMaxSide = 20 });
        var expected = source;
        var expectedShape = shape;
        foreach (var array in arrays)
        {
            Assert.Equal(expectedShape, array.Shape.ToArray());
            var actual = await array.ReadAsync<ushort>(ArrayRegion.Full(array.Shape));
            Assert.True(expected.AsSpan().SequenceEqual(actual));
            (expected, expectedShape) = Reference(expected, expectedShape, [1, 1, 2, 2, 2], Downsampling.Mean);
        }

        Assert.Equal([1L, 1, 2, 17, 9], arrays[^1].Shape.ToArray());
    }

    [Fact]
    public void Datasets_scale_by_powers_of_two_and_centre_the_blocks()
    {
        var datasets = PyramidWriter.Datasets(Tczyx, [1, 1, 2, 0.5, 0.25], 3, new PyramidOptions());
        Assert.Equal([1, 1, 2, 2.0, 1.0], datasets[2].Scale!.ToArray());
        Assert.Equal([0, 0, 0, 0.75, 0.375], datasets[2].Translation!.ToArray());
        Assert.Null(datasets[0].Translation);
    }

    [Fact]
    public async Task Reader_failure_surfaces_unwrapped()
    {
        var store = new MemoryStore();
        var metadata = new ArrayMetadata([1, 1, 1, 100, 100], [1, 1, 1, 32, 32], DataType.UInt16);
        var failure = await Assert.ThrowsAsync<InvalidDataException>(async () => await PyramidWriter.WriteAsync(
            store, "", Tczyx, metadata, NgffVersion.V0_5, (_, _, _, _) => throw new InvalidDataException("tile 3 is truncated"), new PyramidOptions()));
        Assert.Equal("tile 3 is truncated", failure.Message);
    }

    private static async Task<(MemoryStore Store, IReadOnlyList<ZarrArray> Arrays)> WriteAsync(long[] shape, ushort[] source, int[] chunks, bool sharded, PyramidOptions options)
    {
        var store = new MemoryStore();
        var metadata = new ArrayMetadata(shape, chunks, DataType.UInt16) { Codecs = [new BytesCodec(), .. CodecShorthand.Parse("zstd:1")] };
        if (sharded)
        {
            int[] shards = [.. chunks.Select((c, d) => d >= 3 ? c * 4 : c)];
            metadata = metadata with { ChunkShape = [.. shards], Codecs = [new ShardingCodec(chunks, [new BytesCodec(), .. CodecShorthand.Parse("zstd:1")])] };
        }

        var arrays = await PyramidWriter.WriteAsync(store, "image", Tczyx, metadata, NgffVersion.V0_5, (start, height, width, destination) =>
        {
            var target = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(destination);
            for (var r = 0; r < height; r++)
            {
                var offset = Offset(shape, start, r);
                source.AsSpan((int)offset, width).CopyTo(target.Slice(r * width, width));
            }
        }, options);
        return (store, arrays);
    }

    private static long Offset(long[] shape, ReadOnlySpan<long> start, int row)
    {
        long offset = 0;
        for (var d = 0; d < shape.Length; d++)
        {
            offset = offset * shape[d] + start[d] + (d == shape.Length - 2 ? row : 0);
        }

        return offset;
    }

    private static ushort[] Random(long[] shape, int seed)
    {
        var random = new Random(seed);
        var values = new ushort[shape.Aggregate(1L, (a, b) => a * b)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (ushort)random.Next(0, 65536);
        }

        return values;
    }

    /// <summary>The reference step, written for clarity over speed: every output element gathers its block.</summary>
    private static (ushort[] Values, long[] Shape) Reference(ushort[] source, long[] shape, int[] factors, Downsampling method)
    {
        long[] outShape = [.. shape.Select((s, d) => (s + factors[d] - 1) / factors[d])];
        var output = new ushort[outShape.Aggregate(1L, (a, b) => a * b)];
        var index = new long[shape.Length];
        for (var o = 0; o < output.Length; o++)
        {
            var rest = (long)o;
            for (var d = shape.Length - 1; d >= 0; d--)
            {
                index[d] = rest % outShape[d];
                rest /= outShape[d];
            }

            var block = new List<ushort>();
            foreach (var offset in BlockOffsets(shape, index, factors))
            {
                block.Add(source[offset]);
            }

            output[o] = method switch
            {
                Downsampling.Mean => (ushort)Math.Round(block.Average(v => (double)v), MidpointRounding.AwayFromZero),
                Downsampling.Nearest => block[0],
                _ => block.GroupBy(v => v).OrderByDescending(g => g.Count()).ThenBy(g => block.IndexOf(g.Key)).First().Key,
            };
        }

        return (output, outShape);
    }

    private static IEnumerable<long> BlockOffsets(long[] shape, long[] outIndex, int[] factors)
    {
        // Reading order: the last dimension varies fastest.
        var combinations = factors.Aggregate(1, (a, b) => a * b);
        for (var k = 0; k < combinations; k++)
        {
            var rest = k;
            long offset = 0;
            var inside = true;
            for (var d = 0; d < shape.Length; d++)
            {
                var stride = factors.Skip(d + 1).Aggregate(1, (a, b) => a * b);
                var delta = rest / stride;
                rest %= stride;
                var s = outIndex[d] * factors[d] + delta;
                inside &= s < shape[d];
                offset = offset * shape[d] + s;
            }

            if (inside)
            {
                yield return offset;
            }
        }
    }
}
