namespace Tessera.Zarr.Indexing;

/// <summary>Enumeration of regular grid cells and offset arithmetic on C-order boxes.</summary>
internal static class ChunkGrid
{
    /// <summary>All grid coordinates from <paramref name="first"/> to <paramref name="last"/> inclusive, in C order.</summary>
    public static IEnumerable<long[]> Enumerate(long[] first, long[] last)
    {
        var rank = first.Length;
        for (var d = 0; d < rank; d++)
        {
            if (last[d] < first[d])
            {
                yield break;
            }
        }

        var current = (long[])first.Clone();
        while (true)
        {
            yield return (long[])current.Clone();
            var d = rank - 1;
            while (true)
            {
                if (d < 0)
                {
                    yield break;
                }

                if (++current[d] <= last[d])
                {
                    break;
                }

                current[d] = first[d];
                d--;
            }
        }
    }

    /// <summary>True when the box occupies one contiguous run of a C-order array of <paramref name="shape"/>.</summary>
    public static bool IsContiguousBox(ReadOnlySpan<long> shape, ReadOnlySpan<long> start, ReadOnlySpan<long> boxShape)
    {
        // Trailing dimensions must be full, then one dimension of any extent, then extents of 1.
        var d = shape.Length - 1;
        while (d >= 0 && boxShape[d] == shape[d])
        {
            d--;
        }

        for (d--; d >= 0; d--)
        {
            if (boxShape[d] != 1)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>C-order element offset of <paramref name="coordinates"/> in an array of <paramref name="shape"/>.</summary>
    public static long LinearOffset(ReadOnlySpan<long> shape, ReadOnlySpan<long> coordinates)
    {
        long offset = 0;
        for (var d = 0; d < shape.Length; d++)
        {
            offset = offset * shape[d] + coordinates[d];
        }

        return offset;
    }
}
