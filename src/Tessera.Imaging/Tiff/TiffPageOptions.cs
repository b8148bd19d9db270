using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Tiff;

/// <summary>
/// How <see cref="TiffWriter"/> stores one page: size, sample type and layout, tiles or strips, compression and
/// descriptive tags. Tiled when <see cref="TileWidth"/> and <see cref="TileHeight"/> are set, striped otherwise.
/// </summary>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="DataType">Sample type: uint8, int8, uint16, int16, uint32, int32, uint64, int64, float32 or float64.</param>
public sealed record TiffPageOptions(long Width, long Height, DataType DataType)
{
    /// <summary>Samples per pixel (3 for RGB, 4 for RGBA; any number for independent channels).</summary>
    public int SamplesPerPixel { get; init; } = 1;

    /// <summary>MinIsBlack (grey or independent channels) or Rgb.</summary>
    public TiffPhotometric Photometric { get; init; } = TiffPhotometric.MinIsBlack;

    /// <summary>
    /// True to store each sample in its own plane (PlanarConfiguration 2). Whole planes given to
    /// <see cref="TiffWriter.WritePage"/> are then sample-major (sample, y, x); otherwise interleaved (y, x, sample).
    /// </summary>
    public bool PlanarSeparate { get; init; }

    /// <summary>Tile width, a multiple of 16; 0 for strips.</summary>
    public int TileWidth { get; init; }

    /// <summary>Tile height, a multiple of 16; 0 for strips.</summary>
    public int TileHeight { get; init; }

    /// <summary>Rows per strip when striped; 0 chooses strips of about 64 KiB.</summary>
    public int RowsPerStrip { get; init; }

    /// <summary>The compression scheme.</summary>
    public TiffCompression Compression { get; init; } = TiffCompression.None;

    /// <summary>Deflate level 1–9, zstd level 1–22, or JPEG quality 1–100; null for libtiff's default.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>The ImageDescription tag (OME-XML for an OME-TIFF), or null.</summary>
    public string? ImageDescription { get; init; }

    /// <summary>NewSubfileType bits: 1 for a reduced-resolution image (a pyramid level).</summary>
    public uint NewSubfileType { get; init; }

    /// <summary>
    /// Number of SubIFDs to reserve: the next that many pages written become this page's SubIFDs (pyramid levels of
    /// an OME-TIFF) instead of pages of the main chain.
    /// </summary>
    public int SubIfdCount { get; init; }

    /// <summary>True when the page is stored as tiles.</summary>
    public bool IsTiled => TileWidth > 0 || TileHeight > 0;
}
