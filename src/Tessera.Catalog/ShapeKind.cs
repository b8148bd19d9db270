namespace Tessera.Catalog;

/// <summary>The shapes an ROI can hold (OMERO's, and OME-NGFF labels).</summary>
public enum ShapeKind
{
    /// <summary>Axis-aligned rectangle (GeoJSON Polygon of its four corners).</summary>
    Rectangle,

    /// <summary>Ellipse (GeoJSON Polygon approximating it, with centre and radii in the properties).</summary>
    Ellipse,

    /// <summary>Point.</summary>
    Point,

    /// <summary>Line between two points.</summary>
    Line,

    /// <summary>Open polyline.</summary>
    Polyline,

    /// <summary>Closed polygon.</summary>
    Polygon,

    /// <summary>Binary mask (bounding Polygon; the mask itself in the properties).</summary>
    Mask,

    /// <summary>A label of an OME-NGFF label image (bounding Polygon; label value in the properties).</summary>
    Label,
}
