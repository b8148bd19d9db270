using System.Buffers;
using System.Text;
using Tessera.Imaging.Native;
using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Tiff;

/// <summary>
/// Writes a TIFF or BigTIFF with libtiff, one page at a time and one tile or strip at a time, so that an image
/// larger than memory can be written: <see cref="BeginPage"/>, every <see cref="WriteTile(int, ReadOnlySpan{byte})"/>
/// or <see cref="WriteStrip"/>, then <see cref="EndPage"/>. Not thread-safe.
/// </summary>
public sealed unsafe class TiffWriter : IDisposable
{
    private readonly TiffErrorLog _log;
    private IntPtr _tif;
    private Page? _page;

    private TiffWriter(string path, IntPtr tif, TiffErrorLog log)
    {
        Path = path;
        _tif = tif;
        _log = log;
    }

    /// <summary>The file being written.</summary>
    public string Path { get; }

    /// <summary>Creates (or replaces) <paramref name="path"/>; BigTIFF when <paramref name="bigTiff"/>, else classic TIFF (under 4 GiB).</summary>
    /// <exception cref="ImageFormatException">libtiff cannot create the file.</exception>
    public static TiffWriter Create(string path, bool bigTiff)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        NativeImagingLibrary.Tiff.EnsureLoaded();
        NativeImagingLibrary.LibC.EnsureLoaded();
        var log = new TiffErrorLog(path);
        var tif = log.Open(bigTiff ? "w8" : "w");
        if (tif == IntPtr.Zero)
        {
            var failure = log.Failure("cannot create the TIFF file");
            log.Dispose();
            throw failure;
        }

        return new TiffWriter(path, tif, log);
    }

    /// <summary>Number of tiles or strips of the current page, over all sample planes.</summary>
    public int BlockCount => CurrentPage.Written.Length;

    /// <summary>Starts a page: sets its tags. Its tiles or strips follow, then <see cref="EndPage"/>.</summary>
    public void BeginPage(TiffPageOptions options)
    {
        ObjectDisposedException.ThrowIf(_tif == IntPtr.Zero, this);
        ArgumentNullException.ThrowIfNull(options);
        if (_page is not null)
        {
            throw new InvalidOperationException("the previous page was not ended");
        }

        var page = new Page(options);
        _log.Clear();
        var ok = Set(TiffNative.TagImageWidth, (uint)options.Width)
            && Set(TiffNative.TagImageLength, (uint)options.Height)
            && Set(TiffNative.TagBitsPerSample, page.ElementSize * 8)
            && Set(TiffNative.TagSamplesPerPixel, options.SamplesPerPixel)
            && Set(TiffNative.TagSampleFormat, SampleFormat(options.DataType))
            && Set(TiffNative.TagPhotometric, (int)options.Photometric)
            && Set(TiffNative.TagPlanarConfig, options.PlanarSeparate ? TiffNative.PlanarSeparate : TiffNative.PlanarContiguous)
            && Set(TiffNative.TagCompression, (int)options.Compression);
        if (ok && options.NewSubfileType != 0)
        {
            ok = Set(TiffNative.TagSubfileType, options.NewSubfileType);
        }

        if (ok && options.CompressionLevel is { } level)
        {
            var tag = options.Compression switch
            {
                TiffCompression.Deflate => TiffNative.TagZipQuality,
                TiffCompression.Zstd => TiffNative.TagZstdLevel,
                TiffCompression.Jpeg => TiffNative.TagJpegQuality,
                _ => 0u,
            };
            ok = tag == 0 || Set(tag, level);
        }

        ok = ok && (options.IsTiled
            ? Set(TiffNative.TagTileWidth, (uint)options.TileWidth) && Set(TiffNative.TagTileLength, (uint)options.TileHeight)
            : Set(TiffNative.TagRowsPerStrip, (uint)page.BlockHeight));

        var extra = options.SamplesPerPixel - (options.Photometric == TiffPhotometric.Rgb ? 3 : 1);
        if (ok && extra > 0)
        {
            // Unassociated alpha for RGBA; other extra samples are plain channels.
            var types = new ushort[extra];
            types[0] = (ushort)(options.Photometric == TiffPhotometric.Rgb ? 2 : 0);
            fixed (ushort* pointer = types)
            {
                ok = TiffNative.SetField(_tif, TiffNative.TagExtraSamples, extra, pointer) != 0;
            }
        }

        if (ok && options.ImageDescription is { } description)
        {
            var bytes = Encoding.UTF8.GetBytes(description + "\0");
            fixed (byte* pointer = bytes)
            {
                ok = TiffNative.SetField(_tif, TiffNative.TagImageDescription, pointer) != 0;
            }
        }

        if (ok && options.SubIfdCount > 0)
        {
            // Placeholder offsets: libtiff fills them in as the next SubIfdCount directories are written.
            var offsets = new ulong[options.SubIfdCount];
            fixed (ulong* pointer = offsets)
            {
                ok = TiffNative.SetField(_tif, TiffNative.TagSubIfd, options.SubIfdCount, pointer) != 0;
            }
        }

        if (!ok)
        {
            throw _log.Failure("cannot set the page's tags");
        }

        _page = page;
    }

    /// <summary>
    /// Writes tile <paramref name="tileIndex"/> (row-major within a sample plane; planes follow one another when
    /// samples are separate): exactly TileHeight × TileWidth pixels, edge tiles padded.
    /// </summary>
    public void WriteTile(int tileIndex, ReadOnlySpan<byte> data)
    {
        var page = CurrentPage;
        if (!page.Options.IsTiled)
        {
            throw new InvalidOperationException("the page is striped: use WriteStrip");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(tileIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(tileIndex, page.Written.Length);
        if (data.Length != page.BlockBytes)
        {
            throw new ArgumentException($"a tile holds {page.BlockBytes} bytes, not {data.Length}", nameof(data));
        }

        _log.Clear();
        nint written;
        fixed (byte* pointer = data)
        {
            written = TiffNative.WriteEncodedTile(_tif, (uint)tileIndex, pointer, data.Length);
        }

        if (written < 0)
        {
            throw _log.Failure($"cannot write tile {tileIndex}");
        }

        page.Written[tileIndex] = true;
    }

    /// <summary>Writes the tile at tile row <paramref name="tileRow"/>, tile column <paramref name="tileColumn"/> of sample plane <paramref name="sample"/> (0 unless samples are separate).</summary>
    public void WriteTile(int tileRow, int tileColumn, int sample, ReadOnlySpan<byte> data)
    {
        var page = CurrentPage;
        ArgumentOutOfRangeException.ThrowIfNegative(tileRow);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(tileRow, page.Down);
        ArgumentOutOfRangeException.ThrowIfNegative(tileColumn);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(tileColumn, page.Across);
        ArgumentOutOfRangeException.ThrowIfNegative(sample);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sample, page.Planes);
        WriteTile((int)((sample * page.Down + tileRow) * page.Across + tileColumn), data);
    }

    /// <summary>
    /// Writes strip <paramref name="strip"/> (top to bottom within a sample plane; planes follow one another when
    /// samples are separate): RowsPerStrip rows, fewer for the last strip of a plane.
    /// </summary>
    public void WriteStrip(int strip, ReadOnlySpan<byte> data)
    {
        var page = CurrentPage;
        if (page.Options.IsTiled)
        {
            throw new InvalidOperationException("the page is tiled: use WriteTile");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(strip);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(strip, page.Written.Length);
        var expected = page.StripBytes(strip);
        if (data.Length != expected)
        {
            throw new ArgumentException($"strip {strip} holds {expected} bytes, not {data.Length}", nameof(data));
        }

        _log.Clear();
        nint written;
        fixed (byte* pointer = data)
        {
            written = TiffNative.WriteEncodedStrip(_tif, (uint)strip, pointer, data.Length);
        }

        if (written < 0)
        {
            throw _log.Failure($"cannot write strip {strip}");
        }

        page.Written[strip] = true;
    }

    /// <summary>Ends the page: writes its directory. Every tile or strip must have been written.</summary>
    public void EndPage()
    {
        var page = CurrentPage;
        var missing = Array.IndexOf(page.Written, false);
        if (missing >= 0)
        {
            throw new InvalidOperationException($"{(page.Options.IsTiled ? "tile" : "strip")} {missing} of the page was not written");
        }

        _log.Clear();
        if (TiffNative.WriteDirectory(_tif) == 0)
        {
            throw _log.Failure("cannot write the page's directory");
        }

        _page = null;
    }

    /// <summary>
    /// Writes a whole page from <paramref name="plane"/>: interleaved (y, x, sample), or sample-major (sample, y, x)
    /// when samples are separate; C order, machine byte order. Edge tiles are padded with zeros.
    /// </summary>
    public void WritePage(TiffPageOptions options, ReadOnlySpan<byte> plane)
    {
        ArgumentNullException.ThrowIfNull(options);
        var expected = options.Width * options.Height * options.SamplesPerPixel * options.DataType.Size;
        if (plane.Length != expected)
        {
            throw new ArgumentException($"the page holds {expected} bytes, not {plane.Length}", nameof(plane));
        }

        BeginPage(options);
        var page = _page!;

        var pixelBytes = page.PixelBytes;
        var rowBytes = options.Width * pixelBytes;
        var planeBytes = options.Height * rowBytes;
        if (!options.IsTiled)
        {
            for (var strip = 0; strip < page.Written.Length; strip++)
            {
                var (sample, index) = Math.DivRem(strip, (int)page.Down);
                var start = sample * planeBytes + index * page.BlockHeight * rowBytes;
                WriteStrip(strip, plane.Slice((int)start, (int)page.StripBytes(strip)));
            }

            EndPage();
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)page.BlockBytes);
        try
        {
            var tile = buffer.AsSpan(0, (int)page.BlockBytes);
            var tileRowBytes = options.TileWidth * pixelBytes;
            for (var sample = 0; sample < page.Planes; sample++)
            {
                for (var row = 0; row < page.Down; row++)
                {
                    for (var column = 0; column < page.Across; column++)
                    {
                        tile.Clear();
                        var top = (long)row * options.TileHeight;
                        var left = (long)column * options.TileWidth;
                        var rows = (int)Math.Min(options.TileHeight, options.Height - top);
                        var bytes = (int)(Math.Min(options.TileWidth, options.Width - left) * pixelBytes);
                        for (var r = 0; r < rows; r++)
                        {
                            var source = sample * planeBytes + (top + r) * rowBytes + left * pixelBytes;
                            plane.Slice((int)source, bytes).CopyTo(tile[(r * tileRowBytes)..]);
                        }

                        WriteTile(row, column, sample, tile);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        EndPage();
    }

    /// <summary>Closes the file (flushing what was written).</summary>
    public void Dispose()
    {
        if (_tif != IntPtr.Zero)
        {
            TiffNative.Close(_tif);
            _tif = IntPtr.Zero;
            _log.Dispose();
        }
    }

    private Page CurrentPage
    {
        get
        {
            ObjectDisposedException.ThrowIf(_tif == IntPtr.Zero, this);
            return _page ?? throw new InvalidOperationException("no page begun: call BeginPage first");
        }
    }

    private bool Set(uint tag, int value) => TiffNative.SetField(_tif, tag, value) != 0;

    private bool Set(uint tag, uint value) => TiffNative.SetField(_tif, tag, value) != 0;

    private static int SampleFormat(DataType type) => type.Kind switch
    {
        DataTypeKind.UnsignedInteger => 1,
        DataTypeKind.SignedInteger => 2,
        DataTypeKind.Float when type.Size >= 4 => 3,
        _ => throw new ArgumentException($"{type} samples cannot be written to a TIFF", nameof(type)),
    };

    /// <summary>The current page's geometry, validated, and which of its blocks were written.</summary>
    private sealed class Page
    {
        public Page(TiffPageOptions options)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Width);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Height);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Width, uint.MaxValue);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Height, uint.MaxValue);
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.SamplesPerPixel);
            ArgumentOutOfRangeException.ThrowIfNegative(options.SubIfdCount);
            _ = SampleFormat(options.DataType);
            if (options.Photometric is not (TiffPhotometric.MinIsBlack or TiffPhotometric.Rgb))
            {
                throw new ArgumentException($"photometric {options.Photometric} cannot be written (MinIsBlack or Rgb)", nameof(options));
            }

            if (options.Photometric == TiffPhotometric.Rgb && options.SamplesPerPixel < 3)
            {
                throw new ArgumentException("an RGB page needs at least 3 samples per pixel", nameof(options));
            }

            if (options.Compression == TiffCompression.Jpeg && options.DataType != DataType.UInt8)
            {
                throw new ArgumentException($"JPEG compression needs uint8 samples, not {options.DataType}", nameof(options));
            }

            if (TiffNative.IsCodecConfigured((ushort)options.Compression) == 0)
            {
                throw new NotSupportedException($"libtiff cannot write {options.Compression} compression");
            }

            Options = options;
            ElementSize = options.DataType.Size;
            Planes = options.PlanarSeparate ? options.SamplesPerPixel : 1;
            PixelBytes = (options.PlanarSeparate ? 1 : options.SamplesPerPixel) * ElementSize;
            if (options.IsTiled)
            {
                if (options.TileWidth <= 0 || options.TileHeight <= 0 || options.TileWidth % 16 != 0 || options.TileHeight % 16 != 0)
                {
                    throw new ArgumentException($"tiles must be multiples of 16 pixels, not {options.TileHeight} × {options.TileWidth}", nameof(options));
                }

                BlockHeight = options.TileHeight;
                Across = (options.Width + options.TileWidth - 1) / options.TileWidth;
                BlockBytes = (long)options.TileWidth * options.TileHeight * PixelBytes;
            }
            else
            {
                ArgumentOutOfRangeException.ThrowIfNegative(options.RowsPerStrip);
                var rowBytes = options.Width * PixelBytes;
                long rows = options.RowsPerStrip > 0 ? options.RowsPerStrip : Math.Max(1, 65536 / rowBytes);
                if (options.Compression == TiffCompression.Jpeg)
                {
                    // JPEG encodes 8-row (or 16-row) MCUs: strips other than the last must be whole MCU rows.
                    rows = Math.Max(16, rows / 16 * 16);
                }

                BlockHeight = Math.Min(rows, options.Height);
                Across = 1;
                BlockBytes = BlockHeight * rowBytes;
            }

            Down = (options.Height + BlockHeight - 1) / BlockHeight;
            var count = Down * Across * Planes;
            if (BlockBytes > Array.MaxLength || count > Array.MaxLength)
            {
                throw new ArgumentException($"blocks of {BlockBytes} bytes ({count} of them) are too large", nameof(options));
            }

            Written = new bool[count];
        }

        public TiffPageOptions Options { get; }

        public int ElementSize { get; }

        public int Planes { get; }

        public int PixelBytes { get; }

        public long BlockHeight { get; }

        public long Across { get; }

        public long Down { get; }

        public long BlockBytes { get; }

        public bool[] Written { get; }

        public long StripBytes(int strip)
        {
            var top = strip % Down * BlockHeight;
            return Math.Min(BlockHeight, Options.Height - top) * Options.Width * PixelBytes;
        }
    }
}
