using System.Numerics;
using System.Text.Json.Nodes;

namespace Tessera.Zarr.Metadata;

/// <summary>
/// A fixed-size Zarr data type. In memory, elements are held in the machine's byte order (little endian
/// on every platform .NET runs on); the <c>bytes</c> codec converts to the stored byte order.
/// </summary>
public sealed class DataType : IEquatable<DataType>
{
    private static readonly string[] TimeUnits = ["Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as", "generic"];

    private DataType(string name, DataTypeKind kind, int size, int componentSize, Type? clrType, char v2Kind, string? unit = null, int scaleFactor = 1)
    {
        Name = name;
        Kind = kind;
        Size = size;
        ComponentSize = componentSize;
        ClrType = clrType;
        V2Kind = v2Kind;
        Unit = unit;
        ScaleFactor = scaleFactor;
    }

    /// <summary>bool (1 byte).</summary>
    public static DataType Bool { get; } = new("bool", DataTypeKind.Bool, 1, 1, typeof(bool), 'b');

    /// <summary>int8.</summary>
    public static DataType Int8 { get; } = new("int8", DataTypeKind.SignedInteger, 1, 1, typeof(sbyte), 'i');

    /// <summary>int16.</summary>
    public static DataType Int16 { get; } = new("int16", DataTypeKind.SignedInteger, 2, 2, typeof(short), 'i');

    /// <summary>int32.</summary>
    public static DataType Int32 { get; } = new("int32", DataTypeKind.SignedInteger, 4, 4, typeof(int), 'i');

    /// <summary>int64.</summary>
    public static DataType Int64 { get; } = new("int64", DataTypeKind.SignedInteger, 8, 8, typeof(long), 'i');

    /// <summary>uint8.</summary>
    public static DataType UInt8 { get; } = new("uint8", DataTypeKind.UnsignedInteger, 1, 1, typeof(byte), 'u');

    /// <summary>uint16.</summary>
    public static DataType UInt16 { get; } = new("uint16", DataTypeKind.UnsignedInteger, 2, 2, typeof(ushort), 'u');

    /// <summary>uint32.</summary>
    public static DataType UInt32 { get; } = new("uint32", DataTypeKind.UnsignedInteger, 4, 4, typeof(uint), 'u');

    /// <summary>uint64.</summary>
    public static DataType UInt64 { get; } = new("uint64", DataTypeKind.UnsignedInteger, 8, 8, typeof(ulong), 'u');

    /// <summary>float16 (IEEE half precision, <see cref="Half"/>).</summary>
    public static DataType Float16 { get; } = new("float16", DataTypeKind.Float, 2, 2, typeof(Half), 'f');

    /// <summary>float32.</summary>
    public static DataType Float32 { get; } = new("float32", DataTypeKind.Float, 4, 4, typeof(float), 'f');

    /// <summary>float64.</summary>
    public static DataType Float64 { get; } = new("float64", DataTypeKind.Float, 8, 8, typeof(double), 'f');

    /// <summary>complex64 (two float32; no .NET element type, read it as bytes).</summary>
    public static DataType Complex64 { get; } = new("complex64", DataTypeKind.Complex, 8, 4, null, 'c');

    /// <summary>complex128 (two float64, <see cref="Complex"/>).</summary>
    public static DataType Complex128 { get; } = new("complex128", DataTypeKind.Complex, 16, 8, typeof(Complex), 'c');

    /// <summary>The core data types by their Zarr v3 name.</summary>
    public static IReadOnlyList<DataType> Core { get; } =
        [Bool, Int8, Int16, Int32, Int64, UInt8, UInt16, UInt32, UInt64, Float16, Float32, Float64, Complex64, Complex128];

    /// <summary>The Zarr v3 name (<c>uint16</c>, <c>numpy.datetime64</c>, …).</summary>
    public string Name { get; }

    /// <summary>The family.</summary>
    public DataTypeKind Kind { get; }

    /// <summary>Bytes per element.</summary>
    public int Size { get; }

    /// <summary>Bytes swapped as one unit when converting byte order (half the size for complex types).</summary>
    public int ComponentSize { get; }

    /// <summary>The .NET element type that reads and writes this data type, or null (complex64).</summary>
    public Type? ClrType { get; }

    /// <summary>Time unit of datetime/timedelta types (<c>ns</c>, <c>ms</c>, <c>D</c>…), otherwise null.</summary>
    public string? Unit { get; }

    /// <summary>Number of <see cref="Unit"/>s per step of datetime/timedelta types, otherwise 1.</summary>
    public int ScaleFactor { get; }

    private char V2Kind { get; }

    /// <summary>True for kinds whose values are 64-bit counts of a time unit.</summary>
    public bool IsTemporal => Kind is DataTypeKind.DateTime or DataTypeKind.TimeDelta;

    /// <summary>A numpy datetime64 type with the given unit and scale.</summary>
    public static DataType DateTime64(string unit, int scaleFactor = 1) => Temporal(DataTypeKind.DateTime, unit, scaleFactor);

    /// <summary>A numpy timedelta64 type with the given unit and scale.</summary>
    public static DataType TimeDelta64(string unit, int scaleFactor = 1) => Temporal(DataTypeKind.TimeDelta, unit, scaleFactor);

    /// <summary>Finds a core data type by its v3 name (<c>uint16</c>…); null when unknown.</summary>
    public static DataType? FromName(string name) => Core.FirstOrDefault(t => t.Name == name);

    /// <summary>The core data type read and written as <typeparamref name="T"/>.</summary>
    public static DataType Of<T>() where T : unmanaged =>
        Core.FirstOrDefault(t => t.ClrType == typeof(T)) ?? throw new ArgumentException($"no Zarr data type is read as {typeof(T).Name}");

    /// <summary>Tells whether elements of this type can be read into and written from <typeparamref name="T"/>.</summary>
    public bool IsCompatibleWith<T>() where T : unmanaged =>
        ClrType == typeof(T) || (IsTemporal && typeof(T) == typeof(long));

    /// <summary>Parses the <c>data_type</c> member of v3 array metadata.</summary>
    /// <exception cref="ZarrMetadataException">Malformed.</exception>
    /// <exception cref="ZarrUnsupportedException">A data type Tessera.Zarr does not implement.</exception>
    public static DataType ParseV3(JsonNode? node, string jsonPath = "$.data_type")
    {
        switch (node)
        {
            case JsonValue value when value.TryGetValue<string>(out var name):
                return FromName(name) ?? throw new ZarrUnsupportedException("data type", name, jsonPath: jsonPath);
            case JsonObject obj when obj["name"] is JsonValue nameValue && nameValue.TryGetValue<string>(out var name):
                {
                    var configuration = obj["configuration"] as JsonObject;
                    if (name is "numpy.datetime64" or "numpy.timedelta64")
                    {
                        var unit = configuration?["unit"]?.GetValue<string>() ?? throw new ZarrMetadataException(null, jsonPath + ".configuration.unit", $"{name} needs a unit");
                        var scale = configuration["scale_factor"] is { } scaleNode ? (JsonNumbers.TryGetInt32(scaleNode, out var s) ? s : throw new ZarrMetadataException(null, jsonPath + ".configuration.scale_factor", $"expected an integer, found {scaleNode.ToJsonString()}")) : 1;
                        return name == "numpy.datetime64" ? DateTime64(unit, scale) : TimeDelta64(unit, scale);
                    }

                    var core = FromName(name);
                    if (core is not null && (configuration is null || configuration.Count == 0))
                    {
                        return core;
                    }

                    throw new ZarrUnsupportedException("data type", name, jsonPath: jsonPath);
                }

            default:
                throw new ZarrMetadataException(null, jsonPath, $"expected a data type name or {{\"name\": …}} object, found {Describe(node)}");
        }
    }

    /// <summary>The v3 <c>data_type</c> JSON.</summary>
    public JsonNode ToV3Json() => IsTemporal
        ? new JsonObject
        {
            ["name"] = Name,
            ["configuration"] = new JsonObject { ["unit"] = Unit, ["scale_factor"] = ScaleFactor },
        }
        : JsonValue.Create(Name);

    /// <summary>Parses a Zarr v2 / numpy type string such as <c>&lt;u2</c>, <c>|b1</c>, <c>&lt;M8[ns]</c>.</summary>
    /// <returns>The data type and the byte order of stored values (null for one-byte types).</returns>
    public static (DataType Type, Endianness? Endianness) ParseV2(string typeString, string jsonPath = "$.dtype")
    {
        ArgumentNullException.ThrowIfNull(typeString);
        if (typeString.Length < 3 || "<>|=".IndexOf(typeString[0]) < 0)
        {
            throw new ZarrUnsupportedException("data type", typeString, jsonPath: jsonPath);
        }

        var order = typeString[0];
        var kind = typeString[1];
        var rest = typeString[2..];
        var bracket = rest.IndexOf('[');
        var sizeText = bracket < 0 ? rest : rest[..bracket];
        if (!int.TryParse(sizeText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size))
        {
            throw new ZarrUnsupportedException("data type", typeString, jsonPath: jsonPath);
        }

        DataType? type;
        if (kind is 'M' or 'm')
        {
            if (size != 8 || bracket < 0 || !rest.EndsWith(']'))
            {
                throw new ZarrUnsupportedException("data type", typeString, jsonPath: jsonPath);
            }

            var unitText = rest[(bracket + 1)..^1];
            var digits = unitText.TakeWhile(char.IsAsciiDigit).Count();
            var scale = digits == 0 ? 1 : int.Parse(unitText[..digits], System.Globalization.CultureInfo.InvariantCulture);
            type = kind == 'M' ? DateTime64(unitText[digits..], scale) : TimeDelta64(unitText[digits..], scale);
        }
        else
        {
            type = bracket >= 0 ? null : Core.FirstOrDefault(t => t.V2Kind == kind && t.Size == size);
        }

        if (type is null)
        {
            throw new ZarrUnsupportedException("data type", typeString, jsonPath: jsonPath);
        }

        Endianness? endianness = type.ComponentSize == 1 ? null : order switch
        {
            '>' => Endianness.Big,
            '<' or '=' => Endianness.Little,
            _ => throw new ZarrMetadataException(null, jsonPath, $"multi-byte type '{typeString}' needs '<' or '>' byte order"),
        };
        return (type, endianness);
    }

    /// <summary>The Zarr v2 / numpy type string for this type stored in <paramref name="endianness"/>.</summary>
    public string ToV2(Endianness endianness)
    {
        var order = ComponentSize == 1 ? '|' : endianness == Endianness.Big ? '>' : '<';
        if (IsTemporal)
        {
            var scale = ScaleFactor == 1 ? "" : ScaleFactor.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return $"{order}{(Kind == DataTypeKind.DateTime ? 'M' : 'm')}8[{scale}{Unit}]";
        }

        return $"{order}{V2Kind}{Size}";
    }

    /// <inheritdoc />
    public bool Equals(DataType? other) =>
        other is not null && Name == other.Name && Kind == other.Kind && Unit == other.Unit && ScaleFactor == other.ScaleFactor;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DataType);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Unit, ScaleFactor);

    /// <inheritdoc />
    public override string ToString() => IsTemporal ? $"{Name}[{(ScaleFactor == 1 ? "" : ScaleFactor)}{Unit}]" : Name;

    internal static string Describe(JsonNode? node) => node is null ? "null" : node.ToJsonString();

    private static DataType Temporal(DataTypeKind kind, string unit, int scaleFactor)
    {
        if (!TimeUnits.Contains(unit))
        {
            throw new ZarrMetadataException(null, "$.data_type", $"unknown time unit '{unit}' (expected one of {string.Join(", ", TimeUnits)})");
        }

        if (scaleFactor < 1)
        {
            throw new ZarrMetadataException(null, "$.data_type", $"time scale factor must be at least 1, found {scaleFactor}");
        }

        var name = kind == DataTypeKind.DateTime ? "numpy.datetime64" : "numpy.timedelta64";
        return new DataType(name, kind, 8, 8, typeof(long), kind == DataTypeKind.DateTime ? 'M' : 'm', unit, scaleFactor);
    }
}
