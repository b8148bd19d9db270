using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Tiff;

/// <summary>
/// One image file directory (IFD) of a TIFF: a page of the main chain, or a SubIFD (such as a pyramid level of an
/// OME-TIFF) below one.
/// </summary>
/// <param name="Index">Position in the main IFD chain; for a SubIFD, its position among its parent's SubIFDs.</param>
/// <param name="Offset">Byte offset of the IFD in the file, which reaches it again with TIFFSetSubDirectory.</param>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="SamplesPerPixel">Samples per pixel (3 for RGB).</param>
/// <param name="BitsPerSample">Bits per sample.</param>
/// <param name="SampleFormat">TIFF sample format code: 1 unsigned, 2 signed, 3 IEEE float, 4 undefined, 5/6 complex.</param>
/// <param name="DataType">The element type of one sample, or null when not supported (see <paramref name="UnsupportedReason"/>).</param>
/// <param name="UnsupportedReason">Why the pixels cannot be read, or null when they can.</param>
/// <param name="IsPlanarSeparate">True when each sample is stored in its own plane (PlanarConfiguration 2).</param>
/// <param name="Photometric">The photometric interpretation.</param>
/// <param name="Compression">The compression scheme (possibly a value with no named member).</param>
/// <param name="CompressionName">libtiff's name for the compression scheme, or "compression N" if it does not know it.</param>
/// <param name="IsTiled">True for tiles, false for strips.</param>
/// <param name="TileWidth">Tile width, 0 for strips.</param>
/// <param name="TileHeight">Tile height, 0 for strips.</param>
/// <param name="RowsPerStrip">Rows per strip (at most <paramref name="Height"/>), 0 for tiles.</param>
/// <param name="NewSubfileType">NewSubfileType bits: 1 reduced resolution, 2 page of a multi-page image, 4 mask.</param>
/// <param name="ImageDescription">The ImageDescription tag (OME-XML in an OME-TIFF), or null.</param>
/// <param name="SubIfds">The SubIFDs of this directory (one level: a SubIFD's own SubIFDs are not read).</param>
/// <param name="XResolution">Pixels per resolution unit along x, or null.</param>
/// <param name="YResolution">Pixels per resolution unit along y, or null.</param>
/// <param name="ResolutionUnit">Resolution unit: 1 none, 2 inch, 3 centimetre.</param>
public sealed record TiffDirectory(
    int Index,
    long Offset,
    long Width,
    long Height,
    int SamplesPerPixel,
    int BitsPerSample,
    int SampleFormat,
    DataType? DataType,
    string? UnsupportedReason,
    bool IsPlanarSeparate,
    TiffPhotometric Photometric,
    TiffCompression Compression,
    string CompressionName,
    bool IsTiled,
    int TileWidth,
    int TileHeight,
    long RowsPerStrip,
    long NewSubfileType,
    string? ImageDescription,
    IReadOnlyList<TiffDirectory> SubIfds,
    double? XResolution,
    double? YResolution,
    int ResolutionUnit)
{
    /// <summary>True when NewSubfileType marks this as a reduced-resolution version of another image.</summary>
    public bool IsReducedResolution => (NewSubfileType & 1) != 0;

    /// <summary>Height of one stored block: the tile height, or the rows per strip.</summary>
    public long BlockHeight => IsTiled ? TileHeight : RowsPerStrip;

    /// <summary>Width of one stored block: the tile width, or the image width for strips.</summary>
    public long BlockWidth => IsTiled ? TileWidth : Width;
}
