namespace Tessera.Catalog.Demo;

/// <summary>
/// One drawn nucleus: an ellipsoid (an ellipse in 2-D images) at a centre in pixel coordinates, its radii along its
/// own axes (rotated by <paramref name="Angle"/> radians in the y/x plane), and its value in the label image.
/// </summary>
internal readonly record struct Nucleus(int Label, double Z, double Y, double X, double RadiusZ, double RadiusY, double RadiusX, double Angle, double Brightness);
