using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Tessera.Imaging.Rendering;

/// <summary>
/// Renders regions, tiles and thumbnails of an <see cref="ImagePyramid"/> with <see cref="RenderingSettings"/>
/// into RGB, and computes channel histograms, the way OMERO.web's webgateway does (see
/// docs/decisions/0012-rendering.md). Compositing is managed code over pooled buffers.
/// </summary>
public static class ImageRenderer
{
    /// <summary>The largest width or height of a region rendered in one request.</summary>
    public const int MaxRegionSide = 4096;

    /// <summary>The largest tile width or height; larger requests are cut down to it, as OMERO.web does.</summary>
    public const int MaxTileSide = 1024;

    /// <summary>The largest thumbnail side.</summary>
    public const int MaxThumbnailSize = 1024;

    /// <summary>The most bins a histogram may have.</summary>
    public const int MaxHistogramBins = 65536;

    // A thumbnail renders a whole level; without a level this small the image lacks a usable pyramid.
    private const long MaxThumbnailSourcePixels = 8192L * 8192;

    // Histograms default to the sharpest level with at most this many pixels per plane, and read at most 4 times that.
    private const long HistogramPixels = 4096L * 4096;

    // Samples (floats) one render may hold for its shown channels: 1 GiB.
    private const long MaxRenderSamples = 1L << 28;

    /// <summary>
    /// Renders columns [<paramref name="x"/>, x + <paramref name="width"/>) and rows [<paramref name="y"/>, y +
    /// <paramref name="height"/>) of <paramref name="level"/> at plane <paramref name="z"/> (full-resolution index)
    /// and time <paramref name="t"/>. A rectangle reaching past the right or bottom edge is clipped.
    /// </summary>
    /// <exception cref="RenderingParameterException">
    /// The settings do not fit the image, or the level, plane, time point or rectangle is not in it, or the
    /// rectangle is wider or higher than <see cref="MaxRegionSide"/>.
    /// </exception>
    public static ValueTask<RenderedImage> RenderRegionAsync(ImagePyramid pyramid, RenderingSettings settings, int z, int t, int level, int x, int y, int width, int height, CancellationToken cancellationToken = default)
    {
        Check(pyramid, settings, z, t);
        pyramid.CheckLevel(level);
        if (width <= 0 || height <= 0 || width > MaxRegionSide || height > MaxRegionSide)
        {
            throw new RenderingParameterException("region", $"{width} × {height} pixels is not between 1 × 1 and {MaxRegionSide} × {MaxRegionSide}");
        }

        var (w, h) = Clip("region", pyramid, level, x, y, width, height, $"({x}, {y})");
        return RenderAsync(pyramid, settings, z, t, level, x, y, w, h, cancellationToken);
    }

    /// <summary>Renders OMERO.web's <c>region=x,y,w,h</c>: full-resolution pixels, at full resolution.</summary>
    /// <exception cref="RenderingParameterException">As <see cref="RenderRegionAsync(ImagePyramid, RenderingSettings, int, int, int, int, int, int, int, CancellationToken)"/>.</exception>
    public static ValueTask<RenderedImage> RenderRegionAsync(ImagePyramid pyramid, RenderingSettings settings, int z, int t, PixelRegion region, CancellationToken cancellationToken = default) =>
        RenderRegionAsync(pyramid, settings, z, t, 0, region.X, region.Y, region.Width, region.Height, cancellationToken);

    /// <summary>
    /// Renders OMERO.web's <c>tile=level,x,y[,w,h]</c>: level 0 is the full resolution (as in OME-NGFF and in
    /// OMERO.web's numbering); the tile covers columns from x × w and rows from y × h of that level. The size
    /// defaults to <see cref="ImagePyramid.TileWidth"/> × <see cref="ImagePyramid.TileHeight"/> and is cut down to
    /// <see cref="MaxTileSide"/>; edge tiles are clipped to the level.
    /// </summary>
    /// <exception cref="RenderingParameterException">
    /// Parameter "tile": the level does not exist or the tile lies wholly outside it; or the settings, plane or
    /// time point do not fit the image.
    /// </exception>
    public static ValueTask<RenderedImage> RenderTileAsync(ImagePyramid pyramid, RenderingSettings settings, int z, int t, TileAddress tile, CancellationToken cancellationToken = default)
    {
        Check(pyramid, settings, z, t);
        if (tile.Level < 0 || tile.Level >= pyramid.LevelCount)
        {
            throw new RenderingParameterException("tile", $"level {tile.Level} does not exist (the image has {pyramid.LevelCount}, 0 the full resolution)");
        }

        if (tile.X < 0 || tile.Y < 0)
        {
            throw new RenderingParameterException("tile", $"tile ({tile.X}, {tile.Y}) has a negative index");
        }

        var width = Math.Min(tile.Width is > 0 and var w ? w : pyramid.TileWidth, MaxTileSide);
        var height = Math.Min(tile.Height is > 0 and var h ? h : pyramid.TileHeight, MaxTileSide);
        var x = (long)tile.X * width;
        var y = (long)tile.Y * height;
        var level = pyramid.Levels[tile.Level];
        if (x >= level.SizeX || y >= level.SizeY)
        {
            throw new RenderingParameterException("tile", $"tile ({tile.X}, {tile.Y}) of {width} × {height} starts at ({x}, {y}), outside level {tile.Level}'s {level.SizeX} × {level.SizeY} pixels");
        }

        var (cw, ch) = Clip("tile", pyramid, tile.Level, (int)x, (int)y, width, height, $"({x}, {y})");
        return RenderAsync(pyramid, settings, z, t, tile.Level, (int)x, (int)y, cw, ch, cancellationToken);
    }

    /// <summary>
    /// Renders a thumbnail whose longer side is <paramref name="size"/> (aspect kept): the whole plane of the
    /// smallest level at least that large (<see cref="ImagePyramid.LevelForSize"/>), shrunk by area averaging.
    /// <paramref name="z"/> defaults to the <c>omero.rdefs</c> default z, else the middle plane;
    /// <paramref name="t"/> to the default t, else 0.
    /// </summary>
    /// <exception cref="RenderingParameterException">Parameter "size": not 1–<see cref="MaxThumbnailSize"/>; or the settings, plane or time point do not fit the image.</exception>
    /// <exception cref="ImageFormatException">The image has no level small enough to render whole (at most 8192 × 8192 pixels).</exception>
    public static async ValueTask<RenderedImage> RenderThumbnailAsync(ImagePyramid pyramid, RenderingSettings settings, int size, int? z = null, int? t = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pyramid);
        if (size is < 1 or > MaxThumbnailSize)
        {
            throw new RenderingParameterException("size", $"{size} is not between 1 and {MaxThumbnailSize}");
        }

        var defaults = pyramid.Omero?.RenderingDefaults;
        var theZ = z ?? (defaults?.DefaultZ is >= 0 and var dz && dz < pyramid.SizeZ ? dz : pyramid.SizeZ / 2);
        var theT = t ?? (defaults?.DefaultT is >= 0 and var dt && dt < pyramid.SizeT ? dt : 0);
        Check(pyramid, settings, theZ, theT);

        var longest = Math.Max(pyramid.SizeX, pyramid.SizeY);
        var width = Math.Max(1, (int)Math.Round((double)pyramid.SizeX * size / longest, MidpointRounding.AwayFromZero));
        var height = Math.Max(1, (int)Math.Round((double)pyramid.SizeY * size / longest, MidpointRounding.AwayFromZero));
        var index = pyramid.LevelForSize(width, height);
        var level = pyramid.Levels[index];
        if ((long)level.SizeX * level.SizeY > MaxThumbnailSourcePixels)
        {
            throw new ImageFormatException(pyramid.Name, $"has no level of at most 8192 × 8192 pixels to make a thumbnail from (the smallest is {level.SizeX} × {level.SizeY})");
        }

        var whole = await RenderAsync(pyramid, settings, theZ, theT, index, 0, 0, level.SizeX, level.SizeY, cancellationToken).ConfigureAwait(false);
        return whole.Width == width && whole.Height == height
            ? whole
            : new RenderedImage(width, height, AreaResampler.Resize(whole.Pixels, whole.Width, whole.Height, width, height), index);
    }

    /// <summary>
    /// Counts the samples of channel <paramref name="c"/> (0-based) at plane <paramref name="z"/> and time
    /// <paramref name="t"/> in <paramref name="bins"/> equal bins. The range is the data type's for 8- and 16-bit
    /// integers ([min, max + 1), so each bin holds the same number of values) and the plane's own minimum to maximum
    /// for 32-bit integers and floating point. <paramref name="level"/> defaults to the sharpest level with at most
    /// 4096 × 4096 pixels per plane.
    /// </summary>
    /// <exception cref="RenderingParameterException">Parameter "bins": not 1–<see cref="MaxHistogramBins"/>; or the level, channel, plane or time point is not in the image.</exception>
    public static async ValueTask<ChannelHistogram> HistogramAsync(ImagePyramid pyramid, int c, int z, int t, int bins, int? level = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pyramid);
        if (bins is < 1 or > MaxHistogramBins)
        {
            throw new RenderingParameterException("bins", $"{bins} is not between 1 and {MaxHistogramBins}");
        }

        var index = level ?? DefaultHistogramLevel(pyramid);
        pyramid.CheckPlane(index, c, z, t);
        var l = pyramid.Levels[index];
        if ((long)l.SizeX * l.SizeY > 4 * HistogramPixels)
        {
            throw new RenderingParameterException("level", $"level {index} has {l.SizeX} × {l.SizeY} pixels per plane; a histogram reads at most 8192 × 8192 (choose a smaller level)");
        }

        var count = l.SizeX * l.SizeY;
        var samples = ArrayPool<float>.Shared.Rent(count);
        try
        {
            await pyramid.ReadChannelsAsync(index, c, 1, pyramid.LevelZ(index, z), t, 0, 0, l.SizeX, l.SizeY, samples, cancellationToken).ConfigureAwait(false);
            var plane = samples.AsSpan(0, count);
            var (min, max) = pyramid.DataType.Name switch
            {
                "uint8" => (byte.MinValue, byte.MaxValue + 1.0),
                "int8" => (sbyte.MinValue, sbyte.MaxValue + 1.0),
                "uint16" => (ushort.MinValue, ushort.MaxValue + 1.0),
                "int16" => (short.MinValue, short.MaxValue + 1.0),
                _ => DataRange(plane),
            };
            return new ChannelHistogram(min, max, Count(plane, min, max, bins), index);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(samples);
        }
    }

    private static int DefaultHistogramLevel(ImagePyramid pyramid)
    {
        for (var i = 0; i < pyramid.LevelCount; i++)
        {
            if ((long)pyramid.Levels[i].SizeX * pyramid.Levels[i].SizeY <= HistogramPixels)
            {
                return i;
            }
        }

        return pyramid.LevelCount - 1;
    }

    private static (double Min, double Max) DataRange(ReadOnlySpan<float> plane)
    {
        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        foreach (var value in plane)
        {
            if (float.IsFinite(value))
            {
                min = Math.Min(min, value);
                max = Math.Max(max, value);
            }
        }

        return min <= max ? (min, max) : (0, 0);
    }

    private static long[] Count(ReadOnlySpan<float> plane, double min, double max, int bins)
    {
        var counts = new long[bins];
        var perBin = bins / (max - min);
        foreach (var value in plane)
        {
            if (!float.IsFinite(value) || value < min || value > max)
            {
                continue;
            }

            // A plane of one value has max == min: everything falls in the first bin.
            var bin = max > min ? (int)Math.Min(bins - 1, Math.Floor((value - min) * perBin)) : 0;
            counts[bin]++;
        }

        return counts;
    }

    private static void Check(ImagePyramid pyramid, RenderingSettings settings, int z, int t)
    {
        ArgumentNullException.ThrowIfNull(pyramid);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Channels.Count != pyramid.SizeC)
        {
            throw new RenderingParameterException("settings", $"have {settings.Channels.Count} channels; the image has {pyramid.SizeC}");
        }

        pyramid.CheckPlane(0, 0, z, t);
        if (settings.Projection != ProjectionMode.Normal)
        {
            var (start, end) = (settings.ProjectionStart ?? 0, settings.ProjectionEnd ?? pyramid.SizeZ - 1);
            if (start < 0 || end >= pyramid.SizeZ || start > end)
            {
                throw new RenderingParameterException("p", $"z range {start}:{end} is not within the image's {pyramid.SizeZ} planes (0:{pyramid.SizeZ - 1})");
            }
        }
    }

    /// <summary>Clips a rectangle starting inside the level to the level's right and bottom edges.</summary>
    private static (int Width, int Height) Clip(string parameter, ImagePyramid pyramid, int level, int x, int y, int width, int height, string origin)
    {
        var l = pyramid.Levels[level];
        if (x < 0 || y < 0 || x >= l.SizeX || y >= l.SizeY)
        {
            throw new RenderingParameterException(parameter, $"{origin} is outside level {level}'s {l.SizeX} × {l.SizeY} pixels");
        }

        return ((int)Math.Min(width, l.SizeX - (long)x), (int)Math.Min(height, l.SizeY - (long)y));
    }

    private static async ValueTask<RenderedImage> RenderAsync(ImagePyramid pyramid, RenderingSettings settings, int z, int t, int level, int x, int y, int width, int height, CancellationToken cancellationToken)
    {
        var channels = ShownChannels(settings);
        var pixelCount = width * height;
        if ((long)channels.Length * pixelCount > MaxRenderSamples)
        {
            throw new RenderingParameterException("region", $"{channels.Length} channels of {width} × {height} pixels are more than one render holds ({MaxRenderSamples} samples); show fewer channels or ask for less");
        }

        var rgb = new byte[(long)pixelCount * 3];
        if (channels.Length == 0)
        {
            return new RenderedImage(width, height, rgb, level);
        }

        var mappings = new ChannelMapping[channels.Length];
        for (var k = 0; k < channels.Length; k++)
        {
            var channel = settings.Channels[channels[k]];
            mappings[k] = ChannelMapping.Of(channel, settings.Model == RenderingModel.Greyscale ? RgbColor.White : channel.Color);
        }

        var planes = ArrayPool<float>.Shared.Rent(channels.Length * pixelCount);
        var scratch = ArrayPool<float>.Shared.Rent(3 * pixelCount);
        try
        {
            await ReadPlanesAsync(pyramid, settings, channels, level, z, t, x, y, width, height, planes.AsMemory(0, channels.Length * pixelCount), cancellationToken).ConfigureAwait(false);
            Compositor.Composite(planes.AsSpan(0, channels.Length * pixelCount), mappings, pixelCount, scratch, rgb);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scratch);
            ArrayPool<float>.Shared.Return(planes);
        }

        return new RenderedImage(width, height, rgb, level);
    }

    /// <summary>The channels drawn: every active one in colour, the first active one in greyscale.</summary>
    private static int[] ShownChannels(RenderingSettings settings)
    {
        var shown = new List<int>();
        for (var c = 0; c < settings.Channels.Count; c++)
        {
            if (settings.Channels[c].Active)
            {
                shown.Add(c);
                if (settings.Model == RenderingModel.Greyscale)
                {
                    break;
                }
            }
        }

        return [.. shown];
    }

    /// <summary>Reads the shown channels' planes (projected over z when asked), one after another.</summary>
    private static async ValueTask ReadPlanesAsync(ImagePyramid pyramid, RenderingSettings settings, int[] channels, int level, int z, int t, int x, int y, int width, int height, Memory<float> destination, CancellationToken cancellationToken)
    {
        if (settings.Projection == ProjectionMode.Normal)
        {
            await ReadRunsAsync(pyramid, channels, level, pyramid.LevelZ(level, z), t, x, y, width, height, destination, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Projection ignores z and combines the planes of the range as stored at this level.
        var first = pyramid.LevelZ(level, settings.ProjectionStart ?? 0);
        var last = pyramid.LevelZ(level, settings.ProjectionEnd ?? pyramid.SizeZ - 1);
        await ReadRunsAsync(pyramid, channels, level, first, t, x, y, width, height, destination, cancellationToken).ConfigureAwait(false);
        if (last == first)
        {
            return;
        }

        var plane = ArrayPool<float>.Shared.Rent(destination.Length);
        try
        {
            var next = plane.AsMemory(0, destination.Length);
            for (var lz = first + 1; lz <= last; lz++)
            {
                await ReadRunsAsync(pyramid, channels, level, lz, t, x, y, width, height, next, cancellationToken).ConfigureAwait(false);
                Combine(destination.Span, next.Span, settings.Projection == ProjectionMode.IntMax);
            }

            if (settings.Projection == ProjectionMode.IntMean)
            {
                Divide(destination.Span, last - first + 1);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(plane);
        }
    }

    /// <summary>Reads each run of consecutive channels in one request: channels sharing chunks decode them once.</summary>
    private static async ValueTask ReadRunsAsync(ImagePyramid pyramid, int[] channels, int level, int levelZ, int t, int x, int y, int width, int height, Memory<float> destination, CancellationToken cancellationToken)
    {
        var pixelCount = width * height;
        // A run's raw bytes (up to 8 per sample) must fit one pooled array.
        var longestRun = (int)Math.Max(1, (1L << 27) / pixelCount);
        for (var k = 0; k < channels.Length;)
        {
            var run = 1;
            while (k + run < channels.Length && run < longestRun && channels[k + run] == channels[k] + run)
            {
                run++;
            }

            await pyramid.ReadChannelsAsync(level, channels[k], run, levelZ, t, x, y, width, height, destination.Slice(k * pixelCount, run * pixelCount), cancellationToken).ConfigureAwait(false);
            k += run;
        }
    }

    private static void Combine(Span<float> accumulated, ReadOnlySpan<float> plane, bool maximum)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var a = MemoryMarshal.Cast<float, Vector<float>>(accumulated);
            var p = MemoryMarshal.Cast<float, Vector<float>>(plane);
            for (var v = 0; v < a.Length; v++)
            {
                a[v] = maximum ? Vector.Max(a[v], p[v]) : a[v] + p[v];
            }

            i = a.Length * Vector<float>.Count;
        }

        for (; i < accumulated.Length; i++)
        {
            accumulated[i] = maximum ? Math.Max(accumulated[i], plane[i]) : accumulated[i] + plane[i];
        }
    }

    private static void Divide(Span<float> values, int count)
    {
        foreach (ref var value in values)
        {
            value /= count;
        }
    }
}
