namespace Tessera.Ngff;

/// <summary>An OME-NGFF metadata version.</summary>
public enum NgffVersion
{
    /// <summary>0.1: multiscales without axes.</summary>
    V0_1,

    /// <summary>0.2: as 0.1, with a fixed 5-D (t, c, z, y, x) layout.</summary>
    V0_2,

    /// <summary>0.3: axes as a list of names.</summary>
    V0_3,

    /// <summary>0.4: Zarr v2, metadata at the top level of <c>.zattrs</c>, typed axes, per-level scale.</summary>
    V0_4,

    /// <summary>0.5: Zarr v3, metadata under <c>attributes.ome</c> with <c>ome.version</c>.</summary>
    V0_5,

    /// <summary>0.6rc0: coordinate systems and general coordinate transformations.</summary>
    V0_6,
}
