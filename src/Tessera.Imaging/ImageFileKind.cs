namespace Tessera.Imaging;

/// <summary>What an image file is, as told by its first bytes.</summary>
public enum ImageFileKind
{
    /// <summary>None of the formats below.</summary>
    Unknown,

    /// <summary>Classic TIFF (II*\0 or MM\0*), including OME-TIFF.</summary>
    Tiff,

    /// <summary>BigTIFF (II+\0 or MM\0+), including OME-TIFF.</summary>
    BigTiff,

    /// <summary>PNG.</summary>
    Png,

    /// <summary>JPEG (JFIF, Exif or raw).</summary>
    Jpeg,
}
