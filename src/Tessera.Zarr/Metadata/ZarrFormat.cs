namespace Tessera.Zarr.Metadata;

/// <summary>The Zarr storage format version of a node.</summary>
public enum ZarrFormat
{
    /// <summary>Zarr v2: <c>.zarray</c>, <c>.zgroup</c>, <c>.zattrs</c>.</summary>
    V2 = 2,

    /// <summary>Zarr v3: <c>zarr.json</c>.</summary>
    V3 = 3,
}
