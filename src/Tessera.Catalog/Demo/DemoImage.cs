using System.Text.Json.Nodes;
using Tessera.Ngff;
using Tessera.Zarr;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Catalog.Demo;

/// <summary>
/// The single demo image (<c>tessera demo --image DIR</c>): a synthetic 2-channel (c, z, y, x) fluorescence-like
/// stack of 2 × 8 × 512 × 512 uint16 in OME-NGFF 0.5, three resolution levels, channel rendering settings and a
/// "cells" label image. Deterministic: written twice, it is the same image.
/// </summary>
public static class DemoImage
{
    private const int Channels = 2;
    private const int Planes = 8;
    private const int Size = 512;
    private const int Levels = 3;
    private const double PixelSize = 0.1625;
    private const double PlaneSpacing = 0.5;
    private const string Unit = "micrometer";

    /// <summary>Writes the image into the root of <paramref name="store"/>, replacing whatever image is there.</summary>
    /// <param name="store">Where to write (an empty or earlier demo directory).</param>
    /// <param name="token">Cancels the work.</param>
    public static async Task WriteAsync(IWritableStore store, CancellationToken token = default)
    {
        var (pixels, labels) = Synthesize();
        var imagePyramid = new List<ushort[]> { pixels };
        var labelPyramid = new List<byte[]> { labels };
        for (var level = 1; level < Levels; level++)
        {
            var size = Size >> (level - 1);
            imagePyramid.Add(MeanDownsample(imagePyramid[^1], Channels * Planes, size));
            labelPyramid.Add(ModeDownsample(labelPyramid[^1], Planes, size));
        }

        ValueList<Axis> imageAxes = [Axis.OfChannel("c"), Axis.OfSpace("z", Unit), Axis.OfSpace("y", Unit), Axis.OfSpace("x", Unit)];
        ValueList<Axis> labelAxes = [.. imageAxes.Skip(1)];
        var image = new NgffMetadata
        {
            Multiscales = [new Multiscale(imageAxes, [.. Enumerable.Range(0, Levels).Select(l => Level(l, withChannel: true))]) { Name = "Tessera demo", Type = "mean", Metadata = Method("2×2 block mean of the previous level in y and x, rounded") }],
            Omero = new OmeroMetadata(
            [
                Channel("DNA", "0000FF", pixels.AsSpan(0, Planes * Size * Size)),
                Channel("membrane", "00FF00", pixels.AsSpan(Planes * Size * Size)),
            ])
            {
                Name = "Tessera demo",
                RenderingDefaults = new OmeroRenderingDefaults(DefaultZ: Planes / 2, DefaultT: 0, Model: "color"),
            },
        };

        // Overwrite replaces whatever an earlier demo (or anything else) left in the directory.
        await NgffWriter.WriteGroupAsync(store, "", image, NgffVersion.V0_5, overwrite: true, new JsonObject { ["description"] = "Tessera demo: synthetic fluorescence-like image and its labels" }, token).ConfigureAwait(false);
        for (var level = 0; level < Levels; level++)
        {
            var size = Size >> level;
            long[] shape = [Channels, Planes, size, size];
            var metadata = level == 0
                ? new ArrayMetadata(shape, [1, 4, size, size], DataType.UInt16)
                {
                    Codecs = [new ShardingCodec([1, 1, 256, 256], [new BytesCodec(), new BloscCodec("zstd", 5, BloscShuffle.BitShuffle)])],
                }
                : new ArrayMetadata(shape, [1, 1, Math.Min(size, 256), Math.Min(size, 256)], DataType.UInt16)
                {
                    Codecs = [new BytesCodec(), new BloscCodec("zstd", 5, BloscShuffle.BitShuffle)],
                };
            var array = await NgffWriter.CreateLevelAsync(store, "", Path(level), metadata, imageAxes, NgffVersion.V0_5, cancellationToken: token).ConfigureAwait(false);
            await array.WriteAsync<ushort>(ArrayRegion.Full(shape), imagePyramid[level], token).ConfigureAwait(false);
        }

        await NgffWriter.WriteGroupAsync(store, "labels", new NgffMetadata { Labels = ["cells"] }, NgffVersion.V0_5, cancellationToken: token).ConfigureAwait(false);
        var cells = new NgffMetadata
        {
            Multiscales = [new Multiscale(labelAxes, [.. Enumerable.Range(0, Levels).Select(l => Level(l, withChannel: false))]) { Name = "cells", Type = "mode", Metadata = Method("most frequent label of each 2×2 block of the previous level in y and x; ties to the first in reading order") }],
            ImageLabel = new ImageLabel
            {
                Colors = [.. Enumerable.Range(1, labelPyramid[0].Max()).Select(v => new LabelColor(v, LabelRgba(v)))],
                SourceImage = "../../",
            },
        };
        await NgffWriter.WriteGroupAsync(store, "labels/cells", cells, NgffVersion.V0_5, cancellationToken: token).ConfigureAwait(false);
        for (var level = 0; level < Levels; level++)
        {
            var size = Size >> level;
            long[] shape = [Planes, size, size];
            var metadata = new ArrayMetadata(shape, [1, Math.Min(size, 256), Math.Min(size, 256)], DataType.UInt8) { Codecs = [new BytesCodec(), new ZstdCodec(3)] };
            var array = await NgffWriter.CreateLevelAsync(store, "labels/cells", Path(level), metadata, labelAxes, NgffVersion.V0_5, cancellationToken: token).ConfigureAwait(false);
            await array.WriteAsync<byte>(ArrayRegion.Full(shape), labelPyramid[level], token).ConfigureAwait(false);
        }
    }

    private static JsonFields Method(string description) =>
        new(new JsonObject { ["description"] = description, ["method"] = "tessera demo", ["version"] = typeof(DemoImage).Assembly.GetName().Version?.ToString() });

    private static string Path(int level) => level.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static MultiscaleDataset Level(int level, bool withChannel)
    {
        var xy = PixelSize * (1 << level);
        return MultiscaleDataset.Create(Path(level), withChannel ? [1, PlaneSpacing, xy, xy] : [PlaneSpacing, xy, xy]);
    }

    /// <summary>A channel whose window spans the data it shows, within the 12-bit range the camera would have.</summary>
    private static OmeroChannel Channel(string label, string color, ReadOnlySpan<ushort> values)
    {
        var min = values[0];
        var max = values[0];
        foreach (var value in values)
        {
            min = Math.Min(min, value);
            max = Math.Max(max, value);
        }

        return new OmeroChannel(color, new OmeroWindow(0, 4095, min, max)) { Label = label, Active = true, Coefficient = 1, Family = "linear", Inverted = false };
    }

    /// <summary>Distinct, bright colours around the hue circle, so neighbouring cells differ.</summary>
    private static ValueList<int> LabelRgba(int value)
    {
        var hue = value * 137.508 % 360 / 60;
        var x = (int)(255 * (1 - Math.Abs(hue % 2 - 1)));
        var (r, g, b) = (int)hue switch
        {
            0 => (255, x, 0),
            1 => (x, 255, 0),
            2 => (0, 255, x),
            3 => (0, x, 255),
            4 => (x, 0, 255),
            _ => (255, 0, x),
        };
        return [r, g, b, 255];
    }

    /// <summary>Soft blobs over a dim background, 12-bit values, and the blobs' label image.</summary>
    private static (ushort[] Pixels, byte[] Labels) Synthesize()
    {
        var pixels = new ushort[Channels * Planes * Size * Size];
        var labels = new byte[Planes * Size * Size];
        (double Y, double X, double R)[] blobs = [.. Enumerable.Range(0, 24).Select(i => (40 + (i * 97 % 430), 40 + (i * 61 % 430), 12.0 + (i % 5) * 5))];
        for (var z = 0; z < Planes; z++)
        {
            for (var y = 0; y < Size; y++)
            {
                for (var x = 0; x < Size; x++)
                {
                    double dna = 100, membrane = 80;
                    byte label = 0;
                    for (var b = 0; b < blobs.Length; b++)
                    {
                        var (by, bx, r) = blobs[b];
                        var d = Math.Sqrt((y - by) * (y - by) + (x - bx) * (x - bx) + (z - 4) * (z - 4) * 16) / r;
                        dna += 3000 * Math.Exp(-d * d * 2);
                        membrane += 2000 * Math.Exp(-(d - 1) * (d - 1) * 40);
                        if (d < 1)
                        {
                            label = (byte)(b + 1);
                        }
                    }

                    var noise = ((x * 7919 + y * 104729 + z * 1299709) % 64) - 32;
                    pixels[((0L * Planes + z) * Size + y) * Size + x] = (ushort)Math.Clamp(dna + noise, 0, 4095);
                    pixels[((1L * Planes + z) * Size + y) * Size + x] = (ushort)Math.Clamp(membrane + noise, 0, 4095);
                    labels[((long)z * Size + y) * Size + x] = label;
                }
            }
        }

        return (pixels, labels);
    }

    /// <summary>Halves y and x of <paramref name="planes"/> square planes by the rounded mean of each 2×2 block.</summary>
    private static ushort[] MeanDownsample(ushort[] source, int planes, int size)
    {
        var half = size / 2;
        var target = new ushort[planes * half * half];
        for (var p = 0; p < planes; p++)
        {
            var from = source.AsSpan(p * size * size, size * size);
            var to = target.AsSpan(p * half * half, half * half);
            for (var y = 0; y < half; y++)
            {
                for (var x = 0; x < half; x++)
                {
                    var top = 2 * y * size + 2 * x;
                    var sum = from[top] + from[top + 1] + from[top + size] + from[top + size + 1];
                    to[y * half + x] = (ushort)((sum + 2) / 4);
                }
            }
        }

        return target;
    }

    /// <summary>Halves y and x by the most frequent label of each 2×2 block (ties go to the first in reading order), so no new label values appear.</summary>
    private static byte[] ModeDownsample(byte[] source, int planes, int size)
    {
        var half = size / 2;
        var target = new byte[planes * half * half];
        Span<byte> block = stackalloc byte[4];
        for (var p = 0; p < planes; p++)
        {
            var from = source.AsSpan(p * size * size, size * size);
            for (var y = 0; y < half; y++)
            {
                for (var x = 0; x < half; x++)
                {
                    var top = 2 * y * size + 2 * x;
                    block[0] = from[top];
                    block[1] = from[top + 1];
                    block[2] = from[top + size];
                    block[3] = from[top + size + 1];
                    var best = block[0];
                    var bestCount = 0;
                    foreach (var candidate in block)
                    {
                        var count = block.Count(candidate);
                        if (count > bestCount)
                        {
                            (best, bestCount) = (candidate, count);
                        }
                    }

                    target[(p * half + y) * half + x] = best;
                }
            }
        }

        return target;
    }
}
