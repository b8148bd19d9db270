using System.Runtime.InteropServices;
using Tessera.Imaging.Conversion;
using Tessera.Ngff;
using Tessera.Zarr;
using Tessera.Zarr.Storage;

namespace Tessera.Imaging.Tests.Conversion;

/// <summary>Converts a file with the library, validates the result, and reads levels back for comparison.</summary>
internal static class ConvertedImage
{
    public static async Task<(FileSystemStore Store, NgffNode Node)> ConvertAsync(string input, string output, ConversionOptions? options = null, IReadOnlyList<LabelFile>? labels = null)
    {
        await StagedOutput.WriteAsync(output, overwrite: false, async store =>
            await FileConverter.ConvertAsync(input, store, labels ?? [], options ?? new ConversionOptions()));
        var store = new FileSystemStore(output);
        await AssertValidAsync(store, "");
        return (store, await NgffNode.OpenAsync(store, ""));
    }

    public static async Task AssertValidAsync(IStore store, string path)
    {
        var report = await NgffValidator.ValidateAsync(store, path);
        Assert.True(report.Valid, string.Join("\n", report.Errors.Select(e => e.ToString())));
        Assert.Empty(report.Warnings);
    }

    /// <summary>One (t, c, z) plane of a level, as elements of <typeparamref name="T"/>.</summary>
    public static async Task<T[]> PlaneAsync<T>(NgffNode image, int level, int t, int c, int z)
        where T : unmanaged
    {
        var array = await image.OpenLevelAsync(level);
        var shape = array.Shape;
        return await array.ReadAsync<T>(new ArrayRegion([t, c, z, 0, 0], [1, 1, 1, shape[3], shape[4]]));
    }

    /// <summary>The 2×2 mean of a plane computed here, independently: rounded half away from zero, edge blocks averaging what they hold.</summary>
    public static T[] Mean<T>(T[] plane, int height, int width)
        where T : unmanaged, System.Numerics.INumber<T>
    {
        var h = (height + 1) / 2;
        var w = (width + 1) / 2;
        var result = new T[h * w];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                double sum = 0;
                var n = 0;
                for (var dy = 0; dy < 2; dy++)
                {
                    for (var dx = 0; dx < 2; dx++)
                    {
                        if (2 * y + dy < height && 2 * x + dx < width)
                        {
                            sum += double.CreateChecked(plane[(2 * y + dy) * width + 2 * x + dx]);
                            n++;
                        }
                    }
                }

                var mean = sum / n;
                result[y * w + x] = typeof(T) == typeof(float) || typeof(T) == typeof(double)
                    ? T.CreateChecked(mean)
                    : T.CreateChecked(Math.Round(mean, MidpointRounding.AwayFromZero));
            }
        }

        return result;
    }

    /// <summary>Element-wise equality without a span across an await.</summary>
    public static bool Same<T>(T[] expected, T[] actual)
        where T : unmanaged, IEquatable<T> => expected.AsSpan().SequenceEqual(actual);

    public static T[] Cast<T>(byte[] bytes)
        where T : unmanaged => MemoryMarshal.Cast<byte, T>(bytes).ToArray();
}
