using System.Buffers;
using System.Runtime.InteropServices;
using Tessera.Imaging.Native;
using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Tiff;

/// <summary>
/// A TIFF or BigTIFF file opened with libtiff: its directories, read once at open, and region reads that decode
/// only the tiles or strips a region overlaps. One handle is not thread-safe; open one per thread (as
/// <see cref="TiffPixelSource"/> does).
/// </summary>
public sealed unsafe class TiffFile : IDisposable
{
    private const string Supported = "supported: 8, 16, 32, 64-bit integers and 32/64-bit floats";

    private readonly TiffErrorLog _log;
    private IntPtr _tif;
    private long _currentOffset = -1;

    private TiffFile(string path, IntPtr tif, TiffErrorLog log, bool isBigTiff, IReadOnlyList<TiffDirectory> directories)
    {
        Path = path;
        _tif = tif;
        _log = log;
        IsBigTiff = isBigTiff;
        Directories = directories;
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>True for BigTIFF (64-bit offsets), false for classic TIFF.</summary>
    public bool IsBigTiff { get; }

    /// <summary>The main IFD chain (pages) in file order, each with its SubIFDs.</summary>
    public IReadOnlyList<TiffDirectory> Directories { get; }

    /// <summary>Opens <paramref name="path"/> and reads its directories.</summary>
    /// <exception cref="ImageFormatException">The file is missing, not a TIFF, or its directories cannot be read.</exception>
    public static TiffFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var (tif, log) = OpenHandle(path);
        try
        {
            var directories = ReadDirectories(tif, log);
            return new TiffFile(path, tif, log, TiffNative.IsBigTiff(tif) != 0, directories);
        }
        catch
        {
            TiffNative.Close(tif);
            log.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens another handle on a file whose directories are already known (read by <see cref="Open"/>), so that a
    /// pool of handles does not read every IFD again.
    /// </summary>
    internal static TiffFile OpenAnother(TiffFile first)
    {
        var (tif, log) = OpenHandle(first.Path);
        return new TiffFile(first.Path, tif, log, first.IsBigTiff, first.Directories);
    }

    /// <summary>
    /// Reads rows [<paramref name="y"/>, y + <paramref name="height"/>) and columns [<paramref name="x"/>, x +
    /// <paramref name="width"/>) of one sample of <paramref name="directory"/> into <paramref name="destination"/>:
    /// C order, machine byte order. Only the tiles or strips overlapping the region are decoded.
    /// </summary>
    /// <exception cref="ImageFormatException">The pixel type is not supported, or a tile or strip cannot be decoded.</exception>
    public void ReadRegion(TiffDirectory directory, int sample, long y, long x, int height, int width, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_tif == IntPtr.Zero, this);
        ArgumentNullException.ThrowIfNull(directory);
        if (directory.DataType is not { } dataType)
        {
            throw new ImageFormatException(Path, $"directory {directory.Index}: {directory.UnsupportedReason}");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(sample);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sample, directory.SamplesPerPixel);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        if (y < 0 || x < 0 || y + height > directory.Height || x + width > directory.Width)
        {
            throw new ArgumentOutOfRangeException(nameof(y), $"region at ({y}, {x}) of {height} × {width} is outside the {directory.Height} × {directory.Width} image");
        }

        var elementSize = dataType.Size;
        var needed = (long)height * width * elementSize;
        if (destination.Length < needed)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes; the region needs {needed}", nameof(destination));
        }

        if (height == 0 || width == 0)
        {
            return;
        }

        Select(directory);
        var layout = new SampleLayout(directory, sample, elementSize);
        if (directory.IsTiled)
        {
            ReadTiled(directory, layout, y, x, height, width, destination);
        }
        else
        {
            ReadStriped(directory, layout, y, x, height, width, destination);
        }
    }

    /// <summary>Closes the libtiff handle.</summary>
    public void Dispose()
    {
        if (_tif != IntPtr.Zero)
        {
            TiffNative.Close(_tif);
            _tif = IntPtr.Zero;
            _log.Dispose();
        }
    }

    private static (IntPtr Tif, TiffErrorLog Log) OpenHandle(string path)
    {
        NativeImagingLibrary.Tiff.EnsureLoaded();
        NativeImagingLibrary.LibC.EnsureLoaded();
        if (!File.Exists(path))
        {
            throw new ImageFormatException(path, "file not found");
        }

        var log = new TiffErrorLog(path);

        // No memory mapping ("m"): a file truncated by someone else while mapped would kill the process with SIGBUS.
        var tif = log.Open("rm");
        if (tif == IntPtr.Zero)
        {
            var failure = log.Failure("not a readable TIFF file");
            log.Dispose();
            throw failure;
        }

        return (tif, log);
    }

    private static List<TiffDirectory> ReadDirectories(IntPtr tif, TiffErrorLog log)
    {
        // First the main chain; SubIFDs afterwards, because visiting one leaves the chain.
        var chain = new List<(TiffDirectory Directory, ulong[] SubIfdOffsets)>();
        var seen = new HashSet<ulong>();
        while (true)
        {
            var offset = TiffNative.CurrentDirOffset(tif);
            if (!seen.Add(offset))
            {
                throw log.Failure($"the IFD chain loops back to offset {offset}");
            }

            chain.Add(ReadDirectory(tif, log, chain.Count, offset));
            log.Clear();
            if (TiffNative.ReadDirectory(tif) == 0)
            {
                if (log.HasErrors)
                {
                    throw log.Failure($"cannot read directory {chain.Count}");
                }

                break;
            }
        }

        var directories = new List<TiffDirectory>(chain.Count);
        foreach (var (directory, subOffsets) in chain)
        {
            if (subOffsets.Length == 0)
            {
                directories.Add(directory);
                continue;
            }

            var subIfds = new List<TiffDirectory>(subOffsets.Length);
            for (var i = 0; i < subOffsets.Length; i++)
            {
                log.Clear();
                if (TiffNative.SetSubDirectory(tif, subOffsets[i]) == 0)
                {
                    throw log.Failure($"cannot read SubIFD {i} of directory {directory.Index} at offset {subOffsets[i]}");
                }

                subIfds.Add(ReadDirectory(tif, log, i, subOffsets[i]).Directory);
            }

            directories.Add(directory with { SubIfds = subIfds });
        }

        return directories;
    }

    private static (TiffDirectory Directory, ulong[] SubIfdOffsets) ReadDirectory(IntPtr tif, TiffErrorLog log, int index, ulong offset)
    {
        uint width = 0, height = 0;
        if (TiffNative.GetField(tif, TiffNative.TagImageWidth, &width) == 0 || TiffNative.GetField(tif, TiffNative.TagImageLength, &height) == 0)
        {
            throw log.Failure($"directory {index} has no image width or length");
        }

        var samplesPerPixel = GetUInt16(tif, TiffNative.TagSamplesPerPixel);
        var bitsPerSample = GetUInt16(tif, TiffNative.TagBitsPerSample);
        var sampleFormat = GetUInt16(tif, TiffNative.TagSampleFormat);
        var planar = GetUInt16(tif, TiffNative.TagPlanarConfig);
        var compressionCode = GetUInt16(tif, TiffNative.TagCompression);
        ushort photometric = 1;
        _ = TiffNative.GetField(tif, TiffNative.TagPhotometric, &photometric);

        uint tileWidth = 0, tileHeight = 0;
        var tiled = TiffNative.GetField(tif, TiffNative.TagTileWidth, &tileWidth) != 0
            && TiffNative.GetField(tif, TiffNative.TagTileLength, &tileHeight) != 0;
        uint rowsPerStrip = 0;
        if (!tiled)
        {
            _ = TiffNative.GetFieldDefaulted(tif, TiffNative.TagRowsPerStrip, &rowsPerStrip);
            rowsPerStrip = (uint)Math.Clamp(rowsPerStrip, 1, Math.Max(1, height));
        }

        uint subfileType = 0;
        _ = TiffNative.GetField(tif, TiffNative.TagSubfileType, &subfileType);
        byte* description = null;
        var imageDescription = TiffNative.GetField(tif, TiffNative.TagImageDescription, &description) != 0 && description != null
            ? Marshal.PtrToStringUTF8((IntPtr)description)
            : null;

        ushort subIfdCount = 0;
        ulong* subIfdArray = null;
        var subIfdOffsets = TiffNative.GetField(tif, TiffNative.TagSubIfd, &subIfdCount, &subIfdArray) != 0 && subIfdArray != null
            ? new ReadOnlySpan<ulong>(subIfdArray, subIfdCount).ToArray()
            : [];

        float xResolution = 0, yResolution = 0;
        double? xRes = TiffNative.GetField(tif, TiffNative.TagXResolution, &xResolution) != 0 ? xResolution : null;
        double? yRes = TiffNative.GetField(tif, TiffNative.TagYResolution, &yResolution) != 0 ? yResolution : null;
        var resolutionUnit = GetUInt16(tif, TiffNative.TagResolutionUnit);

        var compression = (TiffCompression)compressionCode;
        var (dataType, reason) = ResolveDataType(bitsPerSample, sampleFormat, (TiffPhotometric)photometric, compression);
        var directory = new TiffDirectory(
            index,
            (long)offset,
            width,
            height,
            samplesPerPixel,
            bitsPerSample,
            sampleFormat,
            dataType,
            reason,
            planar == TiffNative.PlanarSeparate && samplesPerPixel > 1,
            (TiffPhotometric)photometric,
            compression,
            CompressionName(compressionCode),
            tiled,
            tiled ? (int)tileWidth : 0,
            tiled ? (int)tileHeight : 0,
            tiled ? 0 : rowsPerStrip,
            subfileType,
            imageDescription,
            [],
            xRes,
            yRes,
            resolutionUnit);
        return (directory, subIfdOffsets);
    }

    private static ushort GetUInt16(IntPtr tif, uint tag)
    {
        ushort value = 0;
        _ = TiffNative.GetFieldDefaulted(tif, tag, &value);
        return value;
    }

    private static string CompressionName(ushort code)
    {
        var codec = TiffNative.FindCodec(code);
        return codec != null && codec->Name != null
            ? Marshal.PtrToStringUTF8((IntPtr)codec->Name) ?? $"compression {code}"
            : $"compression {code}";
    }

    private static (DataType? Type, string? Reason) ResolveDataType(int bits, int sampleFormat, TiffPhotometric photometric, TiffCompression compression)
    {
        if (photometric == TiffPhotometric.Palette)
        {
            return (null, "palette-colour images are not supported (the colour map would have to be applied)");
        }

        if (photometric == TiffPhotometric.YCbCr && compression != TiffCompression.Jpeg)
        {
            return (null, "YCbCr samples are only supported in JPEG-compressed images");
        }

        if (TiffNative.IsCodecConfigured((ushort)compression) == 0)
        {
            return (null, $"{CompressionName((ushort)compression)} compression ({(int)compression}) is not available in libtiff");
        }

        DataType? type = (sampleFormat, bits) switch
        {
            (1 or 4, 8) => DataType.UInt8,
            (1 or 4, 16) => DataType.UInt16,
            (1 or 4, 32) => DataType.UInt32,
            (1 or 4, 64) => DataType.UInt64,
            (2, 8) => DataType.Int8,
            (2, 16) => DataType.Int16,
            (2, 32) => DataType.Int32,
            (2, 64) => DataType.Int64,
            (3, 32) => DataType.Float32,
            (3, 64) => DataType.Float64,
            _ => null,
        };
        if (type is not null)
        {
            return (type, null);
        }

        return sampleFormat switch
        {
            5 or 6 => (null, $"complex samples are not supported ({Supported})"),
            3 => (null, $"{bits}-bit float samples are not supported ({Supported})"),
            1 or 2 or 4 => (null, $"{bits}-bit samples are not supported ({Supported})"),
            _ => (null, $"sample format {sampleFormat} is not supported ({Supported})"),
        };
    }

    private void Select(TiffDirectory directory)
    {
        if (_currentOffset == directory.Offset)
        {
            return;
        }

        _currentOffset = -1;
        _log.Clear();
        if (TiffNative.SetSubDirectory(_tif, (ulong)directory.Offset) == 0)
        {
            throw _log.Failure($"cannot read directory {directory.Index} at offset {directory.Offset}");
        }

        // libtiff converts JPEG's YCbCr to RGB only when asked; the setting lasts until the directory changes.
        if (directory.Compression == TiffCompression.Jpeg && directory.Photometric == TiffPhotometric.YCbCr)
        {
            _ = TiffNative.SetField(_tif, TiffNative.TagJpegColorMode, TiffNative.JpegColorModeRgb);
        }

        _currentOffset = directory.Offset;
    }

    private void ReadTiled(TiffDirectory directory, SampleLayout layout, long y, long x, int height, int width, Span<byte> destination)
    {
        long tileWidth = directory.TileWidth, tileHeight = directory.TileHeight;
        var across = (directory.Width + tileWidth - 1) / tileWidth;
        var down = (directory.Height + tileHeight - 1) / tileHeight;
        var tileBytes = tileWidth * tileHeight * layout.PixelBytes;
        var firstTile = directory.IsPlanarSeparate ? layout.Sample * across * down : 0;
        var buffer = Rent(tileBytes, "tile");
        try
        {
            for (var row = y / tileHeight; row <= (y + height - 1) / tileHeight; row++)
            {
                for (var column = x / tileWidth; column <= (x + width - 1) / tileWidth; column++)
                {
                    var tile = firstTile + row * across + column;
                    _log.Clear();
                    nint read;
                    fixed (byte* pointer = buffer)
                    {
                        read = TiffNative.ReadEncodedTile(_tif, (uint)tile, pointer, (nint)tileBytes);
                    }

                    if (read != tileBytes)
                    {
                        throw _log.Failure(BlockFailure("tile", tile, read, tileBytes) + $" (row {row}, column {column} of directory {directory.Index})");
                    }

                    var top = row * tileHeight;
                    var left = column * tileWidth;
                    var r0 = Math.Max(y, top);
                    var r1 = Math.Min(y + height, top + tileHeight);
                    var c0 = Math.Max(x, left);
                    var c1 = Math.Min(x + width, left + tileWidth);
                    for (var r = r0; r < r1; r++)
                    {
                        var source = ((r - top) * tileWidth + (c0 - left)) * layout.PixelBytes + layout.SampleOffset;
                        var target = ((r - y) * width + (c0 - x)) * layout.ElementSize;
                        layout.Copy(buffer.AsSpan((int)source), destination[(int)target..], (int)(c1 - c0));
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void ReadStriped(TiffDirectory directory, SampleLayout layout, long y, long x, int height, int width, Span<byte> destination)
    {
        var rowsPerStrip = directory.RowsPerStrip;
        var stripsPerPlane = (directory.Height + rowsPerStrip - 1) / rowsPerStrip;
        var rowBytes = directory.Width * layout.PixelBytes;
        var firstStrip = directory.IsPlanarSeparate ? layout.Sample * stripsPerPlane : 0;
        var last = (y + height - 1) / rowsPerStrip;
        var maxRows = Math.Min(rowsPerStrip, y + height);
        var buffer = Rent(maxRows * rowBytes, "strip");
        try
        {
            for (var index = y / rowsPerStrip; index <= last; index++)
            {
                var top = index * rowsPerStrip;

                // Decoding stops at the last row the region needs: a huge single strip is not decoded to its end.
                var rows = Math.Min(y + height, Math.Min(top + rowsPerStrip, directory.Height)) - top;
                var requested = rows * rowBytes;
                var strip = firstStrip + index;
                _log.Clear();
                nint read;
                fixed (byte* pointer = buffer)
                {
                    read = TiffNative.ReadEncodedStrip(_tif, (uint)strip, pointer, (nint)requested);
                }

                if (read != requested)
                {
                    throw _log.Failure(BlockFailure("strip", strip, read, requested) + $" (directory {directory.Index})");
                }

                for (var r = Math.Max(y, top); r < top + rows; r++)
                {
                    var source = (r - top) * rowBytes + x * layout.PixelBytes + layout.SampleOffset;
                    var target = (r - y) * width * layout.ElementSize;
                    layout.Copy(buffer.AsSpan((int)source), destination[(int)target..], width);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string BlockFailure(string kind, long index, nint read, long expected) => read < 0
        ? $"cannot decode {kind} {index}"
        : $"{kind} {index} decoded to {read} bytes instead of {expected}";

    private byte[] Rent(long bytes, string kind)
    {
        if (bytes > Array.MaxLength)
        {
            throw new ImageFormatException(Path, $"a {kind} of {bytes} bytes is too large to decode");
        }

        return ArrayPool<byte>.Shared.Rent((int)bytes);
    }

    /// <summary>Where one sample sits in a decoded tile or strip row.</summary>
    private readonly struct SampleLayout
    {
        public SampleLayout(TiffDirectory directory, int sample, int elementSize)
        {
            ElementSize = elementSize;
            Sample = sample;
            SamplesPerBlockPixel = directory.IsPlanarSeparate ? 1 : directory.SamplesPerPixel;
            PixelBytes = SamplesPerBlockPixel * elementSize;
            SampleOffset = directory.IsPlanarSeparate ? 0 : sample * elementSize;
        }

        public int ElementSize { get; }

        public int Sample { get; }

        public int SamplesPerBlockPixel { get; }

        public int PixelBytes { get; }

        public int SampleOffset { get; }

        /// <summary>Copies <paramref name="count"/> elements of the sample, gathering them from interleaved pixels.</summary>
        public void Copy(ReadOnlySpan<byte> source, Span<byte> destination, int count)
        {
            if (SamplesPerBlockPixel == 1)
            {
                source[..(count * ElementSize)].CopyTo(destination);
                return;
            }

            var stride = SamplesPerBlockPixel;
            switch (ElementSize)
            {
                case 1:
                    Gather(source, destination, count, stride);
                    break;
                case 2:
                    Gather(MemoryMarshal.Cast<byte, ushort>(source), MemoryMarshal.Cast<byte, ushort>(destination), count, stride);
                    break;
                case 4:
                    Gather(MemoryMarshal.Cast<byte, uint>(source), MemoryMarshal.Cast<byte, uint>(destination), count, stride);
                    break;
                default:
                    Gather(MemoryMarshal.Cast<byte, ulong>(source), MemoryMarshal.Cast<byte, ulong>(destination), count, stride);
                    break;
            }
        }

        private static void Gather<T>(ReadOnlySpan<T> source, Span<T> destination, int count, int stride)
            where T : unmanaged
        {
            for (var i = 0; i < count; i++)
            {
                destination[i] = source[i * stride];
            }
        }
    }
}
