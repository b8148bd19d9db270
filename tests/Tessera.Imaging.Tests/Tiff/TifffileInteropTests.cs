using Tessera.Imaging.Tiff;
using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Tests.Tiff;

/// <summary>Files written by tifffile (Debian's python3-tifffile) from seeded numpy arrays read back exactly.</summary>
public sealed class TifffileInteropTests(TifffileInteropTests.Files files) : IClassFixture<TifffileInteropTests.Files>
{
    // Writes <name>.tif and <name>.raw (the array's bytes, C order, little-endian) for each case.
    private const string Script = """
        import sys, numpy as np, tifffile
        out = sys.argv[1]
        rng = np.random.default_rng(42)
        def case(name, array, **kw):
            tifffile.imwrite(f'{out}/{name}.tif', array, **kw)
            array.astype(array.dtype.newbyteorder('<')).tofile(f'{out}/{name}.raw')
        case('tiled_uint16_zlib', rng.integers(0, 65536, (5, 150, 170), dtype='uint16'), tile=(64, 64), compression='zlib')
        case('striped_int16', rng.integers(-32768, 32768, (130, 97), dtype='int16'), rowsperstrip=9)
        case('bigtiff_float32', rng.standard_normal((2, 70, 90), dtype='float32'), bigtiff=True, tile=(32, 48))
        case('striped_uint32_bigendian', rng.integers(0, 2**32, (41, 33), dtype='uint32'), byteorder='>', rowsperstrip=5)
        case('rgb_contig_uint8', rng.integers(0, 256, (50, 61, 3), dtype='uint8'), photometric='rgb', tile=(16, 32))
        case('rgb_separate_uint8', rng.integers(0, 256, (3, 50, 61), dtype='uint8'), photometric='rgb', planarconfig='separate', rowsperstrip=7)
        case('float64_bigendian_tiled', rng.standard_normal((37, 29)), byteorder='>', tile=(16, 16), compression='zlib')
        """;


    [Theory]
    [InlineData("tiled_uint16_zlib", "uint16", 5, 1, false)]
    [InlineData("striped_int16", "int16", 1, 1, false)]
    [InlineData("bigtiff_float32", "float32", 2, 1, false)]
    [InlineData("striped_uint32_bigendian", "uint32", 1, 1, false)]
    [InlineData("rgb_contig_uint8", "uint8", 1, 3, false)]
    [InlineData("rgb_separate_uint8", "uint8", 1, 3, true)]
    [InlineData("float64_bigendian_tiled", "float64", 1, 1, false)]
    public void Reads_tifffile_arrays_exactly(string name, string type, int pages, int samples, bool separate)
    {
        var raw = File.ReadAllBytes(files.Directory.Combine(name + ".raw"));
        var dataType = DataType.FromName(type)!;
        using var source = TiffPixelSource.Open(files.Directory.Combine(name + ".tif"));
        Assert.Equal(dataType, source.DataType);
        Assert.Equal((1, samples, pages), (source.SizeT, source.SizeC, source.SizeZ));
        Assert.Equal(name.StartsWith("bigtiff", StringComparison.Ordinal), source.Directories.Count > 0 && IsBigTiff(source.Name));
        Assert.Equal(separate, source.Pages[0].IsPlanarSeparate);
        var (height, width) = ((int)source.SizeY, (int)source.SizeX);
        var size = dataType.Size;

        for (var z = 0; z < pages; z++)
        {
            for (var c = 0; c < samples; c++)
            {
                // A whole plane, then a region crossing block boundaries.
                var plane = new byte[height * width * size];
                source.ReadRegion(0, c, z, 0, 0, height, width, plane);
                Assert.Equal(Expected(raw, z, c, 0, 0, height, width), plane);

                var region = new byte[(height - 6) * (width - 9) * size];
                source.ReadRegion(0, c, z, 5, 8, height - 6, width - 9, region);
                Assert.Equal(Expected(raw, z, c, 5, 8, height - 6, width - 9), region);
            }
        }

        byte[] Expected(byte[] all, int z, int c, int y, int x, int h, int w)
        {
            var result = new byte[h * w * size];
            for (var r = 0; r < h; r++)
            {
                for (var col = 0; col < w; col++)
                {
                    long index = separate
                        ? ((long)c * height + y + r) * width + x + col
                        : (((long)z * height + y + r) * width + x + col) * samples + c;
                    Array.Copy(all, index * size, result, (r * w + col) * size, size);
                }
            }

            return result;
        }
    }

    private static bool IsBigTiff(string path)
    {
        using var file = TiffFile.Open(path);
        return file.IsBigTiff;
    }

    /// <summary>The files tifffile writes, once for all cases.</summary>
    public sealed class Files : IDisposable
    {
        public Files() => SystemPython.Run(Script, Directory.Path);

        public TestDirectory Directory { get; } = new();

        public void Dispose() => Directory.Dispose();
    }
}
