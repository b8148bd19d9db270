using System.Runtime.InteropServices;
using Tessera.Imaging.Conversion;
using Tessera.Imaging.Png;
using Tessera.Imaging.Tiff;
using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Tests.Conversion;

/// <summary>Issue 4, point 4: bad input gives one line naming the file and the problem, and leaves no output behind.</summary>
public sealed class BadInputConversionTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Truncated_tiff()
    {
        var input = _directory.Combine("truncated.tif");
        var pixels = FileConversionTests.Pattern16(900, 700, seed: 1);
        using (var writer = TiffWriter.Create(input, false))
        {
            writer.WritePage(new TiffPageOptions(900, 700, DataType.UInt16) { TileWidth = 128, TileHeight = 128, Compression = TiffCompression.Deflate }, MemoryMarshal.AsBytes(pixels.AsSpan()));
        }

        var bytes = await File.ReadAllBytesAsync(input);
        await File.WriteAllBytesAsync(input, bytes.AsSpan(0, bytes.Length * 6 / 10).ToArray());
        await AssertFailsAsync(input, null);
    }

    [Fact]
    public async Task Ome_xml_that_disagrees_with_the_ifds()
    {
        var input = _directory.Combine("inconsistent.ome.tif");
        const string xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06">
              <Image ID="Image:0" Name="liar">
                <Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint8" SizeX="64" SizeY="48" SizeZ="5" SizeC="1" SizeT="1">
                  <Channel ID="Channel:0:0" SamplesPerPixel="1"/>
                  <TiffData IFD="0" PlaneCount="5"/>
                </Pixels>
              </Image>
            </OME>
            """;
        using (var writer = TiffWriter.Create(input, false))
        {
            for (var page = 0; page < 3; page++)
            {
                writer.WritePage(new TiffPageOptions(64, 48, DataType.UInt8) { RowsPerStrip = 48, ImageDescription = page == 0 ? xml : null }, new byte[64 * 48]);
            }
        }

        await AssertFailsAsync(input, "3");
    }

    [Fact]
    public async Task Png_with_a_bad_crc()
    {
        var input = _directory.Combine("bad-crc.png");
        var pixels = new byte[60 * 40];
        new Random(2).NextBytes(pixels);
        var bytes = PngImage.Encode(new DecodedImage(60, 40, 1, DataType.UInt8, pixels));

        // The IDAT chunk's CRC is its last 4 bytes, just before IEND (12 bytes from the end).
        bytes[^13] ^= 0xFF;
        await File.WriteAllBytesAsync(input, bytes);
        await AssertFailsAsync(input, "CRC");
    }

    [Fact]
    public async Task Unsupported_pixel_type()
    {
        var input = _directory.Combine("complex.tif");
        await SystemPython.RunAsync("""
            import sys, numpy, tifffile
            tifffile.imwrite(sys.argv[1], numpy.ones((32, 32), numpy.complex64))
            """, input);
        await AssertFailsAsync(input, "not supported");
    }

    [Fact]
    public async Task Not_an_image_and_missing_files()
    {
        var text = _directory.Combine("notes.tif");
        await File.WriteAllTextAsync(text, "just some notes, not a TIFF at all");
        await AssertFailsAsync(text, "not a TIFF, PNG or JPEG");
        await AssertFailsAsync(_directory.Combine("absent.tif"), "no such file");
    }

    [Fact]
    public async Task Mask_of_the_wrong_size()
    {
        var input = _directory.Combine("image.png");
        var mask = _directory.Combine("mask.png");
        PngImage.Write(input, new DecodedImage(50, 40, 1, DataType.UInt8, new byte[50 * 40]));
        PngImage.Write(mask, new DecodedImage(40, 40, 1, DataType.UInt8, new byte[40 * 40]));
        var output = _directory.Combine("out.zarr");
        var error = await Assert.ThrowsAsync<ImageFormatException>(() => StagedOutput.WriteAsync(output, false, async store =>
            await FileConverter.ConvertAsync(input, store, [new LabelFile("cells", mask)], new ConversionOptions())));
        Assert.StartsWith(mask + ": label 'cells': the mask is 40 × 40 pixels but the image is 50 × 40", error.Message, StringComparison.Ordinal);
        AssertNothingLeft(output);
    }

    private async Task AssertFailsAsync(string input, string? expected)
    {
        var output = _directory.Combine(Path.GetFileNameWithoutExtension(input) + ".zarr");
        var error = await Assert.ThrowsAsync<ImageFormatException>(() => StagedOutput.WriteAsync(output, false, async store =>
            await FileConverter.ConvertAsync(input, store, [], new ConversionOptions())));
        Assert.StartsWith(input + ": ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        if (expected is not null)
        {
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }

        AssertNothingLeft(output);
    }

    private static void AssertNothingLeft(string output)
    {
        Assert.False(Directory.Exists(output), $"{output} was left behind");
        Assert.False(Directory.Exists(StagedOutput.StagingPath(output)), "the staging directory was left behind");
    }
}
