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
        var copy = new CopyRuns(source, destination);
        ForEachRun(sourceShape, sourceStart, destinationShape, destinationStart, boxShape, elementSize, ref copy);
    }

    /// <summary>Fills the box of <paramref name="boxShape"/> at <paramref name="start"/> with <paramref name="fill"/>.</summary>
    public static void FillBox(Span<byte> destination, ReadOnlySpan<long> shape, ReadOnlySpan<long> start, ReadOnlySpan<long> boxShape, FillValue fill)
    {
        var runs = new FillRuns(destination, fill);
        ForEachRun(shape, start, shape, start, boxShape, fill.Bytes.Length, ref runs);
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

    /// <summary>
    /// Walks a box of two C-order arrays (the same array twice for fills) in runs: trailing dimensions the box
    /// spans completely in both arrays merge into one run, so the action sees the longest contiguous pieces.
    /// The action is a ref struct type argument, so each use compiles to its own loop without indirection.
    /// </summary>
    private static void ForEachRun<TAction>(
        ReadOnlySpan<long> firstShape, ReadOnlySpan<long> firstStart, ReadOnlySpan<long> secondShape, ReadOnlySpan<long> secondStart,
        ReadOnlySpan<long> boxShape, int elementSize, ref TAction action)
        where TAction : IRunAction, allows ref struct
    {
        var rank = boxShape.Length;
        if (rank == 0)
        {
            action.Run(0, 0, elementSize);
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
        while (runDimension > 0 && boxShape[runDimension] == firstShape[runDimension] && boxShape[runDimension] == secondShape[runDimension])
        {
            runDimension--;
            run *= boxShape[runDimension];
        }

        var runBytes = checked((int)(run * elementSize));
        Span<long> firstStrides = stackalloc long[rank];
        Span<long> secondStrides = stackalloc long[rank];
        Strides(firstShape, firstStrides);
        Strides(secondShape, secondStrides);
        long first = 0, second = 0;
        for (var i = 0; i < rank; i++)
        {
            first += firstStart[i] * firstStrides[i];
            second += secondStart[i] * secondStrides[i];
        }

        // Odometer over the dimensions before the run.
        Span<long> index = stackalloc long[Math.Max(runDimension, 1)];
        index.Clear();
        while (true)
        {
            action.Run(first * elementSize, second * elementSize, runBytes);
            var d = runDimension - 1;
            while (true)
            {
                if (d < 0)
                {
                    return;
                }

                index[d]++;
                first += firstStrides[d];
                second += secondStrides[d];
                if (index[d] < boxShape[d])
                {
                    break;
                }

                first -= firstStrides[d] * boxShape[d];
                second -= secondStrides[d] * boxShape[d];
                index[d] = 0;
                d--;
            }
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

    /// <summary>What to do with each run of a box: its byte offset in the first and the second array, and its length.</summary>
    private interface IRunAction
    {
        void Run(long first, long second, int bytes);
    }

    private readonly ref struct CopyRuns(ReadOnlySpan<byte> source, Span<byte> destination) : IRunAction
    {
        private readonly ReadOnlySpan<byte> _source = source;
        private readonly Span<byte> _destination = destination;

        public void Run(long first, long second, int bytes) => _source.Slice((int)first, bytes).CopyTo(_destination.Slice((int)second, bytes));
    }

    private readonly ref struct FillRuns(Span<byte> destination, FillValue fill) : IRunAction
    {
        private readonly Span<byte> _destination = destination;

        public void Run(long first, long second, int bytes) => fill.Fill(_destination.Slice((int)first, bytes));
    }
}
