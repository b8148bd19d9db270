using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Tiff;

/// <summary>
/// The pixels of a plain (not OME) TIFF: the main-chain pages with the first page's size and sample type are the
/// z planes (reduced-resolution pages are left out), the samples of a pixel are the channels, and there is one
/// time point. Thread-safe: each concurrent reader uses its own libtiff handle from a small pool.
/// </summary>
public sealed class TiffPixelSource : PixelSource
{
    private readonly TiffHandlePool _pool;
    private readonly bool _ownsPool;
    private readonly Func<int, int, int, (TiffDirectory Directory, int Sample)> _plane;

    /// <summary>
    /// A source over planes that <paramref name="plane"/> maps from (t, c, z) to a directory and a sample of it, so
    /// that an OME-TIFF reader (planes in any order, pyramid levels in SubIFDs) reuses this class and its handles.
    /// </summary>
    internal TiffPixelSource(
        TiffHandlePool pool,
        bool ownsPool,
        DataType dataType,
        (int T, int C, int Z) sizes,
        (long Y, long X) planeSize,
        (int Height, int Width) storageBlock,
        IReadOnlyList<TiffDirectory> pages,
        Func<int, int, int, (TiffDirectory Directory, int Sample)> plane)
    {
        _pool = pool;
        _ownsPool = ownsPool;
        _plane = plane;
        DataType = dataType;
        (SizeT, SizeC, SizeZ) = sizes;
        (SizeY, SizeX) = planeSize;
        StorageBlock = storageBlock;
        Pages = pages;
    }

    /// <inheritdoc/>
    public override string Name => _pool.Path;

    /// <inheritdoc/>
    public override DataType DataType { get; }

    /// <inheritdoc/>
    public override int SizeT { get; }

    /// <inheritdoc/>
    public override int SizeC { get; }

    /// <inheritdoc/>
    public override int SizeZ { get; }

    /// <inheritdoc/>
    public override long SizeY { get; }

    /// <inheritdoc/>
    public override long SizeX { get; }

    /// <inheritdoc/>
    public override (int Height, int Width) StorageBlock { get; }

    /// <summary>The directories the planes come from (for a plain TIFF, the page of each z).</summary>
    public IReadOnlyList<TiffDirectory> Pages { get; }

    /// <summary>The file's whole main IFD chain, with SubIFDs.</summary>
    public IReadOnlyList<TiffDirectory> Directories => _pool.Directories;

    /// <summary>Opens a plain TIFF.</summary>
    /// <exception cref="ImageFormatException">The file cannot be read, or its pixel type is not supported.</exception>
    public static TiffPixelSource Open(string path)
    {
        var file = TiffFile.Open(path);
        try
        {
            var first = file.Directories[0];
            if (first.DataType is not { } dataType)
            {
                throw new ImageFormatException(path, first.UnsupportedReason ?? "unsupported pixel type");
            }

            var pages = file.Directories
                .Where(d => d.Index == 0 || (!d.IsReducedResolution && d.Width == first.Width && d.Height == first.Height
                    && d.DataType == dataType && d.SamplesPerPixel == first.SamplesPerPixel))
                .ToArray();
            return new TiffPixelSource(
                new TiffHandlePool(file),
                ownsPool: true,
                dataType,
                (1, first.SamplesPerPixel, pages.Length),
                (first.Height, first.Width),
                BlockOf(first),
                pages,
                (_, c, z) => (pages[z], c));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public override void ReadRegion(int t, int c, int z, long y, long x, int height, int width, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(t);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(t, SizeT);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(c, SizeC);
        ArgumentOutOfRangeException.ThrowIfNegative(z);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(z, SizeZ);
        var (directory, sample) = _plane(t, c, z);
        _pool.ReadRegion(directory, sample, y, x, height, width, destination);
    }

    /// <summary>The block a directory stores pixels in: a tile, or a strip spanning the width.</summary>
    internal static (int Height, int Width) BlockOf(TiffDirectory directory) =>
        ((int)Math.Min(directory.BlockHeight, int.MaxValue), (int)Math.Min(directory.BlockWidth, int.MaxValue));

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsPool)
        {
            _pool.Dispose();
        }
    }
}
