using Tessera.Zarr;

namespace Tessera.Bench.ZarrIo;

/// <summary>
/// The regular chunk grid of a 3-D array whose shape the chunks divide evenly (as the benchmark's do):
/// keys in C order and copies between a chunk-major buffer and the C-order array.
/// </summary>
internal sealed class ChunkLayout
{
    private readonly long[] _shape;
    private readonly int[] _chunk;
    private readonly long[] _gridShape;

    private ChunkLayout(long[] shape, int[] chunk, string[] keys)
    {
        _shape = shape;
        _chunk = chunk;
        _gridShape = [.. shape.Select((extent, d) => extent / chunk[d])];
        Keys = keys;
    }

    public IReadOnlyList<string> Keys { get; }

    public int Count => Keys.Count;

    public int ChunkElements => _chunk[0] * _chunk[1] * _chunk[2];

    public static ChunkLayout Of(ZarrArray array)
    {
        var shape = array.Shape.ToArray();
        var chunk = array.Metadata.ChunkShape.ToArray();
        if (shape.Length != 3 || shape.Select((extent, d) => extent % chunk[d]).Any(rest => rest != 0))
        {
            throw new ArgumentException($"probes need a 3-D array whose chunks divide its shape; found shape [{string.Join(", ", shape)}], chunks [{string.Join(", ", chunk)}]");
        }

        var keys = new List<string>();
        for (long z = 0; z < shape[0] / chunk[0]; z++)
        {
            for (long y = 0; y < shape[1] / chunk[1]; y++)
            {
                for (long x = 0; x < shape[2] / chunk[2]; x++)
                {
                    keys.Add(array.ChunkKey([z, y, x]));
                }
            }
        }

        return new ChunkLayout(shape, chunk, [.. keys]);
    }

    /// <summary>Copies chunk <paramref name="k"/> (C-order grid index) from the chunk-major buffer into the array, row by row.</summary>
    public void Scatter(ReadOnlySpan<ushort> chunkMajor, int k, Span<ushort> array)
    {
        var row = _chunk[2];
        for (var r = 0; r < RowsPerChunk; r++)
        {
            chunkMajor.Slice(k * ChunkElements + r * row, row).CopyTo(array.Slice(ArrayOffset(k, r), row));
        }
    }

    /// <summary>Copies chunk <paramref name="k"/> out of the array into the chunk-major buffer.</summary>
    public void Gather(ReadOnlySpan<ushort> array, int k, Span<ushort> chunkMajor)
    {
        var row = _chunk[2];
        for (var r = 0; r < RowsPerChunk; r++)
        {
            array.Slice(ArrayOffset(k, r), row).CopyTo(chunkMajor.Slice(k * ChunkElements + r * row, row));
        }
    }

    private int RowsPerChunk => _chunk[0] * _chunk[1];

    /// <summary>Where row <paramref name="r"/> of chunk <paramref name="k"/> starts in the C-order array.</summary>
    private int ArrayOffset(int k, int r)
    {
        var (z0, y0, x0) = Origin(k);
        var z = z0 + r / _chunk[1];
        var y = y0 + r % _chunk[1];
        return checked((int)((z * _shape[1] + y) * _shape[2] + x0));
    }

    private (long Z, long Y, long X) Origin(int k)
    {
        var x = k % _gridShape[2];
        var y = k / _gridShape[2] % _gridShape[1];
        var z = k / _gridShape[2] / _gridShape[1];
        return (z * _chunk[0], y * _chunk[1], x * _chunk[2]);
    }
}
