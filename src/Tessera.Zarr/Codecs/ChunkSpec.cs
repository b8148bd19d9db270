using System.Collections.Immutable;
using Tessera.Zarr.Metadata;

namespace Tessera.Zarr.Codecs;

/// <summary>
/// The in-memory representation a codec works on: a chunk's shape, data type and fill value. Decoded
/// chunks are C-order elements in machine byte order.
/// </summary>
public sealed class ChunkSpec
{
    /// <summary>Creates a spec.</summary>
    public ChunkSpec(ImmutableArray<int> shape, DataType dataType, FillValue fillValue)
    {
        Shape = shape;
        DataType = dataType;
        FillValue = fillValue;
        long count = 1;
        foreach (var extent in shape)
        {
            count = checked(count * extent);
        }

        ElementCount = count;
        ByteLength = checked(count * dataType.Size);
    }

    /// <summary>The chunk's shape.</summary>
    public ImmutableArray<int> Shape { get; }

    /// <summary>Element type.</summary>
    public DataType DataType { get; }

    /// <summary>Fill value, used for absent inner chunks.</summary>
    public FillValue FillValue { get; }

    /// <summary>Number of elements.</summary>
    public long ElementCount { get; }

    /// <summary>Bytes of one decoded chunk.</summary>
    public long ByteLength { get; }

    /// <summary>Same data type and fill value with another shape.</summary>
    public ChunkSpec WithShape(ImmutableArray<int> shape) => new(shape, DataType, FillValue);
}
