namespace Tessera.Zarr.Metadata;

/// <summary>Byte order of multi-byte values in stored chunks.</summary>
public enum Endianness
{
    /// <summary>Least significant byte first.</summary>
    Little,

    /// <summary>Most significant byte first.</summary>
    Big,
}
