namespace Tessera.Imaging.Rendering;

/// <summary>
/// A tile as OMERO.web's <c>tile=level,x,y[,w,h]</c> addresses it: the level (0 = full resolution, as in
/// OME-NGFF), the tile's column and row, and optionally the tile size (null for the image's default).
/// </summary>
/// <param name="Level">The resolution level, 0 the highest.</param>
/// <param name="X">The tile column: the tile starts at pixel <c>X × width</c> of the level.</param>
/// <param name="Y">The tile row: the tile starts at pixel <c>Y × height</c> of the level.</param>
/// <param name="Width">The tile width, or null for the image's tile width.</param>
/// <param name="Height">The tile height, or null for the image's tile height.</param>
public readonly record struct TileAddress(int Level, int X, int Y, int? Width = null, int? Height = null);
