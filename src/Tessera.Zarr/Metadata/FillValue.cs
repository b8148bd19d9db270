using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Zarr.Metadata;

/// <summary>
/// The value of array elements whose chunk is not stored: one element's bytes in machine byte order.
/// Zarr v2 allows a null fill value ("uninitialized"); Tessera reads such chunks as zeros and writes null back.
/// </summary>
public sealed class FillValue
{
    private readonly byte[] _bytes;

    private FillValue(DataType dataType, byte[] bytes, bool isNull)
    {
        DataType = dataType;
        _bytes = bytes;
        IsNull = isNull;
        IsZero = Array.TrueForAll(bytes, b => b == 0);
        IsNaN = dataType.Kind == DataTypeKind.Float && dataType.Size switch
        {
            2 => Half.IsNaN(BinaryPrimitives.ReadHalfLittleEndian(bytes)),
            4 => float.IsNaN(BinaryPrimitives.ReadSingleLittleEndian(bytes)),
            _ => double.IsNaN(BinaryPrimitives.ReadDoubleLittleEndian(bytes)),
        };
    }

    /// <summary>True for a floating-point NaN fill value; then any NaN counts as the fill value (as in zarr-python).</summary>
    public bool IsNaN { get; }

    /// <summary>The data type the value belongs to.</summary>
    public DataType DataType { get; }

    /// <summary>One element, machine byte order.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>True when every byte is zero (lets fills and comparisons use the fast paths).</summary>
    public bool IsZero { get; }

    /// <summary>True for a Zarr v2 <c>null</c> fill value (stored as null, read as zeros).</summary>
    public bool IsNull { get; }

    /// <summary>The all-zero value of <paramref name="dataType"/>.</summary>
    public static FillValue Zero(DataType dataType) => new(dataType, new byte[dataType.Size], isNull: false);

    /// <summary>The Zarr v2 null fill value.</summary>
    public static FillValue Null(DataType dataType) => new(dataType, new byte[dataType.Size], isNull: true);

    /// <summary>A fill value of <paramref name="dataType"/> from raw machine-order bytes.</summary>
    public static FillValue FromBytes(DataType dataType, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != dataType.Size)
        {
            throw new ArgumentException($"a {dataType} fill value has {dataType.Size} bytes, found {bytes.Length}", nameof(bytes));
        }

        return new(dataType, bytes.ToArray(), isNull: false);
    }

    /// <summary>A fill value from a typed element.</summary>
    public static FillValue From<T>(DataType dataType, T value) where T : unmanaged
    {
        if (!dataType.IsCompatibleWith<T>())
        {
            throw new ArgumentException($"{typeof(T).Name} is not a {dataType} value", nameof(value));
        }

        return new(dataType, MemoryMarshal.AsBytes(new ReadOnlySpan<T>(in value)).ToArray(), isNull: false);
    }

    /// <summary>Parses a <c>fill_value</c> member.</summary>
    /// <exception cref="ZarrMetadataException">The JSON does not denote a value of the type.</exception>
    public static FillValue Parse(JsonNode? node, DataType dataType, ZarrFormat format, string jsonPath = "$.fill_value")
    {
        if (node is null)
        {
            if (format == ZarrFormat.V2)
            {
                return Null(dataType);
            }

            throw new ZarrMetadataException(null, jsonPath, "Zarr v3 requires a fill value, found null");
        }

        var bytes = new byte[dataType.Size];
        try
        {
            if (dataType.Kind == DataTypeKind.Complex)
            {
                if (node is not JsonArray { Count: 2 } pair)
                {
                    throw Invalid(node, dataType, jsonPath);
                }

                var half = dataType.Size / 2;
                ParseFloat(pair[0], dataType, jsonPath, bytes.AsSpan(0, half));
                ParseFloat(pair[1], dataType, jsonPath, bytes.AsSpan(half));
                return new(dataType, bytes, isNull: false);
            }

            if (node is not JsonValue value)
            {
                throw Invalid(node, dataType, jsonPath);
            }

            switch (dataType.Kind)
            {
                case DataTypeKind.Bool:
                    {
                        var element = JsonElementOf(value);
                        bytes[0] = element.ValueKind switch
                        {
                            JsonValueKind.True => 1,
                            JsonValueKind.False => 0,
                            JsonValueKind.Number when element.TryGetInt64(out var n) && n is 0 or 1 => (byte)n,
                            _ => throw Invalid(node, dataType, jsonPath),
                        };
                        break;
                    }

                case DataTypeKind.Float:
                    ParseFloat(node, dataType, jsonPath, bytes);
                    break;
                case DataTypeKind.SignedInteger:
                case DataTypeKind.DateTime:
                case DataTypeKind.TimeDelta:
                    {
                        var n = ParseInteger(value, dataType, jsonPath, out var unsigned);
                        if (unsigned)
                        {
                            throw Invalid(node, dataType, jsonPath);
                        }

                        CheckRange((long)n, dataType, node, jsonPath);
                        Span<byte> all = stackalloc byte[8];
                        BinaryPrimitives.WriteInt64LittleEndian(all, (long)n);
                        all[..bytes.Length].CopyTo(bytes);
                        break;
                    }

                case DataTypeKind.UnsignedInteger:
                    {
                        var n = ParseInteger(value, dataType, jsonPath, out var unsigned);
                        if (!unsigned && (long)n < 0)
                        {
                            throw Invalid(node, dataType, jsonPath);
                        }

                        if (dataType.Size < 8 && n >> (dataType.Size * 8) != 0)
                        {
                            throw Invalid(node, dataType, jsonPath);
                        }

                        Span<byte> all = stackalloc byte[8];
                        BinaryPrimitives.WriteUInt64LittleEndian(all, n);
                        all[..bytes.Length].CopyTo(bytes);
                        break;
                    }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new ZarrMetadataException(null, jsonPath, $"expected a {dataType} value, found {DataType.Describe(node)}", e);
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Tessera.Zarr needs a little-endian machine");
        }

        return new(dataType, bytes, isNull: false);
    }

    /// <summary>The <c>fill_value</c> JSON for <paramref name="format"/>.</summary>
    public JsonNode? ToJson(ZarrFormat format)
    {
        if (IsNull && format == ZarrFormat.V2)
        {
            return null;
        }

        var span = Bytes;
        switch (DataType.Kind)
        {
            case DataTypeKind.Bool:
                return JsonValue.Create(span[0] != 0);
            case DataTypeKind.SignedInteger:
            case DataTypeKind.DateTime:
            case DataTypeKind.TimeDelta:
                return DataType.Size switch
                {
                    1 => JsonValue.Create((sbyte)span[0]),
                    2 => JsonValue.Create(BinaryPrimitives.ReadInt16LittleEndian(span)),
                    4 => JsonValue.Create(BinaryPrimitives.ReadInt32LittleEndian(span)),
                    _ => JsonValue.Create(BinaryPrimitives.ReadInt64LittleEndian(span)),
                };
            case DataTypeKind.UnsignedInteger:
                return DataType.Size switch
                {
                    1 => JsonValue.Create(span[0]),
                    2 => JsonValue.Create(BinaryPrimitives.ReadUInt16LittleEndian(span)),
                    4 => JsonValue.Create(BinaryPrimitives.ReadUInt32LittleEndian(span)),
                    _ => JsonValue.Create(BinaryPrimitives.ReadUInt64LittleEndian(span)),
                };
            case DataTypeKind.Float:
                return FloatToJson(span, DataType.Size);
            default:
                {
                    var half = DataType.Size / 2;
                    return new JsonArray(FloatToJson(span[..half], half), FloatToJson(span[half..], half));
                }
        }
    }

    /// <summary>Fills <paramref name="destination"/> (a whole number of elements) with this value.</summary>
    public void Fill(Span<byte> destination)
    {
        if (IsZero)
        {
            destination.Clear();
            return;
        }

        switch (_bytes.Length)
        {
            case 1:
                destination.Fill(_bytes[0]);
                break;
            case 2:
                MemoryMarshal.Cast<byte, ushort>(destination).Fill(MemoryMarshal.Read<ushort>(_bytes));
                break;
            case 4:
                MemoryMarshal.Cast<byte, uint>(destination).Fill(MemoryMarshal.Read<uint>(_bytes));
                break;
            case 8:
                MemoryMarshal.Cast<byte, ulong>(destination).Fill(MemoryMarshal.Read<ulong>(_bytes));
                break;
            default:
                for (var i = 0; i < destination.Length; i += _bytes.Length)
                {
                    _bytes.CopyTo(destination[i..]);
                }

                break;
        }
    }

    /// <summary>
    /// Tells whether every element of <paramref name="data"/> equals this value: bit for bit, except that for a
    /// NaN fill value every NaN matches (NaN payloads differ between platforms: .NET's float.NaN has the sign bit set).
    /// </summary>
    public bool IsFilledWith(ReadOnlySpan<byte> data)
    {
        if (IsNaN)
        {
            return _bytes.Length switch
            {
                2 => AllNaN(MemoryMarshal.Cast<byte, Half>(data)),
                4 => AllNaN(MemoryMarshal.Cast<byte, float>(data)),
                _ => AllNaN(MemoryMarshal.Cast<byte, double>(data)),
            };
        }

        if (IsZero)
        {
            return !data.ContainsAnyExcept((byte)0);
        }

        return _bytes.Length switch
        {
            1 => !data.ContainsAnyExcept(_bytes[0]),
            2 => !MemoryMarshal.Cast<byte, ushort>(data).ContainsAnyExcept(MemoryMarshal.Read<ushort>(_bytes)),
            4 => !MemoryMarshal.Cast<byte, uint>(data).ContainsAnyExcept(MemoryMarshal.Read<uint>(_bytes)),
            8 => !MemoryMarshal.Cast<byte, ulong>(data).ContainsAnyExcept(MemoryMarshal.Read<ulong>(_bytes)),
            _ => IsFilledWithSlow(data),
        };
    }

    /// <inheritdoc />
    public override string ToString() => IsNull ? "null" : ToJson(ZarrFormat.V3)?.ToJsonString() ?? "null";

    private static bool AllNaN<T>(ReadOnlySpan<T> values)
        where T : IFloatingPointIeee754<T>
    {
        foreach (var value in values)
        {
            if (!T.IsNaN(value))
            {
                return false;
            }
        }

        return true;
    }

    private bool IsFilledWithSlow(ReadOnlySpan<byte> data)
    {
        for (var i = 0; i < data.Length; i += _bytes.Length)
        {
            if (!data.Slice(i, _bytes.Length).SequenceEqual(_bytes))
            {
                return false;
            }
        }

        return true;
    }

    // Parsed documents hold JsonElements; nodes built in code do not, so round-trip those through text.
    private static JsonElement JsonElementOf(JsonValue value) =>
        value.TryGetValue<JsonElement>(out var element) ? element : JsonDocument.Parse(value.ToJsonString()).RootElement.Clone();

    // .NET's double.NaN has the sign bit set; numpy and the Zarr spec mean the positive quiet NaN
    // (0x7FC00000 as float32), and chunk emptiness is judged bit for bit.
    private static readonly double CanonicalNaN = BitConverter.UInt64BitsToDouble(0x7FF8000000000000);

    private static ZarrMetadataException Invalid(JsonNode node, DataType dataType, string jsonPath) =>
        new(null, jsonPath, $"expected a {dataType} value, found {DataType.Describe(node)}");

    private static ulong ParseInteger(JsonValue value, DataType dataType, string jsonPath, out bool unsigned)
    {
        var element = JsonElementOf(value);
        unsigned = false;
        if (element.ValueKind == JsonValueKind.Number)
        {
            if (element.TryGetInt64(out var signed))
            {
                return (ulong)signed;
            }

            if (element.TryGetUInt64(out var big))
            {
                unsigned = true;
                return big;
            }

            // zarr-python writes some integer fill values as 0.0: accept integral doubles.
            var d = element.GetDouble();
            if (d == Math.Floor(d) && d >= long.MinValue && d < 9.2233720368547758e18)
            {
                return (ulong)(long)d;
            }
        }
        else if (element.ValueKind == JsonValueKind.String && dataType.IsTemporal && element.GetString() == "NaT")
        {
            return unchecked((ulong)long.MinValue);
        }

        throw Invalid(value, dataType, jsonPath);
    }

    private static void CheckRange(long n, DataType dataType, JsonNode node, string jsonPath)
    {
        var bits = dataType.Size * 8;
        if (bits < 64 && (n < -(1L << (bits - 1)) || n >= 1L << (bits - 1)))
        {
            throw Invalid(node, dataType, jsonPath);
        }
    }

    /// <summary>
    /// Writes a float fill value of <paramref name="destination"/>'s width: a number (which must fit the width),
    /// "NaN", "Infinity", "-Infinity", or a hex string giving the exact bits (NaN payloads included).
    /// </summary>
    private static void ParseFloat(JsonNode? node, DataType dataType, string jsonPath, Span<byte> destination)
    {
        if (node is not JsonValue value)
        {
            throw Invalid(node ?? JsonValue.Create("null"), dataType, jsonPath);
        }

        var size = destination.Length;
        var element = JsonElementOf(value);
        if (element.ValueKind == JsonValueKind.Number)
        {
            var number = element.GetDouble();
            WriteFloat(number, size, destination);
            if (double.IsFinite(number) && !double.IsFinite(ReadFloat(destination)))
            {
                throw new ZarrMetadataException(null, jsonPath, $"fill value {element.GetRawText()} is out of range for {dataType}");
            }

            return;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            var text = element.GetString()!;
            switch (text)
            {
                case "NaN":
                    WriteFloat(CanonicalNaN, size, destination);
                    return;
                case "Infinity":
                    WriteFloat(double.PositiveInfinity, size, destination);
                    return;
                case "-Infinity":
                    WriteFloat(double.NegativeInfinity, size, destination);
                    return;
            }

            // The exact bit pattern at this width: written as is, never through a double.
            if (text.StartsWith("0x", StringComparison.Ordinal)
                && ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var bits)
                && (size == 8 || bits >> (8 * size) == 0))
            {
                Span<byte> all = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(all, bits);
                all[..size].CopyTo(destination);
                return;
            }
        }

        throw Invalid(node, dataType, jsonPath);
    }

    private static double ReadFloat(ReadOnlySpan<byte> source) => source.Length switch
    {
        2 => (double)BinaryPrimitives.ReadHalfLittleEndian(source),
        4 => BinaryPrimitives.ReadSingleLittleEndian(source),
        _ => BinaryPrimitives.ReadDoubleLittleEndian(source),
    };

    private static void WriteFloat(double value, int size, Span<byte> destination)
    {
        switch (size)
        {
            case 2:
                BinaryPrimitives.WriteHalfLittleEndian(destination, (Half)value);
                break;
            case 4:
                BinaryPrimitives.WriteSingleLittleEndian(destination, (float)value);
                break;
            default:
                BinaryPrimitives.WriteDoubleLittleEndian(destination, value);
                break;
        }
    }

    private static JsonNode FloatToJson(ReadOnlySpan<byte> span, int size)
    {
        double value = size switch
        {
            2 => (double)BinaryPrimitives.ReadHalfLittleEndian(span),
            4 => BinaryPrimitives.ReadSingleLittleEndian(span),
            _ => BinaryPrimitives.ReadDoubleLittleEndian(span),
        };
        if (double.IsNaN(value))
        {
            // The canonical quiet NaN is "NaN"; any other payload keeps its exact bits as hex.
            var bits = size switch
            {
                2 => BinaryPrimitives.ReadUInt16LittleEndian(span),
                4 => BinaryPrimitives.ReadUInt32LittleEndian(span),
                _ => BinaryPrimitives.ReadUInt64LittleEndian(span),
            };
            var canonical = size switch { 2 => 0x7E00ul, 4 => 0x7FC00000ul, _ => 0x7FF8000000000000ul };
            return JsonValue.Create(bits == canonical ? "NaN" : "0x" + bits.ToString(size == 2 ? "x4" : size == 4 ? "x8" : "x16", CultureInfo.InvariantCulture));
        }

        if (double.IsInfinity(value))
        {
            return JsonValue.Create(value > 0 ? "Infinity" : "-Infinity");
        }

        return size switch
        {
            2 => JsonValue.Create((float)BinaryPrimitives.ReadHalfLittleEndian(span)),
            4 => JsonValue.Create(BinaryPrimitives.ReadSingleLittleEndian(span)),
            _ => JsonValue.Create(value),
        };
    }
}
