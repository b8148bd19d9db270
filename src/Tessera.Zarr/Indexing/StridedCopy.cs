using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tessera.Zarr.Metadata;

namespace Tessera.Zarr.Indexing;

/// <summary>
/// Copies between C-order n-dimensional buffers of fixed-size elements: boxes between arrays of different
/// shapes (chunk ↔ destination), fills of boxes, and axis permutations. Trailing dimensions a box covers
/// fully are merged so the inner loop copies the longest contiguous runs.
/// </summary>
internal static class StridedCopy
{
    /// <summary>
    /// Copies the box of <paramref name="boxShape"/> at <paramref name="sourceStart"/> in the source array to
    /// <paramref name="destinationStart"/> in the destination array.
    /// </summary>
    public static void CopyBox(
        ReadOnlySpan<byte> source, ReadOnlySpan<long> sourceShape, ReadOnlySpan<long> sourceStart,
        Span<byte> destination, ReadOnlySpan<long> destinationShape, ReadOnlySpan<long> destinationStart,
        ReadOnlySpan<long> boxShape, int elementSize)
    {
        var rank = boxShape.Length;
        if (rank == 0)
        {
            source[..elementSize].CopyTo(destination);
            return;
        }

        foreach (var extent in boxShape)
        {
            if (extent == 0)
            {
                return;
            }
        }

        // Merge trailing dimensions the box spans completely in both arrays into one run.
        var runDimension = rank - 1;
        long run = boxShape[rank - 1];
        while (runDimension > 0 && boxShape[runDimension] == sourceShape[runDimension] && boxShape[runDimension] == destinationShape[runDimension])
        {
            runDimension--;
            run *= boxShape[runDimension];
        }

        var runBytes = checked((int)(run * elementSize));
        Span<long> sourceStrides = stackalloc long[rank];
        Span<long> destinationStrides = stackalloc long[rank];
        Strides(sourceShape, sourceStrides);
        Strides(destinationShape, destinationStrides);

        long sourceOffset = 0, destinationOffset = 0;
        for (var i = 0; i < rank; i++)
        {
            sourceOffset += sourceStart[i] * sourceStrides[i];
            destinationOffset += destinationStart[i] * destinationStrides[i];
        }

        if (runDimension == 0)
        {
            source.Slice((int)(sourceOffset * elementSize), runBytes).CopyTo(destination.Slice((int)(destinationOffset * elementSize), runBytes));
            return;
        }

        // Odometer over the dimensions before the run.
        Span<long> index = stackalloc long[runDimension];
        index.Clear();
        while (true)
        {
            source.Slice((int)(sourceOffset * elementSize), runBytes).CopyTo(destination.Slice((int)(destinationOffset * elementSize), runBytes));
            var d = runDimension - 1;
            while (true)
            {
                index[d]++;
                sourceOffset += sourceStrides[d];
                destinationOffset += destinationStrides[d];
                if (index[d] < boxShape[d])
                {
                    break;
                }

                sourceOffset -= sourceStrides[d] * boxShape[d];
                destinationOffset -= destinationStrides[d] * boxShape[d];
                index[d] = 0;
                if (--d < 0)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Fills the box of <paramref name="boxShape"/> at <paramref name="start"/> with <paramref name="fill"/>.</summary>
    public static void FillBox(Span<byte> destination, ReadOnlySpan<long> shape, ReadOnlySpan<long> start, ReadOnlySpan<long> boxShape, FillValue fill)
    {
        var rank = boxShape.Length;
        var elementSize = fill.Bytes.Length;
        if (rank == 0)
        {
            fill.Fill(destination[..elementSize]);
            return;
        }

        foreach (var extent in boxShape)
        {
            if (extent == 0)
            {
                return;
            }
        }

        var runDimension = rank - 1;
        long run = boxShape[rank - 1];
        while (runDimension > 0 && boxShape[runDimension] == shape[runDimension])
        {
            runDimension--;
            run *= boxShape[runDimension];
        }

        var runBytes = checked((int)(run * elementSize));
        Span<long> strides = stackalloc long[rank];
        Strides(shape, strides);
        long offset = 0;
        for (var i = 0; i < rank; i++)
        {
            offset += start[i] * strides[i];
        }

        if (runDimension == 0)
        {
            fill.Fill(destination.Slice((int)(offset * elementSize), runBytes));
            return;
        }

        Span<long> index = stackalloc long[runDimension];
        index.Clear();
        while (true)
        {
            fill.Fill(destination.Slice((int)(offset * elementSize), runBytes));
            var d = runDimension - 1;
            while (true)
            {
                index[d]++;
                offset += strides[d];
                if (index[d] < boxShape[d])
                {
                    break;
                }

                offset -= strides[d] * boxShape[d];
                index[d] = 0;
                if (--d < 0)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="destination"/> (C order, <paramref name="destinationShape"/>) by reading the source
    /// element at <c>Σ index[i] · sourceStrides[i]</c> (strides in elements). Used for axis permutations.
    /// </summary>
    public static void Gather(ReadOnlySpan<byte> source, Span<byte> destination, ReadOnlySpan<int> destinationShape, ReadOnlySpan<long> sourceStrides, int elementSize)
    {
        var rank = destinationShape.Length;
        long count = 1;
        foreach (var extent in destinationShape)
        {
            count *= extent;
        }

        if (count == 0)
        {
            return;
        }

        if (rank == 0)
        {
            source[..elementSize].CopyTo(destination);
            return;
        }

        var inner = destinationShape[rank - 1];
        var innerStride = sourceStrides[rank - 1];
        Span<long> index = stackalloc long[rank];
        index.Clear();
        long sourceOffset = 0;
        long written = 0;
        while (true)
        {
            GatherRun(source, destination, sourceOffset, innerStride, written, inner, elementSize);
            written += inner;
            if (written == count)
            {
                return;
            }

            var d = rank - 2;
            while (true)
            {
                index[d]++;
                sourceOffset += sourceStrides[d];
                if (index[d] < destinationShape[d])
                {
                    break;
                }

                sourceOffset -= sourceStrides[d] * destinationShape[d];
                index[d] = 0;
                d--;
            }
        }
    }

    /// <summary>C-order strides (in elements) of <paramref name="shape"/>.</summary>
    public static void Strides(ReadOnlySpan<long> shape, Span<long> strides)
    {
        long stride = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= shape[i];
        }
    }

    private static void GatherRun(ReadOnlySpan<byte> source, Span<byte> destination, long sourceOffset, long stride, long destinationOffset, int count, int elementSize)
    {
        switch (elementSize)
        {
            case 1:
                GatherTyped<byte>(source, destination, sourceOffset, stride, destinationOffset, count);
                break;
            case 2:
                GatherTyped<ushort>(source, destination, sourceOffset, stride, destinationOffset, count);
                break;
            case 4:
                GatherTyped<uint>(source, destination, sourceOffset, stride, destinationOffset, count);
                break;
            case 8:
                GatherTyped<ulong>(source, destination, sourceOffset, stride, destinationOffset, count);
                break;
            default:
                for (var i = 0; i < count; i++)
                {
                    source.Slice((int)((sourceOffset + i * stride) * elementSize), elementSize)
                        .CopyTo(destination.Slice((int)((destinationOffset + i) * elementSize), elementSize));
                }

                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GatherTyped<T>(ReadOnlySpan<byte> source, Span<byte> destination, long sourceOffset, long stride, long destinationOffset, int count)
        where T : unmanaged
    {
        var from = MemoryMarshal.Cast<byte, T>(source);
        var to = MemoryMarshal.Cast<byte, T>(destination).Slice((int)destinationOffset, count);
        var s = sourceOffset;
        for (var i = 0; i < to.Length; i++, s += stride)
        {
            to[i] = from[(int)s];
        }
    }
}
