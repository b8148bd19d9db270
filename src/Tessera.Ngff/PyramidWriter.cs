using System.Buffers;
using System.Collections.Immutable;
using Tessera.Zarr;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Ngff;

/// <summary>
/// Writes a multiscale image's level arrays ("0", "1", …) from a reader of the full-resolution pixels, streaming:
/// rows are read one write block (chunk or shard) high at a time, written, and halved straight into the next level's
/// band, so memory holds about two bands per level instead of the image. With <see cref="PyramidOptions.DownsampleZ"/>
/// the lower levels are built from the level above, block by block.
/// </summary>
public static class PyramidWriter
{
    /// <summary>The shapes of every level: each halves y and x (and z on request), rounding up, until the largest y/x side is small enough.</summary>
    public static IReadOnlyList<ImmutableArray<long>> LevelShapes(IReadOnlyList<long> shape, IReadOnlyList<Axis> axes, PyramidOptions options)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(options);
        var factors = Factors(axes, options);
        if (shape.Count != axes.Count)
        {
            throw new ArgumentException($"the shape has {shape.Count} dimensions but the image has {axes.Count} axes", nameof(shape));
        }

        if (options.SmallestLevelMaxSide < 1 || options.LevelCount is < 1)
        {
            throw new ArgumentException("the smallest level's side and the level count must be at least 1", nameof(options));
        }

        var shapes = new List<ImmutableArray<long>> { ImmutableArray.CreateRange(shape) };
        while (options.LevelCount is { } count ? shapes.Count < count : Math.Max(shapes[^1][^1], shapes[^1][^2]) > options.SmallestLevelMaxSide)
        {
            var last = shapes[^1];
            if (last[^1] == 1 && last[^2] == 1)
            {
                break;
            }

            shapes.Add([.. last.Select((s, d) => factors[d] == 2 ? (s + 1) / 2 : s)]);
        }

        return shapes;
    }

    /// <summary>
    /// The datasets of a multiscale of <paramref name="levelCount"/> levels: level n scales the full-resolution
    /// <paramref name="scale"/> by its factor (2^n along halved axes) and translates by half a level-0 pixel per
    /// extra pixel it covers, so each level's pixel centres lie over the centres of the blocks they average.
    /// </summary>
    public static ValueList<MultiscaleDataset> Datasets(IReadOnlyList<Axis> axes, IReadOnlyList<double> scale, int levelCount, PyramidOptions options, IReadOnlyList<double>? translation = null)
    {
        ArgumentNullException.ThrowIfNull(axes);
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(options);
        var factors = Factors(axes, options);
        var datasets = new List<MultiscaleDataset>();
        for (var level = 0; level < levelCount; level++)
        {
            var factor = factors.Select(f => Math.Pow(f, level)).ToArray();
            var levelScale = scale.Select((s, d) => s * factor[d]).ToArray();
            var levelTranslation = scale.Select((s, d) => (translation?[d] ?? 0) + s * (factor[d] - 1) / 2).ToArray();
            datasets.Add(MultiscaleDataset.Create(level.ToString(System.Globalization.CultureInfo.InvariantCulture), levelScale, levelTranslation.Any(t => t != 0) ? levelTranslation : null));
        }

        return new ValueList<MultiscaleDataset>(datasets);
    }

    /// <summary>The array metadata of a level: level 0's, with the level's shape and shards no larger than the level needs.</summary>
    public static ArrayMetadata LevelMetadata(ArrayMetadata level0, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(level0);
        ArgumentNullException.ThrowIfNull(shape);
        if (level0.Sharding is not { } sharding)
        {
            return level0 with { Shape = [.. shape] };
        }

        var inner = sharding.ChunkShape;
        int[] shards = [.. level0.ChunkShape.Select((c, d) => (int)Math.Min(c, (shape[d] + inner[d] - 1) / inner[d] * inner[d]))];
        return level0 with { Shape = [.. shape], ChunkShape = [.. shards] };
    }

    /// <summary>
    /// Creates the level arrays under <paramref name="imagePath"/> and fills them. Group metadata is not written:
    /// the caller writes the multiscales last, so an interrupted run never looks like a complete image.
    /// </summary>
    /// <returns>The level arrays, full resolution first.</returns>
    public static async ValueTask<IReadOnlyList<ZarrArray>> WriteAsync(
        IWritableStore store, string imagePath, IReadOnlyList<Axis> axes, ArrayMetadata level0, NgffVersion version,
        PyramidRegionReader read, PyramidOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(level0);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(options);
        if (axes.Count < 2 || axes[^1].Type is not (Axis.Space or null) || axes[^2].Type is not (Axis.Space or null))
        {
            throw new ArgumentException("the last two axes must be the spatial y and x", nameof(axes));
        }

        var shapes = LevelShapes(level0.Shape, axes, options);
        var arrays = new List<ZarrArray>();
        for (var level = 0; level < shapes.Count; level++)
        {
            // Encoding is CPU work: as many chunks (or whole shards) at once as there are threads, not as many as the
            // store could take, which would hold that many decoded shards in memory.
            var metadata = NgffWriter.LevelMetadata(LevelMetadata(level0, shapes[level]), axes, version);
            var path = StoreKey.Join(imagePath, level.ToString(System.Globalization.CultureInfo.InvariantCulture));
            arrays.Add(await ZarrArray.CreateAsync(store, path, metadata, new ZarrArrayOptions { MaxConcurrency = Math.Max(1, options.Concurrency) }, false, cancellationToken).ConfigureAwait(false));
        }

        var factors = Factors(axes, options);
        var cascade = options.DownsampleZ ? arrays.Take(1).ToList() : arrays;
        await new PyramidCascade(cascade, read, options).RunAsync(cancellationToken).ConfigureAwait(false);
        for (var level = 1; level < arrays.Count && options.DownsampleZ; level++)
        {
            await DownsampleLevelAsync(arrays[level - 1], arrays[level], factors, options, cancellationToken).ConfigureAwait(false);
        }

        return arrays;
    }

    /// <summary>
    /// Fills <paramref name="target"/> from the level above it, one target write block at a time (each read as the
    /// twice-as-large source block), with factor 2 where the shapes say so.
    /// </summary>
    public static async ValueTask DownsampleLevelAsync(ZarrArray source, ZarrArray target, IReadOnlyList<int> factors, PyramidOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(factors);
        ArgumentNullException.ThrowIfNull(options);
        var rank = target.Rank;
        var grid = target.Metadata.ChunkGridShape;
        var blocks = grid.Aggregate(1L, (a, b) => a * b);
        var size = target.DataType.Size;
        await Parallel.ForEachAsync(
            LongRange(blocks),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Concurrency), CancellationToken = cancellationToken },
            async (block, token) =>
            {
                var start = new long[rank];
                var shape = new long[rank];
                var sourceStart = new long[rank];
                var sourceShape = new long[rank];
                var rest = block;
                for (var d = rank - 1; d >= 0; d--)
                {
                    var index = rest % grid[d];
                    rest /= grid[d];
                    start[d] = index * target.Metadata.ChunkShape[d];
                    shape[d] = Math.Min(target.Metadata.ChunkShape[d], target.Shape[d] - start[d]);
                    sourceStart[d] = start[d] * factors[d];
                    sourceShape[d] = Math.Min(shape[d] * factors[d], source.Shape[d] - sourceStart[d]);
                }

                var sourceRegion = new ArrayRegion(sourceStart, sourceShape);
                var targetRegion = new ArrayRegion(start, shape);
                var input = ArrayPool<byte>.Shared.Rent(checked((int)(sourceRegion.ElementCount * size)));
                var output = ArrayPool<byte>.Shared.Rent(checked((int)(targetRegion.ElementCount * size)));
                try
                {
                    var inputMemory = input.AsMemory(0, (int)(sourceRegion.ElementCount * size));
                    await source.ReadBytesAsync(sourceRegion, inputMemory, token).ConfigureAwait(false);
                    int[] blockShape = [.. sourceShape.Select(s => (int)s)];
                    int[] blockFactors = [.. factors];
                    DownsampleKernel.Block(target.DataType, options.Method, inputMemory.Span, blockShape, blockFactors, output.AsSpan(0, (int)(targetRegion.ElementCount * size)));
                    await target.WriteBytesAsync(targetRegion, output.AsMemory(0, (int)(targetRegion.ElementCount * size)), token).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(input);
                    ArrayPool<byte>.Shared.Return(output);
                }
            }).ConfigureAwait(false);
    }

    private static IEnumerable<long> LongRange(long count)
    {
        for (long i = 0; i < count; i++)
        {
            yield return i;
        }
    }

    /// <summary>2 for the dimensions a level halves (y, x, and z on request), 1 elsewhere.</summary>
    internal static int[] Factors(IReadOnlyList<Axis> axes, PyramidOptions options) =>
        [.. axes.Select((axis, d) => d >= axes.Count - 2 || (options.DownsampleZ && d == axes.Count - 3 && axis.Type is Axis.Space) ? 2 : 1)];
}
