using Tessera.Zarr.Metadata;

namespace Tessera.Imaging;

/// <summary>A whole decoded 2-D image (from a PNG or JPEG): interleaved channels, machine byte order.</summary>
public sealed class DecodedImage
{
    /// <summary>Wraps <paramref name="pixels"/>: <paramref name="height"/> rows of <paramref name="width"/> pixels of <paramref name="channels"/> samples.</summary>
    public DecodedImage(int width, int height, int channels, DataType dataType, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, 4);
        ArgumentNullException.ThrowIfNull(dataType);
        ArgumentNullException.ThrowIfNull(pixels);
        if (dataType != DataType.UInt8 && dataType != DataType.UInt16)
        {
            throw new ArgumentException($"a decoded image holds uint8 or uint16 samples, not {dataType}", nameof(dataType));
        }

        var expected = (long)width * height * channels * dataType.Size;
        if (pixels.Length != expected)
        {
            throw new ArgumentException($"{width} × {height} × {channels} {dataType} samples take {expected} bytes, not {pixels.Length}", nameof(pixels));
        }

        Width = width;
        Height = height;
        Channels = channels;
        DataType = dataType;
        Pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Samples per pixel: 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA.</summary>
    public int Channels { get; }

    /// <summary>uint8 or uint16.</summary>
    public DataType DataType { get; }

    /// <summary>The samples: (y, x, channel) in C order, machine byte order.</summary>
    public byte[] Pixels { get; }
}
