using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Ome;

/// <summary>What a TIFF reader found in one IFD, for <see cref="OmePlaneMap"/> to check against the OME-XML.</summary>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="Type">The element type of its samples, or null when the reader cannot tell (then it is not checked).</param>
/// <param name="Samples">Samples per pixel.</param>
public sealed record OmeIfdInfo(long Width, long Height, DataType? Type, int Samples);
