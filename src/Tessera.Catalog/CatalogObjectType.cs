namespace Tessera.Catalog;

/// <summary>The kinds of catalogued object that have rights and can carry annotations.</summary>
public enum CatalogObjectType
{
    /// <summary>A project (holds datasets).</summary>
    Project,

    /// <summary>A dataset (holds images).</summary>
    Dataset,

    /// <summary>An image: one OME-Zarr multiscale image.</summary>
    Image,

    /// <summary>A screen (holds plates).</summary>
    Screen,

    /// <summary>A plate: rows × columns of wells.</summary>
    Plate,

    /// <summary>A well of a plate (holds one image per field).</summary>
    Well,

    /// <summary>A region of interest on an image.</summary>
    Roi,
}
