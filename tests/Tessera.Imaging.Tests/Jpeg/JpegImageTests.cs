using Tessera.Imaging.Jpeg;
using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Tests.Jpeg;

public sealed class JpegImageTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(1, 95, 3)]
    [InlineData(3, 95, 6)]
    [InlineData(3, 75, 16)]
    public void Encode_then_decode_stays_within_tolerance(int channels, int quality, int tolerance)
    {
        var image = Smooth(61, 43, channels);
        var path = _directory.Combine("image.jpg");
        JpegImage.Write(path, image, quality);
        Assert.Equal(ImageFileKind.Jpeg, ImageFileFormat.Detect(path));

        var decoded = JpegImage.Read(path);
        Assert.Equal((61, 43, channels, DataType.UInt8), (decoded.Width, decoded.Height, decoded.Channels, decoded.DataType));
        var worst = image.Pixels.Zip(decoded.Pixels, (a, b) => Math.Abs(a - b)).Max();
        Assert.InRange(worst, 0, tolerance);
    }

    [Fact]
    public void Pil_written_jpeg_decodes_like_pil_decodes_it()
    {
        var path = _directory.Combine("pil.jpg");
        var raw = _directory.Combine("pil.raw");
        SystemPython.Run(
            """
            import sys, numpy as np
            from PIL import Image
            y, x = np.mgrid[0:40, 0:56]
            a = np.stack([(y * 3 + x) % 256, (x * 4) % 256, (y * 5) % 256], axis=-1).astype('uint8')
            Image.fromarray(a).save(sys.argv[1], quality=92)
            np.asarray(Image.open(sys.argv[1]).convert('RGB')).tofile(sys.argv[2])
            """,
            path,
            raw);
        var image = JpegImage.Read(path);
        Assert.Equal((56, 40, 3), (image.Width, image.Height, image.Channels));

        // Both use libjpeg(-turbo) but may choose different IDCT and upsampling: allow a little.
        var expected = File.ReadAllBytes(raw);
        Assert.InRange(expected.Zip(image.Pixels, (a, b) => Math.Abs(a - b)).Max(), 0, 4);
    }

    [Fact]
    public void Truncated_and_garbage_jpegs_fail_with_turbojpegs_message()
    {
        var bytes = JpegImage.Encode(Smooth(64, 64, 3), 90);
        var truncated = _directory.Combine("truncated.jpg");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);
        var error = Assert.Throws<ImageFormatException>(() => JpegImage.Read(truncated));
        Assert.StartsWith(truncated + ": ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("Premature end of JPEG file", error.Problem, StringComparison.Ordinal);

        var garbage = new byte[200];
        garbage[0] = 0xFF;
        garbage[1] = 0xD8;
        garbage[2] = 0xFF;
        var corrupt = Assert.Throws<ImageFormatException>(() => JpegImage.Decode(garbage, "garbage.jpg"));
        Assert.StartsWith("garbage.jpg: ", corrupt.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', corrupt.Message);
    }

    [Fact]
    public void Only_uint8_grey_or_rgb_can_be_encoded()
    {
        Assert.Throws<ArgumentException>(() => JpegImage.Encode(new DecodedImage(2, 2, 4, DataType.UInt8, new byte[16]), 90));
        Assert.Throws<ArgumentException>(() => JpegImage.Encode(new DecodedImage(2, 2, 1, DataType.UInt16, new byte[8]), 90));
    }

    internal static DecodedImage Smooth(int width, int height, int channels)
    {
        var pixels = new byte[width * height * channels];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    pixels[(y * width + x) * channels + c] = (byte)(50 + y + 2 * x + 20 * c);
                }
            }
        }

        return new DecodedImage(width, height, channels, DataType.UInt8, pixels);
    }
}
