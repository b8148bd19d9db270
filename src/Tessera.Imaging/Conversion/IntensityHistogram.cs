using System.Runtime.InteropServices;
using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Conversion;

/// <summary>
/// The distribution of one channel's values, gathered region by region from several threads, for display windows.
/// 8- and 16-bit integers are counted exactly (one bin per value); wider types keep their exact range and a regular
/// sample of one value in <see cref="SampleStride"/>, so their percentiles are estimates.
/// </summary>
public sealed class IntensityHistogram : IDisposable
{
    /// <summary>One value in this many is kept for types too wide to count exactly.</summary>
    public const int SampleStride = 61;

    private readonly DataType _type;
    private readonly int _bins;
    private readonly int _offset;
    private readonly ThreadLocal<Part> _parts;

    /// <summary>Creates an empty histogram for values of <paramref name="type"/>.</summary>
    public IntensityHistogram(DataType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        _type = type;
        (_bins, _offset) = type.Name switch
        {
            "uint8" or "bool" => (256, 0),
            "int8" => (256, 128),
            "uint16" => (65536, 0),
            "int16" => (65536, 32768),
            _ => (0, 0),
        };
        _parts = new ThreadLocal<Part>(() => new Part(_bins), trackAllValues: true);
    }

    /// <summary>Counts the values of a region (machine byte order).</summary>
    public void Add(ReadOnlySpan<byte> pixels)
    {
        var part = _parts.Value!;
        switch (_type.Name)
        {
            case "uint8" or "bool":
                foreach (var v in pixels)
                {
                    part.Counts[v]++;
                }

                break;
            case "int8":
                foreach (var v in MemoryMarshal.Cast<byte, sbyte>(pixels))
                {
                    part.Counts[v + 128]++;
                }

                break;
            case "uint16":
                foreach (var v in MemoryMarshal.Cast<byte, ushort>(pixels))
                {
                    part.Counts[v]++;
                }

                break;
            case "int16":
                foreach (var v in MemoryMarshal.Cast<byte, short>(pixels))
                {
                    part.Counts[v + 32768]++;
                }

                break;
            case "uint32": Sample(part, MemoryMarshal.Cast<byte, uint>(pixels)); break;
            case "int32": Sample(part, MemoryMarshal.Cast<byte, int>(pixels)); break;
            case "uint64": Sample(part, MemoryMarshal.Cast<byte, ulong>(pixels)); break;
            case "int64": Sample(part, MemoryMarshal.Cast<byte, long>(pixels)); break;
            case "float32": Sample(part, MemoryMarshal.Cast<byte, float>(pixels)); break;
            case "float64": Sample(part, MemoryMarshal.Cast<byte, double>(pixels)); break;
            default: throw new NotSupportedException($"histograms of {_type} are not supported");
        }
    }

    /// <summary>
    /// The data's smallest and largest values, and the values below which <paramref name="low"/> and
    /// <paramref name="high"/> percent of the data lie (nearest rank); all zero when nothing was added.
    /// </summary>
    public (double Min, double Max, double Low, double High) Summarize(double low, double high)
    {
        var parts = _parts.Values;
        if (_bins > 0)
        {
            var counts = new long[_bins];
            foreach (var part in parts)
            {
                for (var i = 0; i < _bins; i++)
                {
                    counts[i] += part.Counts[i];
                }
            }

            var total = counts.Sum();
            if (total == 0)
            {
                return (0, 0, 0, 0);
            }

            var min = Array.FindIndex(counts, c => c > 0) - _offset;
            var max = Array.FindLastIndex(counts, c => c > 0) - _offset;
            return (min, max, Rank(counts, total, low) - _offset, Rank(counts, total, high) - _offset);
        }

        var samples = parts.SelectMany(p => p.Samples).Where(double.IsFinite).Order().ToArray();
        if (samples.Length == 0)
        {
            return (0, 0, 0, 0);
        }

        var minimum = parts.Where(p => p.Seen > 0).Min(p => p.Min);
        var maximum = parts.Where(p => p.Seen > 0).Max(p => p.Max);
        return (minimum, maximum, samples[(int)NearestRank(samples.Length, low)], samples[(int)NearestRank(samples.Length, high)]);
    }

    /// <summary>Releases the per-thread counters.</summary>
    public void Dispose() => _parts.Dispose();

    private static long Rank(long[] counts, long total, double percent)
    {
        var rank = NearestRank(total, percent) + 1;
        long seen = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return i;
            }
        }

        return counts.Length - 1;
    }

    /// <summary>The 0-based index of the nearest-rank percentile among <paramref name="count"/> sorted values.</summary>
    private static long NearestRank(long count, double percent) =>
        Math.Clamp((long)Math.Ceiling(percent / 100 * count) - 1, 0, count - 1);

    private static void Sample<T>(Part part, ReadOnlySpan<T> values)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        for (var i = 0; i < values.Length; i++)
        {
            var v = double.CreateTruncating(values[i]);
            if (!double.IsFinite(v))
            {
                continue;
            }

            if (part.Seen++ == 0)
            {
                part.Min = part.Max = v;
            }
            else
            {
                part.Min = Math.Min(part.Min, v);
                part.Max = Math.Max(part.Max, v);
            }

            if (part.Seen % SampleStride == 1)
            {
                part.Samples.Add(v);
            }
        }
    }

    private sealed class Part(int bins)
    {
        public long[] Counts { get; } = new long[bins];

        public List<double> Samples { get; } = [];

        public long Seen { get; set; }

        public double Min { get; set; }

        public double Max { get; set; }
    }
}
