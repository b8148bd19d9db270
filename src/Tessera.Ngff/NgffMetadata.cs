namespace Tessera.Ngff;

/// <summary>
/// The OME-NGFF metadata of one Zarr group, independent of the version it was read from or will be written
/// as. Several blocks may be present together (an image with <c>omero</c>; a label image with
/// <c>image-label</c>; a bioformats2raw root that is also a plate).
/// </summary>
public sealed record NgffMetadata
{
    /// <summary>The multiscale images (almost always one).</summary>
    public ValueList<Multiscale>? Multiscales { get; init; }

    /// <summary>The transitional rendering block.</summary>
    public OmeroMetadata? Omero { get; init; }

    /// <summary>Present on a label image.</summary>
    public ImageLabel? ImageLabel { get; init; }

    /// <summary>On a <c>labels</c> group: the label images' names.</summary>
    public ValueList<string>? Labels { get; init; }

    /// <summary>On a plate.</summary>
    public Plate? Plate { get; init; }

    /// <summary>On a well.</summary>
    public Well? Well { get; init; }

    /// <summary>On a bioformats2raw root: the layout version (3).</summary>
    public int? Bioformats2RawLayout { get; init; }

    /// <summary>On a bioformats2raw <c>OME</c> group: the image paths in OME-XML order.</summary>
    public ValueList<string>? Series { get; init; }

    /// <summary>A 0.6 scene, kept as JSON.</summary>
    public JsonFields? Scene { get; init; }

    /// <summary>What the node is; a plate wins over a bioformats2raw layout, an image label over an image.</summary>
    public NgffKind Kind =>
        Plate is not null ? NgffKind.Plate
        : Well is not null ? NgffKind.Well
        : Multiscales is not null ? (ImageLabel is not null ? NgffKind.LabelImage : NgffKind.Image)
        : ImageLabel is not null ? NgffKind.LabelImage
        : Bioformats2RawLayout is not null ? NgffKind.Bioformats2RawCollection
        : Labels is not null ? NgffKind.Labels
        : Series is not null ? NgffKind.OmeSeries
        : Scene is not null ? NgffKind.Scene
        : NgffKind.None;

    /// <summary>The first (usually only) multiscale image, or null.</summary>
    public Multiscale? Multiscale => Multiscales is { Count: > 0 } list ? list[0] : null;
}
