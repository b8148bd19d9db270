namespace Tessera.Zarr;

/// <summary>Whether a codec was encoding or decoding when it failed.</summary>
public enum CodecDirection
{
    /// <summary>Turning array data into stored bytes.</summary>
    Encode,

    /// <summary>Turning stored bytes into array data.</summary>
    Decode,
}
