namespace Tessera.Zarr.Storage;

/// <summary>What part of a stored value a <see cref="ByteRange"/> selects.</summary>
public enum ByteRangeKind
{
    /// <summary>The whole value.</summary>
    All,

    /// <summary>From an offset to the end.</summary>
    FromOffset,

    /// <summary>A number of bytes starting at an offset.</summary>
    Slice,

    /// <summary>The last bytes of the value.</summary>
    Suffix,
}
