using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Tessera.Zarr;

namespace Tessera.Interop.Tests.Cases;

/// <summary>The values of a whole array in C order, with the digest the peers compute too.</summary>
internal sealed class ArrayValues
{
    public ArrayValues(NumpyType type, long[] shape, Array values)
    {
        if (values.Length != shape.Aggregate(1L, (a, b) => a * b))
        {
            throw new ArgumentException($"{values.Length} values for shape [{string.Join(", ", shape)}]", nameof(values));
        }

        Type = type;
        Shape = shape;
        Values = values;
    }

    public NumpyType Type { get; }

    public long[] Shape { get; }

    /// <summary>A T[] of the element type, C order.</summary>
    public Array Values { get; }

    public long Count => Values.Length;

    /// <summary>The elements as little-endian bytes, C order (what every side hashes).</summary>
    public ReadOnlySpan<byte> LittleEndianBytes
    {
        get
        {
            // Machine order is the wire order only on little-endian machines, which is all .NET targets here.
            if (!BitConverter.IsLittleEndian)
            {
                throw new PlatformNotSupportedException("the interop digests assume a little-endian machine");
            }

            return MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetArrayDataReference(Values), Values.Length * Type.Size);
        }
    }

    /// <summary>
    /// The case values: <see cref="TestValues"/> by flat index, except <paramref name="fill"/> where
    /// <paramref name="isFill"/> says so.
    /// </summary>
    public static ArrayValues Generate(NumpyType type, long[] shape, Func<long[], bool>? isFill = null, double fill = 0)
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var index = new long[shape.Length];
        return new ArrayValues(type, shape, type.Create(count, i => isFill is not null && isFill(Unravel(i, shape, index)) ? fill : TestValues.At(type.Code, i)));
    }

    public static async Task<ArrayValues> ReadAsync(ZarrArray array, NumpyType type) =>
        new(type, [.. array.Shape], await type.ReadAsync(array));

    /// <summary>The multi-index of flat C-order index <paramref name="flat"/>, written into <paramref name="index"/>.</summary>
    public static long[] Unravel(long flat, long[] shape, long[] index)
    {
        for (var d = shape.Length - 1; d >= 0; d--)
        {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }

        return index;
    }

    public string Sha256() => Convert.ToHexStringLower(SHA256.HashData(LittleEndianBytes));

    /// <summary>Element <paramref name="flat"/> as text, floats in round-trip form.</summary>
    public string Format(long flat) => Values.GetValue(flat) switch
    {
        // Widened to double so the text matches what Python and JavaScript print for the same element.
        float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        var other => Convert.ToString(other, CultureInfo.InvariantCulture) ?? "?",
    };

    /// <summary>The first flat index where the two differ bit for bit, or -1.</summary>
    public long FirstDifference(ArrayValues other)
    {
        var mine = LittleEndianBytes;
        var theirs = other.LittleEndianBytes;
        var common = mine.CommonPrefixLength(theirs);
        return common == mine.Length && mine.Length == theirs.Length ? -1 : common / Type.Size;
    }
}
