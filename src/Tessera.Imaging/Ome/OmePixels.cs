using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Ome;

/// <summary>The pixel layout of an OME image: sizes, order, element type, physical sizes, channels and where the planes are stored.</summary>
/// <param name="Id">The pixels ID.</param>
/// <param name="DimensionOrder">One of XYZCT, XYZTC, XYCTZ, XYCZT, XYTCZ, XYTZC: the order planes are numbered in, fastest first.</param>
/// <param name="Type">The OME pixel type as written ("uint16", "float", "bit", …).</param>
/// <param name="DataType">The Zarr data type of <paramref name="Type"/>, or null when Tessera cannot store it (see <paramref name="UnsupportedTypeReason"/>).</param>
/// <param name="UnsupportedTypeReason">Why <paramref name="DataType"/> is null, or null when it is not.</param>
/// <param name="SizeX">Plane width.</param>
/// <param name="SizeY">Plane height.</param>
/// <param name="SizeZ">Number of focal planes.</param>
/// <param name="SizeC">Number of channels, counting each sample of an RGB channel.</param>
/// <param name="SizeT">Number of time points.</param>
/// <param name="PhysicalSizeX">Pixel width (unit µm by default).</param>
/// <param name="PhysicalSizeY">Pixel height (unit µm by default).</param>
/// <param name="PhysicalSizeZ">Distance between focal planes (unit µm by default).</param>
/// <param name="TimeIncrement">Time between time points (unit s by default).</param>
/// <param name="Channels">The Channel elements (may be fewer than <paramref name="SizeC"/> when channels hold several samples).</param>
/// <param name="TiffData">The TiffData blocks in document order.</param>
/// <param name="Interleaved">Whether the samples of an RGB channel are stored interleaved.</param>
/// <param name="BigEndian">Whether the pixels are big-endian, when the file says.</param>
public sealed record OmePixels(
    string Id,
    string DimensionOrder,
    string Type,
    DataType? DataType,
    string? UnsupportedTypeReason,
    long SizeX,
    long SizeY,
    int SizeZ,
    int SizeC,
    int SizeT,
    OmeQuantity? PhysicalSizeX,
    OmeQuantity? PhysicalSizeY,
    OmeQuantity? PhysicalSizeZ,
    OmeQuantity? TimeIncrement,
    IReadOnlyList<OmeChannel> Channels,
    IReadOnlyList<OmeTiffData> TiffData,
    bool? Interleaved,
    bool? BigEndian)
{
    /// <summary>The six dimension orders the schema allows.</summary>
    public static IReadOnlyList<string> DimensionOrders { get; } = ["XYZCT", "XYZTC", "XYCTZ", "XYCZT", "XYTCZ", "XYTZC"];
}
