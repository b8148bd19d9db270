namespace Tessera.Imaging.Rendering;

/// <summary>A rectangle of pixels: OMERO.web's <c>region=x,y,w,h</c>, in full-resolution pixels there.</summary>
/// <param name="X">The first column.</param>
/// <param name="Y">The first row.</param>
/// <param name="Width">The number of columns.</param>
/// <param name="Height">The number of rows.</param>
public readonly record struct PixelRegion(int X, int Y, int Width, int Height);
