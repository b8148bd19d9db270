using Tessera.Imaging.Tiff;
using Tessera.Zarr.Metadata;
using Xunit.Abstractions;

namespace Tessera.Imaging.Tests.Tiff;

public sealed class TiffBadInputTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Missing_file_names_the_path()
    {
        var path = _directory.Combine("absent.tif");
        var error = Assert.Throws<ImageFormatException>(() => TiffFile.Open(path));
        Assert.Equal(path, error.File);
        AssertOneLineNaming(error, path);
    }

    [Fact]
    public void Garbage_is_not_a_tiff()
    {
        var path = _directory.Combine("garbage.tif");
        File.WriteAllText(path, "this is not a TIFF file at all, just text");
        var error = Assert.Throws<ImageFormatException>(() => TiffFile.Open(path));
        AssertOneLineNaming(error, path);
        Assert.Contains("magic", error.Problem, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Truncated_header_fails_at_open()
    {
        var path = _directory.Combine("header.tif");
        File.WriteAllBytes(path, [0x49, 0x49, 0x2A, 0x00, 0x08]);
        var error = Assert.Throws<ImageFormatException>(() => TiffFile.Open(path));
        AssertOneLineNaming(error, path);
    }

    [Theory]
    [InlineData(TiffCompression.None, true)]
    [InlineData(TiffCompression.Deflate, true)]
    [InlineData(TiffCompression.Lzw, false)]
    [InlineData(TiffCompression.Zstd, false)]
    public void File_cut_at_60_percent_fails_with_the_path(TiffCompression compression, bool tiled)
    {
        // tifffile puts the first IFD before the pixel data (so the cut loses tiles); libtiff puts it after.
        var ours = _directory.Combine($"ours-{compression}.tif");
        var options = new TiffPageOptions(200, 150, DataType.UInt16)
        {
            Compression = compression,
            TileWidth = tiled ? 64 : 0,
            TileHeight = tiled ? 64 : 0,
            RowsPerStrip = 10,
        };
        using (var writer = TiffWriter.Create(ours, bigTiff: false))
        {
            writer.WritePage(options, TiffSamples.Random(options, seed: 3));
        }

        var theirs = _directory.Combine($"theirs-{compression}.tif");
        SystemPython.Run(
            """
            import sys, numpy as np, tifffile
            a = np.random.default_rng(1).integers(0, 65536, (150, 200), dtype='uint16')
            kw = dict(tile=(64, 64)) if sys.argv[2] == 'True' else dict(rowsperstrip=10)
            tifffile.imwrite(sys.argv[1], a, compression='zlib' if sys.argv[3] != 'None' else None, **kw)
            """,
            theirs,
            tiled.ToString(),
            compression.ToString());

        foreach (var path in new[] { ours, theirs })
        {
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length * 6 / 10)]);
            var error = Assert.Throws<ImageFormatException>(() =>
            {
                using var source = TiffPixelSource.Open(path);
                var plane = new byte[150 * 200 * 2];
                source.ReadRegion(0, 0, 0, 0, 0, 150, 200, plane);
            });
            AssertOneLineNaming(error, path);
        }
    }

    [Fact]
    public void Corrupt_tile_names_the_tile()
    {
        var path = _directory.Combine("corrupt.tif");
        var options = new TiffPageOptions(64, 64, DataType.UInt8) { TileWidth = 32, TileHeight = 32, Compression = TiffCompression.Deflate };
        var plane = new byte[64 * 64];
        new Random(5).NextBytes(plane);
        using (var writer = TiffWriter.Create(path, bigTiff: false))
        {
            writer.WritePage(options, plane);
        }

        // Overwrite the zlib stream of tile 1 (header included) with zeros.
        long tileOffset;
        using (var file = TiffFile.Open(path))
        {
            tileOffset = TileOffsets(path)[1];
            var good = new byte[32 * 32];
            file.ReadRegion(file.Directories[0], 0, 0, 32, 32, 32, good);
        }

        using (var stream = File.OpenWrite(path))
        {
            stream.Position = tileOffset;
            stream.Write(new byte[16]);
        }

        using var corrupt = TiffFile.Open(path);
        var region = new byte[10 * 64];
        var error = Assert.Throws<ImageFormatException>(() => corrupt.ReadRegion(corrupt.Directories[0], 0, 20, 0, 10, 64, region));
        AssertOneLineNaming(error, path);
        Assert.Contains("tile 1", error.Problem, StringComparison.Ordinal);

        // The tile before it still reads.
        corrupt.ReadRegion(corrupt.Directories[0], 0, 0, 0, 10, 32, region);
        Assert.Equal(plane[..32], region[..32]);
    }

    [Theory]
    [InlineData("a > 100", "1-bit samples are not supported")]
    [InlineData("a.astype('complex64')", "complex samples are not supported")]
    [InlineData("a.astype('float16')", "16-bit float samples are not supported")]
    public void Unsupported_pixel_types_say_why(string expression, string reason)
    {
        var path = _directory.Combine("unsupported.tif");
        SystemPython.Run(
            $"""
            import sys, numpy as np, tifffile
            a = np.arange(20 * 30, dtype='uint16').reshape(20, 30)
            tifffile.imwrite(sys.argv[1], {expression})
            """,
            path);

        using (var file = TiffFile.Open(path))
        {
            var directory = file.Directories[0];
            Assert.Null(directory.DataType);
            Assert.StartsWith(reason, directory.UnsupportedReason, StringComparison.Ordinal);
            Assert.Throws<ImageFormatException>(() => file.ReadRegion(directory, 0, 0, 0, 1, 1, new byte[16]));
        }

        var error = Assert.Throws<ImageFormatException>(() => TiffPixelSource.Open(path));
        AssertOneLineNaming(error, path);
        Assert.StartsWith(reason, error.Problem, StringComparison.Ordinal);
        Assert.Contains("supported: 8, 16, 32, 64-bit integers and 32/64-bit floats", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Twelve_bit_samples_written_by_hand_are_refused()
    {
        // A minimal little-endian TIFF: 2 × 1 pixels, 12 bits per sample, one uncompressed strip of 3 bytes.
        var path = _directory.Combine("twelve.tif");
        using (var stream = File.Create(path))
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write("II"u8);
            writer.Write((ushort)42);
            writer.Write(8u);
            (ushort Tag, ushort Type, uint Value)[] entries =
            [
                (256, 3, 2), (257, 3, 1), (258, 3, 12), (259, 3, 1), (262, 3, 1),
                (273, 4, 8 + 2 + 9 * 12 + 4), (277, 3, 1), (278, 3, 1), (279, 4, 3),
            ];
            writer.Write((ushort)entries.Length);
            foreach (var (tag, type, value) in entries)
            {
                writer.Write(tag);
                writer.Write(type);
                writer.Write(1u);
                writer.Write(value);
            }

            writer.Write(0u);
            writer.Write(new byte[] { 0xAB, 0xCD, 0xEF });
        }

        var error = Assert.Throws<ImageFormatException>(() => TiffPixelSource.Open(path));
        Assert.Equal("12-bit samples are not supported (supported: 8, 16, 32, 64-bit integers and 32/64-bit floats)", error.Problem);
    }

    private void AssertOneLineNaming(ImageFormatException error, string path)
    {
        output.WriteLine(error.Message);
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(string.IsNullOrWhiteSpace(error.Problem));
    }

    /// <summary>The TileOffsets of the first IFD of a little-endian classic TIFF, read by hand.</summary>
    private static long[] TileOffsets(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        reader.BaseStream.Position = 4;
        reader.BaseStream.Position = reader.ReadUInt32();
        int count = reader.ReadUInt16();
        for (var i = 0; i < count; i++)
        {
            var (tag, type, n, value) = (reader.ReadUInt16(), reader.ReadUInt16(), reader.ReadUInt32(), reader.ReadUInt32());
            if (tag == 324)
            {
                Assert.Equal(4, type);
                reader.BaseStream.Position = value;
                return Enumerable.Range(0, (int)n).Select(_ => (long)reader.ReadUInt32()).ToArray();
            }
        }

        throw new InvalidDataException("no TileOffsets");
    }
}
