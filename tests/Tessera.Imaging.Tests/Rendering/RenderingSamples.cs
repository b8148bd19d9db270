using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Tessera.Imaging.Png;
using Tessera.Imaging.Rendering;
using Tessera.Ngff;
using Tessera.Zarr;
using Tessera.Zarr.Buffers;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Imaging.Tests.Rendering;

/// <summary>The value of a sample at (level, t, c, z, y, x), all 0-based.</summary>
internal delegate double SampleValue(int level, int t, int c, int z, int y, int x);

/// <summary>Synthetic OME-Zarr images with known samples, written through Tessera.Ngff as a real folder.</summary>
internal static class RenderingSamples
{
    /// <summary>
    /// Writes an image with <paramref name="axes"/> (a subset of "tczyx" in that order) and opens it. Each level
    /// halves x and y (rounding up) and keeps z unless <paramref name="downsampleZ"/>; samples come from
    /// <paramref name="value"/>, which sees the level too, so a test can tell which level was read.
    /// </summary>
    public static async Task<ImagePyramid> WriteAsync(
        string directory, string axes, int sizeX, int sizeY, SampleValue value, int sizeZ = 1, int sizeC = 1, int sizeT = 1,
        int levels = 1, DataType? type = null, NgffVersion version = NgffVersion.V0_4, OmeroMetadata? omero = null, int chunk = 32,
        bool downsampleZ = false)
    {
        type ??= DataType.UInt16;
        var store = new FileSystemStore(directory);
        var axisList = Axes(axes);
        var datasets = Enumerable.Range(0, levels).Select(l => MultiscaleDataset.Create(
            l.ToString(CultureInfo.InvariantCulture),
            axes.Select(a => a switch { 'z' => downsampleZ ? 2.0 * (1 << l) : 2.0, 'y' or 'x' => 0.5 * (1 << l), _ => 1.0 })));
        var metadata = new NgffMetadata { Multiscales = [new Multiscale(axisList, [.. datasets]) { Name = "sample" }], Omero = omero };
        await NgffWriter.WriteGroupAsync(store, "", metadata, version);
        for (var level = 0; level < levels; level++)
        {
            var x = Shrink(sizeX, level);
            var y = Shrink(sizeY, level);
            var z = downsampleZ ? Shrink(sizeZ, level) : sizeZ;
            var shape = axes.Select(a => (long)(a switch { 't' => sizeT, 'c' => sizeC, 'z' => z, 'y' => y, _ => x })).ToArray();
            var chunks = axes.Select(a => a is 'y' or 'x' ? Math.Min(chunk, a == 'y' ? y : x) : 1).ToArray();
            var array = await NgffWriter.CreateLevelAsync(store, "", level.ToString(CultureInfo.InvariantCulture), new ArrayMetadata(shape, chunks, type) { Codecs = [new BytesCodec()] }, axisList, version);
            var samples = new double[shape.Aggregate(1L, (a, b) => a * b)];
            var i = 0;
            for (var tt = 0; tt < (axes.Contains('t') ? sizeT : 1); tt++)
            {
                for (var cc = 0; cc < (axes.Contains('c') ? sizeC : 1); cc++)
                {
                    for (var zz = 0; zz < (axes.Contains('z') ? z : 1); zz++)
                    {
                        for (var yy = 0; yy < y; yy++)
                        {
                            for (var xx = 0; xx < x; xx++)
                            {
                                samples[i++] = value(level, tt, cc, zz, yy, xx);
                            }
                        }
                    }
                }
            }

            await array.WriteBytesAsync(ArrayRegion.Full(shape), Encode(type, samples));
        }

        return await ImagePyramid.OpenAsync(store);
    }

    /// <summary>A level's size along x or y: halved per level, rounding up.</summary>
    public static int Shrink(int size, int level) => Math.Max(1, (size + (1 << level) - 1) >> level);

    public static ValueList<Axis> Axes(string axes) => [.. axes.Select(a => a switch
    {
        't' => Axis.OfTime("t", "second"),
        'c' => Axis.OfChannel(),
        _ => Axis.OfSpace(a.ToString(), "micrometer"),
    })];

    /// <summary>Samples as raw bytes of <paramref name="type"/>, machine byte order.</summary>
    public static byte[] Encode(DataType type, double[] samples) => type.Name switch
    {
        "uint8" => samples.Select(v => (byte)v).ToArray(),
        "int8" => MemoryMarshal.AsBytes(samples.Select(v => (sbyte)v).ToArray().AsSpan()).ToArray(),
        "uint16" => MemoryMarshal.AsBytes(samples.Select(v => (ushort)v).ToArray().AsSpan()).ToArray(),
        "int16" => MemoryMarshal.AsBytes(samples.Select(v => (short)v).ToArray().AsSpan()).ToArray(),
        "uint32" => MemoryMarshal.AsBytes(samples.Select(v => (uint)v).ToArray().AsSpan()).ToArray(),
        "int32" => MemoryMarshal.AsBytes(samples.Select(v => (int)v).ToArray().AsSpan()).ToArray(),
        "float32" => MemoryMarshal.AsBytes(samples.Select(v => (float)v).ToArray().AsSpan()).ToArray(),
        "float64" => MemoryMarshal.AsBytes(samples.AsSpan()).ToArray(),
        "int64" => MemoryMarshal.AsBytes(samples.Select(v => (long)v).ToArray().AsSpan()).ToArray(),
        _ => throw new ArgumentException(type.Name),
    };

    /// <summary>The rendered image through a PNG round trip: encoded by the library, decoded by libpng.</summary>
    public static byte[] DecodePng(RenderedImage image)
    {
        var decoded = PngImage.Decode(image.EncodePng(), "rendered");
        Assert.Equal((image.Width, image.Height, 3), (decoded.Width, decoded.Height, decoded.Channels));
        return decoded.Pixels;
    }

    /// <summary>Rounds half up and clamps to 0–255, as the renderer promises.</summary>
    public static byte Byte(double value) => (byte)Math.Floor(Math.Min(255, Math.Max(0, value)) + 0.5);

    /// <summary>The windowed intensity of one sample: (x − start) / (end − start) clamped to 0–1, reversed when inverted.</summary>
    public static double Windowed(double x, double start, double end, bool inverted = false)
    {
        var v = Math.Clamp((x - start) / (end - start), 0, 1);
        return inverted ? 1 - v : v;
    }

    /// <summary>Writes <paramref name="text"/> as a store value (hand-made metadata).</summary>
    public static Task WriteTextAsync(string directory, string relative, string text)
    {
        var path = Path.Combine(directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return File.WriteAllTextAsync(path, text, new UTF8Encoding(false));
    }
}

/// <summary>A store that records every key read, so a test can tell which levels a render touched.</summary>
internal sealed class RecordingStore(IStore inner) : IStore
{
    public ConcurrentQueue<string> Keys { get; } = new();

    public string Location => inner.Location;

    public ValueTask<PooledBuffer?> GetAsync(string key, ByteRange range = default, CancellationToken cancellationToken = default)
    {
        Keys.Enqueue(key);
        return inner.GetAsync(key, range, cancellationToken);
    }

    public ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        Keys.Enqueue(key);
        return inner.ExistsAsync(key, cancellationToken);
    }

    /// <summary>The chunk keys read below <paramref name="levelPath"/> (metadata documents excluded).</summary>
    public string[] ChunksOf(string levelPath) =>
        [.. Keys.Where(k => k.StartsWith(levelPath + "/", StringComparison.Ordinal) && !k.EndsWith(".json", StringComparison.Ordinal) && !k.Contains("/.z", StringComparison.Ordinal))];
}
