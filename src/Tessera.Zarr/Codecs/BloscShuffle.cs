namespace Tessera.Zarr.Codecs;

/// <summary>Blosc's pre-compression filter.</summary>
public enum BloscShuffle
{
    /// <summary>No shuffle.</summary>
    NoShuffle = 0,

    /// <summary>Byte shuffle: groups the n-th byte of every element together.</summary>
    Shuffle = 1,

    /// <summary>Bit shuffle: groups the n-th bit of every element together.</summary>
    BitShuffle = 2,
}
