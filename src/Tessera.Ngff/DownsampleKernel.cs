using System.Numerics;
using System.Runtime.InteropServices;
using Tessera.Zarr.Metadata;

namespace Tessera.Ngff;

/// <summary>
/// The arithmetic of one pyramid step: a pair of rows into one row (the streaming XY path) and a block into a
/// block with a factor of 1 or 2 per dimension (the XYZ path). Synchronous span work; callers parallelise.
/// </summary>
internal static class DownsampleKernel
{
    /// <summary>
    /// Halves a row pair along x: output[i] combines top[2i], top[2i+1] and, when <paramref name="bottom"/> is not
    /// empty, bottom[2i], bottom[2i+1]. Lengths are in bytes; the output holds ceil(width / 2) elements.
    /// </summary>
    public static void Rows(DataType type, Downsampling method, ReadOnlySpan<byte> top, ReadOnlySpan<byte> bottom, Span<byte> output)
    {
        switch (type.Name)
        {
            case "uint8": RowsOf<byte>(method, top, bottom, output); break;
            case "int8": RowsOf<sbyte>(method, top, bottom, output); break;
            case "uint16": RowsOf<ushort>(method, top, bottom, output); break;
            case "int16": RowsOf<short>(method, top, bottom, output); break;
            case "uint32": RowsOf<uint>(method, top, bottom, output); break;
            case "int32": RowsOf<int>(method, top, bottom, output); break;
            case "uint64": RowsOf<ulong>(method, top, bottom, output); break;
            case "int64": RowsOf<long>(method, top, bottom, output); break;
            case "float32": RowsOf<float>(method, top, bottom, output); break;
            case "float64": RowsOf<double>(method, top, bottom, output); break;
            case "bool": RowsOf<byte>(method == Downsampling.Mean ? Downsampling.Mode : method, top, bottom, output); break;
            default: throw new NotSupportedException($"pyramids of {type} are not supported (supported: integers, float32, float64, bool)");
        }
    }

    /// <summary>
    /// Downsamples a C-order block of <paramref name="shape"/> by <paramref name="factors"/> (1 or 2 per dimension)
    /// into a block of ceil(shape / factor).
    /// </summary>
    public static void Block(DataType type, Downsampling method, ReadOnlySpan<byte> source, ReadOnlySpan<int> shape, ReadOnlySpan<int> factors, Span<byte> output)
    {
        switch (type.Name)
        {
            case "uint8" or "bool": BlockOf<byte>(method, source, shape, factors, output); break;
            case "int8": BlockOf<sbyte>(method, source, shape, factors, output); break;
            case "uint16": BlockOf<ushort>(method, source, shape, factors, output); break;
            case "int16": BlockOf<short>(method, source, shape, factors, output); break;
            case "uint32": BlockOf<uint>(method, source, shape, factors, output); break;
            case "int32": BlockOf<int>(method, source, shape, factors, output); break;
            case "uint64": BlockOf<ulong>(method, source, shape, factors, output); break;
            case "int64": BlockOf<long>(method, source, shape, factors, output); break;
            case "float32": BlockOf<float>(method, source, shape, factors, output); break;
            case "float64": BlockOf<double>(method, source, shape, factors, output); break;
            default: throw new NotSupportedException($"pyramids of {type} are not supported (supported: integers, float32, float64, bool)");
        }
    }

    private static void RowsOf<T>(Downsampling method, ReadOnlySpan<byte> topBytes, ReadOnlySpan<byte> bottomBytes, Span<byte> outputBytes)
        where T : unmanaged, INumber<T>
    {
        var top = MemoryMarshal.Cast<byte, T>(topBytes);
        var bottom = MemoryMarshal.Cast<byte, T>(bottomBytes);
        var output = MemoryMarshal.Cast<byte, T>(outputBytes);
        var width = top.Length;
        var pairs = width / 2;
        if (method == Downsampling.Mean && bottom.Length > 0 && typeof(T) != typeof(float) && typeof(T) != typeof(double) && typeof(T) != typeof(ulong) && typeof(T) != typeof(long))
        {
            // The hot path of every intensity pyramid: four integers of at most 32 bits sum exactly in a long.
            for (var i = 0; i < pairs; i++)
            {
                var sum = long.CreateTruncating(top[2 * i]) + long.CreateTruncating(top[2 * i + 1]) + long.CreateTruncating(bottom[2 * i]) + long.CreateTruncating(bottom[2 * i + 1]);
                output[i] = T.CreateTruncating(sum >= 0 ? (sum + 2) >> 2 : -((-sum + 2) >> 2));
            }

            if ((width & 1) == 1)
            {
                Span<T> edge = [top[width - 1], bottom[width - 1]];
                output[pairs] = Combine<T>(method, edge);
            }

            return;
        }

        Span<T> values = stackalloc T[4];
        for (var i = 0; i < output.Length; i++)
        {
            var n = 0;
            values[n++] = top[2 * i];
            if (2 * i + 1 < width)
            {
                values[n++] = top[2 * i + 1];
            }

            if (bottom.Length > 0)
            {
                values[n++] = bottom[2 * i];
                if (2 * i + 1 < width)
                {
                    values[n++] = bottom[2 * i + 1];
                }
            }

            output[i] = Combine<T>(method, values[..n]);
        }
    }

    private static void BlockOf<T>(Downsampling method, ReadOnlySpan<byte> sourceBytes, ReadOnlySpan<int> shape, ReadOnlySpan<int> factors, Span<byte> outputBytes)
        where T : unmanaged, INumber<T>
    {
        var source = MemoryMarshal.Cast<byte, T>(sourceBytes);
        var output = MemoryMarshal.Cast<byte, T>(outputBytes);
        var rank = shape.Length;
        Span<int> outShape = stackalloc int[rank];
        Span<long> strides = stackalloc long[rank];
        long stride = 1;
        for (var d = rank - 1; d >= 0; d--)
        {
            outShape[d] = (shape[d] + factors[d] - 1) / factors[d];
            strides[d] = stride;
            stride *= shape[d];
        }

        Span<int> index = stackalloc int[rank];
        Span<T> values = stackalloc T[1 << Math.Min(rank, 8)];
        for (var o = 0; o < output.Length; o++)
        {
            // Gather the block in reading order: the odometer over offsets 0..factor-1 per dimension.
            var n = 0;
            var combinations = 1 << rank;
            for (var mask = 0; mask < combinations; mask++)
            {
                long offset = 0;
                var inside = true;
                for (var d = 0; d < rank && inside; d++)
                {
                    var bit = (mask >> (rank - 1 - d)) & 1;
                    if (bit == 1 && factors[d] == 1)
                    {
                        inside = false;
                        break;
                    }

                    var s = index[d] * factors[d] + bit;
                    inside = s < shape[d];
                    offset += s * strides[d];
                }

                if (inside)
                {
                    values[n++] = source[(int)offset];
                }
            }

            output[o] = Combine<T>(method, values[..n]);
            for (var d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < outShape[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }
    }

    private static T Combine<T>(Downsampling method, ReadOnlySpan<T> values)
        where T : unmanaged, INumber<T>
    {
        switch (method)
        {
            case Downsampling.Nearest:
                return values[0];
            case Downsampling.Mode:
                var best = values[0];
                var bestCount = 0;
                for (var i = 0; i < values.Length; i++)
                {
                    var count = 0;
                    for (var j = 0; j < values.Length; j++)
                    {
                        count += values[j] == values[i] ? 1 : 0;
                    }

                    if (count > bestCount)
                    {
                        (best, bestCount) = (values[i], count);
                    }
                }

                return best;
            default:
                if (typeof(T) == typeof(float) || typeof(T) == typeof(double))
                {
                    double total = 0;
                    foreach (var v in values)
                    {
                        total += double.CreateTruncating(v);
                    }

                    return T.CreateTruncating(total / values.Length);
                }

                Int128 sum = 0;
                foreach (var v in values)
                {
                    sum += Int128.CreateTruncating(v);
                }

                Int128 count2 = values.Length;
                var half = count2 / 2;
                return T.CreateTruncating(sum >= 0 ? (sum + half) / count2 : -((-sum + half) / count2));
        }
    }
}
