using Tessera.Imaging.Png;
using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Tests;

public sealed class DecodedPixelSourceTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Channels_become_c_and_regions_are_exact()
    {
        var pixels = new byte[7 * 5 * 3 * 2];
        new Random(2).NextBytes(pixels);
        var path = _directory.Combine("rgb16.png");
        PngImage.Write(path, new DecodedImage(7, 5, 3, DataType.UInt16, pixels));

        using var source = new DecodedPixelSource(PngImage.Read(path), path);
        Assert.Equal((1, 3, 1, 5L, 7L), (source.SizeT, source.SizeC, source.SizeZ, source.SizeY, source.SizeX));
        Assert.Equal(DataType.UInt16, source.DataType);
        Assert.Equal(path, source.Name);

        var region = new byte[2 * 3 * 2];
        source.ReadRegion(0, 2, 0, 3, 4, 2, 3, region);
        for (var r = 0; r < 2; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                var at = (((3 + r) * 7 + 4 + c) * 3 + 2) * 2;
                Assert.Equal(pixels[at..(at + 2)], region[((r * 3 + c) * 2)..((r * 3 + c) * 2 + 2)]);
            }
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => source.ReadRegion(0, 3, 0, 0, 0, 1, 1, region));
        Assert.Throws<ArgumentOutOfRangeException>(() => source.ReadRegion(0, 0, 0, 4, 0, 2, 1, region));
    }
}
