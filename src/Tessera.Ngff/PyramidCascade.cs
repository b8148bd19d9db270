using System.Buffers;
using Tessera.Zarr;

namespace Tessera.Ngff;

/// <summary>
/// The streaming XY pyramid: for each group of planes one write block deep in the leading axes, full-resolution
/// rows arrive one band (write-block height) at a time; each level writes its band when full and hands its rows
/// down, halved in pairs. A row left unpaired at a band's end waits in a carry row, so any band height works.
/// Memory: one band per level plus one row, for one plane group.
/// </summary>
internal sealed class PyramidCascade
{
    /// <summary>Write blocks up to this size (a 1024² uint16 chunk is 2 MiB) are written while the next level is computed.</summary>
    private const long OverlapLimit = 8L << 20;

    private readonly IReadOnlyList<ZarrArray> _arrays;
    private readonly PyramidRegionReader _read;
    private readonly PyramidOptions _options;
    private readonly int _rank;
    private readonly int _elementSize;
    private readonly long _pixelsTotal;
    private long _pixelsDone;

    public PyramidCascade(IReadOnlyList<ZarrArray> arrays, PyramidRegionReader read, PyramidOptions options)
    {
        _arrays = arrays;
        _read = read;
        _options = options;
        _rank = arrays[0].Rank;
        _elementSize = arrays[0].DataType.Size;
        _pixelsTotal = arrays[0].Shape.Aggregate(1L, (a, b) => a * b);
    }

    public async ValueTask RunAsync(CancellationToken cancellationToken)
    {
        var level0 = _arrays[0];
        var leadingRank = _rank - 2;
        var blockShape = level0.Metadata.ChunkShape;
        var groups = new long[leadingRank];
        for (var d = 0; d < leadingRank; d++)
        {
            groups[d] = (level0.Shape[d] + blockShape[d] - 1) / blockShape[d];
        }

        var groupCount = groups.Aggregate(1L, (a, b) => a * b);
        for (long group = 0; group < groupCount; group++)
        {
            var start = new long[leadingRank];
            var shape = new int[leadingRank];
            var rest = group;
            for (var d = leadingRank - 1; d >= 0; d--)
            {
                start[d] = rest % groups[d] * blockShape[d];
                rest /= groups[d];
                shape[d] = (int)Math.Min(blockShape[d], level0.Shape[d] - start[d]);
            }

            var levels = _arrays.Select(array => new Level(array, start, shape)).ToArray();
            try
            {
                await RunGroupAsync(levels, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                foreach (var level in levels)
                {
                    level.Dispose();
                }
            }
        }
    }

    private async ValueTask RunGroupAsync(Level[] levels, CancellationToken cancellationToken)
    {
        var top = levels[0];
        var (blockHeight, blockWidth) = _options.SourceBlock ?? (top.BandHeight, (int)Math.Min(top.Width, top.Array.Metadata.ChunkShape[^1]));
        blockHeight = Math.Max(1, blockHeight);
        blockWidth = Math.Max(1, blockWidth);
        // Double-buffered: the next band is read while the previous one is written and cascaded down, so decoding
        // and compression overlap instead of waiting for each other's slowest piece.
        var spare = ArrayPool<byte>.Shared.Rent(top.Band.Length);
        Task flushing = Task.CompletedTask;
        try
        {
            for (long row = 0; row < top.Height; row += top.BandHeight)
            {
                var rows = (int)Math.Min(top.BandHeight, top.Height - row);

                // Pieces aligned to the source's own blocks, so each stored tile or strip is decoded once.
                var pieces = new List<(int Plane, long Y, int Height, long X, int Width)>();
                for (var plane = 0; plane < top.Planes; plane++)
                {
                    for (var y = row / blockHeight * blockHeight; y < row + rows; y += blockHeight)
                    {
                        var y0 = Math.Max(y, row);
                        var y1 = Math.Min(y + blockHeight, row + rows);
                        for (long x = 0; x < top.Width; x += blockWidth)
                        {
                            pieces.Add((plane, y0, (int)(y1 - y0), x, (int)Math.Min(blockWidth, top.Width - x)));
                        }
                    }
                }

                var target = spare;
                var bandRow = row;
                await Parallel.ForEachAsync(
                    pieces,
                    new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Concurrency), CancellationToken = cancellationToken },
                    (piece, _) =>
                    {
                        ReadPiece(top, target, bandRow, piece);
                        return ValueTask.CompletedTask;
                    }).ConfigureAwait(false);
                await flushing.ConfigureAwait(false);
                spare = top.SwapBand(spare);
                top.Fill = rows;
                flushing = FlushAsync(levels, 0, cancellationToken).AsTask();
                _pixelsDone += (long)rows * top.Width * top.Planes;
                _options.Progress?.Report(new PyramidProgress(_pixelsDone, _pixelsTotal));
            }

            await flushing.ConfigureAwait(false);
        }
        finally
        {
            // A failed read must not return the buffer a running write still uses.
            await flushing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            ArrayPool<byte>.Shared.Return(spare);
        }
    }

    private void ReadPiece(Level top, byte[] band, long bandRow, (int Plane, long Y, int Height, long X, int Width) piece)
    {
        var length = piece.Height * piece.Width * _elementSize;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var start = top.PlaneStart(piece.Plane);
            start[^2] = piece.Y;
            start[^1] = piece.X;
            var pixels = buffer.AsSpan(0, length);
            _read(start, piece.Height, piece.Width, pixels);
            _options.Observer?.Invoke(start, piece.Height, piece.Width, pixels);

            // The band is [plane][row][column] with planes BandHeight rows apart until it is packed for writing.
            var rowBytes = piece.Width * _elementSize;
            for (var r = 0; r < piece.Height; r++)
            {
                var offset = ((long)piece.Plane * top.BandHeight + (piece.Y - bandRow + r)) * top.Width + piece.X;
                pixels.Slice(r * rowBytes, rowBytes).CopyTo(band.AsSpan((int)(offset * _elementSize), rowBytes));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Writes level <paramref name="index"/>'s filled band and hands its rows to the next level.</summary>
    private async ValueTask FlushAsync(Level[] levels, int index, CancellationToken cancellationToken)
    {
        var level = levels[index];
        var rows = level.Fill;
        if (rows == 0)
        {
            return;
        }

        // Bands are filled with planes BandHeight rows apart; a short last band is packed so planes are rows apart.
        level.Pack(rows);
        var start = level.PlaneStart(0);
        start[^2] = level.BandStart;
        var shape = new long[_rank];
        for (var d = 0; d < _rank - 2; d++)
        {
            shape[d] = level.LeadingShape[d];
        }

        shape[^2] = rows;
        shape[^1] = level.Width;
        var bytes = (long)level.Planes * rows * level.Width * _elementSize;
        level.BandStart += rows;
        level.Fill = 0;

        // The write and the halving into the next level both only read this band: run them side by side — unless the
        // write blocks are large (whole shards), where writes of several levels in flight would each hold shards.
        var write = level.Array.WriteBytesAsync(new ArrayRegion(start, shape), level.Band.AsMemory(0, (int)bytes), cancellationToken).AsTask();
        if (level.BlockBytes > OverlapLimit)
        {
            await write.ConfigureAwait(false);
        }

        try
        {
            if (index + 1 < levels.Length)
            {
                await PushAsync(levels, index + 1, level, rows, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // The band is refilled after this returns, so the write must be over whatever happened.
            await write.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await write.ConfigureAwait(false);
    }

    /// <summary>Halves <paramref name="rows"/> packed rows of <paramref name="above"/> into level <paramref name="index"/>.</summary>
    private async ValueTask PushAsync(Level[] levels, int index, Level above, int rows, CancellationToken cancellationToken)
    {
        var level = levels[index];
        var final = above.BandStart == above.Height;
        var carried = level.HasCarry ? 1 : 0;
        var total = carried + rows;
        var outputRows = total / 2 + (final && total % 2 == 1 ? 1 : 0);
        var produced = 0;
        while (produced < outputRows)
        {
            var batch = Math.Min(outputRows - produced, level.BandHeight - level.Fill);
            var first = produced;
            var fill = level.Fill;
            await Parallel.ForEachAsync(
                Enumerable.Range(0, level.Planes * batch),
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Concurrency), CancellationToken = cancellationToken },
                (item, _) =>
                {
                    var plane = item / batch;
                    var output = first + item % batch;
                    var topRow = InputRow(level, above, rows, plane, 2 * output, carried);
                    var bottomRow = 2 * output + 1 < total ? InputRow(level, above, rows, plane, 2 * output + 1, carried) : default;
                    var target = level.Band.AsSpan((int)(((long)plane * level.BandHeight + fill + item % batch) * level.Width * _elementSize), (int)(level.Width * _elementSize));
                    DownsampleKernel.Rows(level.Array.DataType, _options.Method, topRow, bottomRow, target);
                    return ValueTask.CompletedTask;
                }).ConfigureAwait(false);
            level.Fill += batch;
            produced += batch;
            if (produced > 0 && carried == 1)
            {
                level.HasCarry = false;
            }

            if (level.Fill == level.BandHeight || level.BandStart + level.Fill == level.Height)
            {
                await FlushAsync(levels, index, cancellationToken).ConfigureAwait(false);
            }
        }

        if (!final && total % 2 == 1)
        {
            for (var plane = 0; plane < level.Planes; plane++)
            {
                above.Band.AsSpan((int)(((long)plane * rows + rows - 1) * above.Width * _elementSize), (int)(above.Width * _elementSize))
                    .CopyTo(level.Carry.AsSpan((int)(plane * above.Width * _elementSize)));
            }

            level.HasCarry = true;
        }
    }

    /// <summary>Row <paramref name="row"/> of the sequence "carry row (if any), then the packed rows of the band above".</summary>
    private ReadOnlySpan<byte> InputRow(Level level, Level above, int rows, int plane, int row, int carried)
    {
        var rowBytes = (int)(above.Width * _elementSize);
        if (row < carried)
        {
            return level.Carry.AsSpan(plane * rowBytes, rowBytes);
        }

        return above.Band.AsSpan((int)(((long)plane * rows + row - carried) * rowBytes), rowBytes);
    }

    private sealed class Level : IDisposable
    {
        private readonly long[] _leadingStart;

        public Level(ZarrArray array, long[] leadingStart, int[] leadingShape)
        {
            Array = array;
            _leadingStart = leadingStart;
            LeadingShape = leadingShape;
            Planes = leadingShape.Aggregate(1, (a, b) => a * b);
            Height = array.Shape[^2];
            Width = array.Shape[^1];
            BandHeight = (int)Math.Min(array.Metadata.ChunkShape[^2], Height);
            var rowBytes = Width * array.DataType.Size;
            Band = ArrayPool<byte>.Shared.Rent(checked((int)(Planes * BandHeight * rowBytes)));
            Carry = ArrayPool<byte>.Shared.Rent(checked((int)(Planes * rowBytes * 2)));
        }

        public ZarrArray Array { get; }

        public int[] LeadingShape { get; }

        /// <summary>Bytes of one write block (chunk, or shard when sharded).</summary>
        public long BlockBytes => Array.Metadata.ChunkShape.Aggregate((long)Array.DataType.Size, (a, b) => a * b);

        public int Planes { get; }

        public long Height { get; }

        public long Width { get; }

        public int BandHeight { get; }

        public byte[] Band { get; private set; }

        /// <summary>Makes <paramref name="filled"/> the band and returns the previous one (same size, from the same pool).</summary>
        public byte[] SwapBand(byte[] filled)
        {
            var previous = Band;
            Band = filled;
            return previous;
        }

        public byte[] Carry { get; }

        public bool HasCarry { get; set; }

        public int Fill { get; set; }

        public long BandStart { get; set; }

        /// <summary>The full index of plane <paramref name="plane"/>'s first pixel (y and x zero).</summary>
        public long[] PlaneStart(int plane)
        {
            var start = new long[_leadingStart.Length + 2];
            var rest = plane;
            for (var d = _leadingStart.Length - 1; d >= 0; d--)
            {
                start[d] = _leadingStart[d] + rest % LeadingShape[d];
                rest /= LeadingShape[d];
            }

            return start;
        }

        /// <summary>Moves plane p's first <paramref name="rows"/> rows from p × BandHeight to p × rows (a no-op for one plane or a full band).</summary>
        public void Pack(int rows)
        {
            if (rows == BandHeight || Planes == 1)
            {
                return;
            }

            var rowBytes = Width * Array.DataType.Size;
            for (var plane = 1; plane < Planes; plane++)
            {
                System.Array.Copy(Band, plane * BandHeight * rowBytes, Band, plane * rows * rowBytes, rows * rowBytes);
            }
        }

        public void Dispose()
        {
            ArrayPool<byte>.Shared.Return(Band);
            ArrayPool<byte>.Shared.Return(Carry);
        }
    }
}
