using Tessera.Imaging.Jpeg;
using Tessera.Imaging.Png;
using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Rendering;

/// <summary>A rendered image: 8-bit RGB pixels, row by row, ready to encode as PNG or JPEG.</summary>
public sealed class RenderedImage
{
    /// <summary>Wraps <paramref name="pixels"/>: <paramref name="height"/> rows of <paramref name="width"/> RGB triples.</summary>
    public RenderedImage(int width, int height, byte[] pixels, int level = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        if (pixels.Length != (long)width * height * 3)
        {
            throw new ArgumentException($"{width} × {height} RGB pixels take {(long)width * height * 3} bytes, not {pixels.Length}", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
        Level = level;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixels: (y, x, RGB) in C order.</summary>
    public byte[] Pixels { get; }

    /// <summary>The pyramid level the pixels were read from (0 the full resolution).</summary>
    public int Level { get; }

    /// <summary>The pixels as a <see cref="DecodedImage"/> (shared, not copied).</summary>
    public DecodedImage ToDecodedImage() => new(Width, Height, 3, DataType.UInt8, Pixels);

    /// <summary>Encodes the image as an 8-bit RGB PNG.</summary>
    public byte[] EncodePng() => PngImage.Encode(ToDecodedImage());

    /// <summary>Encodes the image as a JPEG of <paramref name="quality"/> 1–100.</summary>
    /// <exception cref="RenderingParameterException">Parameter "quality": not between 1 and 100.</exception>
    public byte[] EncodeJpeg(int quality = 90)
    {
        if (quality is < 1 or > 100)
        {
            throw new RenderingParameterException("quality", $"{quality} is not between 1 and 100");
        }

        return JpegImage.Encode(ToDecodedImage(), quality);
    }
}
