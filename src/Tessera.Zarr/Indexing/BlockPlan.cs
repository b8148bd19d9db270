namespace Tessera.Zarr.Indexing;

/// <summary>Splits an array into regions that fit a memory budget, for streaming whole arrays.</summary>
internal static class BlockPlan
{
    /// <summary>
    /// Regions made of whole grid units (chunks or shards; edge units clipped to the array), as large as the
    /// budget allows, growing from the last dimension. Writing such regions never has to read existing chunks.
    /// </summary>
    public static IEnumerable<ArrayRegion> Aligned(IReadOnlyList<long> shape, IReadOnlyList<int> unit, int elementSize, long budget)
    {
        var rank = shape.Count;
        var block = new long[rank];
        for (var d = 0; d < rank; d++)
        {
            block[d] = Math.Min(unit[d], Math.Max(shape[d], 1));
        }

        for (var d = rank - 1; d >= 0; d--)
        {
            var others = elementSize * block.Where((_, i) => i != d).Aggregate(1L, (a, b) => a * b);
            var unitsFitting = budget / Math.Max(1, others * unit[d]);
            if (unitsFitting <= 1)
            {
                break;
            }

            var wanted = (shape[d] + unit[d] - 1) / unit[d];
            block[d] = Math.Min(wanted, unitsFitting) * unit[d];
            if (unitsFitting < wanted)
            {
                break;
            }
        }

        return Tile(shape, block);
    }

    /// <summary>
    /// Regions that are contiguous runs of the array in C order, in C order, each within the budget where
    /// possible (one row of the last dimension at least), aligned to <paramref name="chunk"/> where it helps.
    /// </summary>
    public static IEnumerable<ArrayRegion> Contiguous(IReadOnlyList<long> shape, IReadOnlyList<int> chunk, int elementSize, long budget)
    {
        var rank = shape.Count;
        if (rank == 0)
        {
            return [new ArrayRegion([], [])];
        }

        // Find the outermost dimension d whose trailing block (all of dimensions d+1…) fits the budget.
        var d = 0;
        long trailing = elementSize;
        for (var k = 1; k < rank; k++)
        {
            trailing *= shape[k];
        }

        while (d < rank - 1 && trailing > budget)
        {
            d++;
            trailing /= Math.Max(1, shape[d]);
        }

        var rows = Math.Max(1, budget / Math.Max(1, trailing));
        if (rows >= chunk[d])
        {
            rows -= rows % chunk[d];
        }

        var block = new long[rank];
        for (var k = 0; k < rank; k++)
        {
            block[k] = k < d ? 1 : k == d ? Math.Min(rows, Math.Max(shape[k], 1)) : shape[k];
        }

        return Tile(shape, block);
    }

    private static IEnumerable<ArrayRegion> Tile(IReadOnlyList<long> shape, long[] block)
    {
        var rank = shape.Count;
        if (shape.Any(extent => extent == 0))
        {
            yield break;
        }

        var last = new long[rank];
        for (var d = 0; d < rank; d++)
        {
            last[d] = (shape[d] - 1) / block[d];
        }

        foreach (var index in ChunkGrid.Enumerate(new long[rank], last))
        {
            var start = new long[rank];
            var extent = new long[rank];
            for (var d = 0; d < rank; d++)
            {
                start[d] = index[d] * block[d];
                extent[d] = Math.Min(block[d], shape[d] - start[d]);
            }

            yield return new ArrayRegion(start, extent);
        }
    }
}
