namespace Tessera.Zarr.Metadata;

/// <summary>The family of a <see cref="DataType"/>.</summary>
public enum DataTypeKind
{
    /// <summary>Boolean, one byte, 0 or 1.</summary>
    Bool,

    /// <summary>Two's complement signed integer.</summary>
    SignedInteger,

    /// <summary>Unsigned integer.</summary>
    UnsignedInteger,

    /// <summary>IEEE 754 binary floating point.</summary>
    Float,

    /// <summary>Pair of IEEE 754 floats (real, imaginary).</summary>
    Complex,

    /// <summary>numpy datetime64: signed 64-bit count of a time unit since the epoch.</summary>
    DateTime,

    /// <summary>numpy timedelta64: signed 64-bit count of a time unit.</summary>
    TimeDelta,
}
