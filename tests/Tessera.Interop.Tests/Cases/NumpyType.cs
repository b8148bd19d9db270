using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Tessera.Zarr;
using Tessera.Zarr.Metadata;

namespace Tessera.Interop.Tests.Cases;

/// <summary>An element type the interop cases cover, with its name in each implementation.</summary>
internal sealed class NumpyType
{
    private NumpyType(string code, DataType dataType, string numpy, string zarrita)
    {
        Code = code;
        DataType = dataType;
        Numpy = numpy;
        Zarrita = zarrita;
    }

    public static NumpyType U1 { get; } = new("u1", DataType.UInt8, "|u1", "uint8");

    public static NumpyType U2 { get; } = new("u2", DataType.UInt16, "<u2", "uint16");

    public static NumpyType I4 { get; } = new("i4", DataType.Int32, "<i4", "int32");

    public static NumpyType F4 { get; } = new("f4", DataType.Float32, "<f4", "float32");

    public static NumpyType F8 { get; } = new("f8", DataType.Float64, "<f8", "float64");

    public static IReadOnlyList<NumpyType> All { get; } = [U1, U2, I4, F4, F8];

    /// <summary>Short numpy code without byte order (<c>u2</c>).</summary>
    public string Code { get; }

    /// <summary>Tessera's data type.</summary>
    public DataType DataType { get; }

    /// <summary><c>dtype.str</c> as numpy reports it for a little-endian array.</summary>
    public string Numpy { get; }

    /// <summary>zarrita's <c>array.dtype</c>.</summary>
    public string Zarrita { get; }

    public int Size => DataType.Size;

    /// <summary>A new array of this element type, element i converted from <paramref name="value"/>(i).</summary>
    public Array Create(long count, Func<long, double> value)
    {
        switch (Code)
        {
            case "u1":
                return Build(count, i => (byte)value(i));
            case "u2":
                return Build(count, i => (ushort)value(i));
            case "i4":
                return Build(count, i => (int)value(i));
            case "f4":
                return Build(count, i => (float)value(i));
            default:
                return Build(count, value);
        }
    }

    /// <summary>A T[] of this element type from little-endian bytes (what the peers report).</summary>
    public Array FromLittleEndianBytes(byte[] bytes) => Code switch
    {
        "u1" => bytes.ToArray(),
        "u2" => MemoryMarshal.Cast<byte, ushort>(bytes).ToArray(),
        "i4" => MemoryMarshal.Cast<byte, int>(bytes).ToArray(),
        "f4" => MemoryMarshal.Cast<byte, float>(bytes).ToArray(),
        _ => MemoryMarshal.Cast<byte, double>(bytes).ToArray(),
    };

    /// <summary>The fill value <paramref name="value"/> as Tessera metadata.</summary>
    public FillValue Fill(double value) => Code switch
    {
        "u1" => FillValue.From(DataType, (byte)value),
        "u2" => FillValue.From(DataType, (ushort)value),
        "i4" => FillValue.From(DataType, (int)value),
        "f4" => FillValue.From(DataType, (float)value),
        _ => FillValue.From(DataType, value),
    };

    /// <summary>The fill value as JSON for a peer manifest (integers without a fraction).</summary>
    public JsonNode FillJson(double value) => DataType.Kind == DataTypeKind.Float ? JsonValue.Create(value) : JsonValue.Create((long)value);

    /// <summary>Reads a whole array with Tessera as this element type.</summary>
    public async Task<Array> ReadAsync(ZarrArray array)
    {
        var region = ArrayRegion.Full(array.Shape);
        return Code switch
        {
            "u1" => await array.ReadAsync<byte>(region),
            "u2" => await array.ReadAsync<ushort>(region),
            "i4" => await array.ReadAsync<int>(region),
            "f4" => await array.ReadAsync<float>(region),
            _ => await array.ReadAsync<double>(region),
        };
    }

    /// <summary>Writes <paramref name="values"/> (C order) to the whole array with Tessera.</summary>
    public ValueTask WriteAsync(ZarrArray array, Array values)
    {
        var region = ArrayRegion.Full(array.Shape);
        return Code switch
        {
            "u1" => array.WriteAsync<byte>(region, (byte[])values),
            "u2" => array.WriteAsync<ushort>(region, (ushort[])values),
            "i4" => array.WriteAsync<int>(region, (int[])values),
            "f4" => array.WriteAsync<float>(region, (float[])values),
            _ => array.WriteAsync<double>(region, (double[])values),
        };
    }

    public override string ToString() => Code;

    private static T[] Build<T>(long count, Func<long, T> value)
    {
        var result = new T[count];
        for (long i = 0; i < count; i++)
        {
            result[i] = value(i);
        }

        return result;
    }
}
