using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Tessera.Ngff;
using Tessera.Zarr;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Imaging.Conversion;

/// <summary>
/// Writes one image (and its masks as labels) as an OME-NGFF multiscale image with axes t, c, z, y, x: level arrays
/// first, streamed through <see cref="PyramidWriter"/>, then the group metadata with omero windows from the data's
/// percentiles — so a half-written image has no multiscales and never validates as complete.
/// </summary>
public sealed class ImageConverter
{
    private static readonly string[] DefaultColors = ["FF0000", "00FF00", "0000FF", "FF00FF", "00FFFF", "FFFF00", "FFFFFF"];
    private static readonly string[] AxisNames = ["t", "c", "z", "y", "x"];
    private readonly ConversionOptions _options;
    private readonly long _pixelsTotal;
    private long _pixelsDone;
    private long _bytesDone;

    /// <summary>Creates a converter for a job reading <paramref name="pixelsTotal"/> full-resolution pixels in all.</summary>
    public ImageConverter(ConversionOptions options, long pixelsTotal)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _pixelsTotal = pixelsTotal;
    }

    /// <summary>The pixels a source contributes to a job's total (its full-resolution size).</summary>
    public static long PixelCount(PixelSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return (long)source.SizeT * source.SizeC * source.SizeZ * source.SizeY * source.SizeX;
    }

    /// <summary>
    /// Converts <paramref name="source"/> into the image group at <paramref name="path"/> of <paramref name="store"/>,
    /// with <paramref name="labels"/> under <c>labels/</c>.
    /// </summary>
    /// <returns>The metadata written.</returns>
    /// <exception cref="ImageFormatException">A file cannot be decoded, or a mask does not fit the image.</exception>
    public async ValueTask<NgffMetadata> ConvertAsync(IWritableStore store, string path, PixelSource source, SourceMetadata metadata, IReadOnlyList<LabelSource>? labels = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(metadata);
        labels ??= [];
        foreach (var label in labels)
        {
            CheckLabel(source, label);
        }

        var axes = Axes(metadata);
        long[] shape = [source.SizeT, source.SizeC, source.SizeZ, source.SizeY, source.SizeX];
        var histograms = Enumerable.Range(0, source.SizeC).Select(_ => new IntensityHistogram(source.DataType)).ToArray();
        try
        {
            var pyramid = PyramidOptions(source, Downsampling.Mean, levelCount: null, (start, height, width, pixels) => histograms[start[1]].Add(pixels), path);
            var arrays = await PyramidWriter.WriteAsync(store, path, axes, Level0(shape, source.DataType), _options.Version, Reader(source), pyramid, cancellationToken).ConfigureAwait(false);
            var labelNames = new List<string>();
            foreach (var label in labels)
            {
                await ConvertLabelAsync(store, path, label, axes, metadata, arrays.Count, cancellationToken).ConfigureAwait(false);
                labelNames.Add(label.Name);
            }

            if (labelNames.Count > 0)
            {
                await NgffWriter.WriteGroupAsync(store, StoreKey.Join(path, "labels"), new NgffMetadata { Labels = [.. labelNames] }, _options.Version, false, null, cancellationToken).ConfigureAwait(false);
            }

            var image = new NgffMetadata
            {
                Multiscales = [Multiscale(axes, metadata, arrays.Count, Downsampling.Mean) with { Name = metadata.Name }],
                Omero = Omero(source, metadata, histograms),
            };
            await NgffWriter.WriteGroupAsync(store, path, image, _options.Version, false, null, cancellationToken).ConfigureAwait(false);
            return image;
        }
        finally
        {
            foreach (var histogram in histograms)
            {
                histogram.Dispose();
            }
        }
    }

    /// <summary>The level-0 array metadata for a shape and type under the options' chunks, shards and compressors.</summary>
    public ArrayMetadata Level0(IReadOnlyList<long> shape, DataType type)
    {
        ArgumentNullException.ThrowIfNull(shape);
        int[] chunks = [.. AxisNames.Select((name, d) => (int)Math.Min(_options.Chunks.TryGetValue(name, out var c) ? c : d >= 3 ? 1024 : 1, Math.Max(1, shape[d])))];
        IReadOnlyList<int> shards = _options.Shards.Count == 0 ? [] : [.. AxisNames.Select((name, d) => _options.Shards.TryGetValue(name, out var s) ? s : chunks[d])];
        for (var d = 0; d < shards.Count; d++)
        {
            if (shards[d] % chunks[d] != 0)
            {
                throw new ArgumentException($"the shard extent {shards[d]} along {AxisNames[d]} is not a multiple of the chunk extent {chunks[d]}");
            }
        }

        var copy = new ZarrCopyOptions { ZarrFormat = NgffWriter.FormatOf(_options.Version), ChunkShape = chunks, ShardShape = shards, Compressors = _options.Compressors };
        var metadata = ZarrCopy.TargetMetadata(new ArrayMetadata(shape, chunks, type) { Codecs = [new BytesCodec()] }, copy);
        return PyramidWriter.LevelMetadata(metadata, shape);
    }

    private static void CheckLabel(PixelSource image, LabelSource label)
    {
        var mask = label.Pixels;
        string? problem = null;
        if (mask.DataType.Kind is not (DataTypeKind.UnsignedInteger or DataTypeKind.SignedInteger or DataTypeKind.Bool))
        {
            problem = $"a mask must hold integer labels, not {mask.DataType}";
        }
        else if (mask.SizeC != 1)
        {
            problem = $"a mask must have one channel, this one has {mask.SizeC}";
        }
        else if (mask.SizeY != image.SizeY || mask.SizeX != image.SizeX)
        {
            problem = $"the mask is {mask.SizeX} × {mask.SizeY} pixels but the image is {image.SizeX} × {image.SizeY}";
        }
        else if ((mask.SizeZ != image.SizeZ && mask.SizeZ != 1) || (mask.SizeT != image.SizeT && mask.SizeT != 1))
        {
            problem = $"the mask has {mask.SizeZ} z and {mask.SizeT} t planes but the image has {image.SizeZ} and {image.SizeT}";
        }

        if (problem is not null)
        {
            throw new ImageFormatException(mask.Name, $"label '{label.Name}': {problem}");
        }
    }

    private async ValueTask ConvertLabelAsync(IWritableStore store, string imagePath, LabelSource label, IReadOnlyList<Axis> axes, SourceMetadata metadata, int levels, CancellationToken cancellationToken)
    {
        var mask = label.Pixels;
        var path = StoreKey.Join(StoreKey.Join(imagePath, "labels"), label.Name);
        long[] shape = [mask.SizeT, 1, mask.SizeZ, mask.SizeY, mask.SizeX];
        var values = new LabelValues();
        var pyramid = PyramidOptions(mask, _options.LabelDownsampling, levels, (_, _, _, pixels) => values.Add(mask.DataType, pixels), path);
        var arrays = await PyramidWriter.WriteAsync(store, path, axes, Level0(shape, mask.DataType), _options.Version, Reader(mask), pyramid, cancellationToken).ConfigureAwait(false);
        var imageLabel = new ImageLabel
        {
            SourceImage = "../../",
            Colors = [.. values.NonZero().Select(v => new LabelColor(v, LabelRgba(v)))],
            Properties = label.Properties.Count == 0 ? null : [.. label.Properties.OrderBy(p => p.Key).Select(p => new LabelProperty(p.Key, PropertyValues(p.Value)))],
        };
        var group = new NgffMetadata
        {
            Multiscales = [Multiscale(axes, metadata, arrays.Count, _options.LabelDownsampling) with { Name = label.Name }],
            ImageLabel = imageLabel,
        };
        await NgffWriter.WriteGroupAsync(store, path, group, _options.Version, false, null, cancellationToken).ConfigureAwait(false);
    }

    private PyramidOptions PyramidOptions(PixelSource source, Downsampling method, int? levelCount, PyramidRegionObserver observer, string imagePath)
    {
        var bytesPerPixel = source.DataType.Size;
        return new PyramidOptions
        {
            Method = method,
            SmallestLevelMaxSide = _options.SmallestLevelMaxSide,
            LevelCount = levelCount ?? _options.LevelCount,
            DownsampleZ = _options.DownsampleZ,
            SourceBlock = source.StorageBlock,
            Concurrency = _options.Concurrency,
            Observer = observer,
            Progress = new PixelCounter(this, imagePath.Length == 0 ? "/" : imagePath, bytesPerPixel),
        };
    }

    private static PyramidRegionReader Reader(PixelSource source) =>
        (start, height, width, destination) => source.ReadRegion((int)start[0], (int)start[1], (int)start[2], start[3], start[4], height, width, destination);

    private static ValueList<Axis> Axes(SourceMetadata metadata) =>
    [
        Axis.OfTime("t", metadata.TimeUnit),
        Axis.OfChannel("c"),
        Axis.OfSpace("z", metadata.SpaceUnit),
        Axis.OfSpace("y", metadata.SpaceUnit),
        Axis.OfSpace("x", metadata.SpaceUnit),
    ];

    private Multiscale Multiscale(IReadOnlyList<Axis> axes, SourceMetadata metadata, int levels, Downsampling method)
    {
        double[] scale = [metadata.TimeIncrement ?? 1, 1, metadata.PhysicalSizeZ ?? 1, metadata.PhysicalSizeY ?? 1, metadata.PhysicalSizeX ?? 1];
        var pyramid = new PyramidOptions { DownsampleZ = _options.DownsampleZ };
        var description = method switch
        {
            Downsampling.Mean => "mean of each 2×2 block of the previous level in y and x, rounded half away from zero; edge blocks average the pixels they hold",
            Downsampling.Mode => "most frequent value of each 2×2 block of the previous level in y and x; ties to the first in reading order",
            _ => "first (top-left) pixel of each 2×2 block of the previous level in y and x",
        };
        if (_options.DownsampleZ)
        {
            description = description.Replace("2×2 block", "2×2×2 block", StringComparison.Ordinal).Replace("in y and x", "in z, y and x", StringComparison.Ordinal);
        }

        return new Multiscale([.. axes], PyramidWriter.Datasets(axes, scale, levels, pyramid))
        {
            Type = method.ToString().ToLowerInvariant(),
            Metadata = new JsonFields(new JsonObject { ["method"] = "tessera convert", ["description"] = description }),
        };
    }

    private OmeroMetadata Omero(PixelSource source, SourceMetadata metadata, IntensityHistogram[] histograms)
    {
        var channels = new List<OmeroChannel>();
        for (var c = 0; c < source.SizeC; c++)
        {
            var (min, max, start, end) = histograms[c].Summarize(_options.WindowPercentiles.Low, _options.WindowPercentiles.High);
            if (end <= start)
            {
                // A flat channel still needs a window a viewer can divide by.
                end = start + 1;
            }

            var color = c < metadata.ChannelColors.Count && metadata.ChannelColors[c] is { } given ? given
                : source.SizeC == 1 ? "FFFFFF" : DefaultColors[c % DefaultColors.Length];
            channels.Add(new OmeroChannel(color, new OmeroWindow(min, Math.Max(max, end), start, end))
            {
                Label = c < metadata.ChannelNames.Count && metadata.ChannelNames[c] is { } name ? name : $"Channel {c}",
                Active = true,
                Inverted = false,
                Coefficient = 1,
                Family = "linear",
            });
        }

        return new OmeroMetadata([.. channels])
        {
            RenderingDefaults = new OmeroRenderingDefaults(DefaultZ: source.SizeZ / 2, DefaultT: 0, Model: source.SizeC == 1 ? "greyscale" : "color"),
        };
    }

    /// <summary>A distinct, stable colour per label value (golden-ratio hues), opaque.</summary>
    private static ValueList<int> LabelRgba(long value)
    {
        var hue = value * 0.618033988749895 % 1.0;
        var (r, g, b) = HsvToRgb(hue, 0.65, 0.95);
        return [r, g, b, 255];
    }

    private static (int R, int G, int B) HsvToRgb(double h, double s, double v)
    {
        var i = (int)(h * 6) % 6;
        var f = h * 6 - Math.Floor(h * 6);
        var p = v * (1 - s);
        var q = v * (1 - f * s);
        var t = v * (1 - (1 - f) * s);
        var (r, g, b) = i switch { 0 => (v, t, p), 1 => (q, v, p), 2 => (p, v, t), 3 => (p, q, v), 4 => (t, p, v), _ => (v, p, q) };
        return ((int)Math.Round(r * 255), (int)Math.Round(g * 255), (int)Math.Round(b * 255));
    }

    private static JsonFields PropertyValues(IReadOnlyDictionary<string, string> values)
    {
        var json = new JsonObject();
        foreach (var (key, text) in values)
        {
            json[key] = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                ? (number == Math.Floor(number) && Math.Abs(number) < 1e15 ? JsonValue.Create((long)number) : JsonValue.Create(number))
                : JsonValue.Create(text);
        }

        return new JsonFields(json);
    }

    private void Advance(string image, long pixels, int bytesPerPixel)
    {
        var done = Interlocked.Add(ref _pixelsDone, pixels);
        var bytes = Interlocked.Add(ref _bytesDone, pixels * bytesPerPixel);
        _options.Progress?.Report(new ConversionProgress(image, done, Math.Max(_pixelsTotal, done), bytes));
    }

    /// <summary>Turns one pyramid's progress into the job's running total.</summary>
    private sealed class PixelCounter(ImageConverter converter, string image, int bytesPerPixel) : IProgress<PyramidProgress>
    {
        private long _last;

        public void Report(PyramidProgress value)
        {
            converter.Advance(image, value.PixelsDone - _last, bytesPerPixel);
            _last = value.PixelsDone;
        }
    }

    /// <summary>The distinct label values seen (up to a bound: colours for millions of labels help nobody).</summary>
    private sealed class LabelValues
    {
        private const int Limit = 65536;
        private readonly HashSet<long> _values = [];
        private readonly Lock _lock = new();

        public void Add(DataType type, ReadOnlySpan<byte> pixels)
        {
            var local = new HashSet<long>();
            switch (type.Size)
            {
                case 1: foreach (var v in pixels) { local.Add(type.Kind == DataTypeKind.SignedInteger ? (sbyte)v : v); } break;
                case 2: foreach (var v in MemoryMarshal.Cast<byte, ushort>(pixels)) { local.Add(type.Kind == DataTypeKind.SignedInteger ? (short)v : v); } break;
                case 4: foreach (var v in MemoryMarshal.Cast<byte, uint>(pixels)) { local.Add(type.Kind == DataTypeKind.SignedInteger ? (int)v : v); } break;
                default: foreach (var v in MemoryMarshal.Cast<byte, long>(pixels)) { local.Add(v); } break;
            }

            lock (_lock)
            {
                foreach (var v in local)
                {
                    if (_values.Count < Limit)
                    {
                        _values.Add(v);
                    }
                }
            }
        }

        public IEnumerable<long> NonZero() => _values.Where(v => v != 0).Order();
    }
}
