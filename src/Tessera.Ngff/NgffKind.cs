namespace Tessera.Ngff;

/// <summary>What an OME-Zarr node is, as told by its metadata.</summary>
public enum NgffKind
{
    /// <summary>No OME-NGFF metadata.</summary>
    None,

    /// <summary>A multiscale image.</summary>
    Image,

    /// <summary>A multiscale image that is a label image (<c>image-label</c>).</summary>
    LabelImage,

    /// <summary>The <c>labels</c> group listing an image's label images.</summary>
    Labels,

    /// <summary>A high-content screening plate.</summary>
    Plate,

    /// <summary>A well of a plate.</summary>
    Well,

    /// <summary>The root of a bioformats2raw collection (<c>bioformats2raw.layout</c>), series at 0/, 1/, … or listed in OME/.</summary>
    Bioformats2RawCollection,

    /// <summary>The <c>OME</c> group of a bioformats2raw collection (<c>series</c>, <c>METADATA.ome.xml</c>).</summary>
    OmeSeries,

    /// <summary>A 0.6 scene: coordinate transformations between images.</summary>
    Scene,
}
