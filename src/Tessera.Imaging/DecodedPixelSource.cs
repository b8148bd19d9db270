using Tessera.Zarr.Metadata;

namespace Tessera.Imaging;

/// <summary>
/// A <see cref="PixelSource"/> over a <see cref="DecodedImage"/> (a PNG or JPEG in memory): its channels are c,
/// with one time point and one focal plane.
/// </summary>
public sealed class DecodedPixelSource : PixelSource
{
    private readonly DecodedImage _image;

    /// <summary>Wraps <paramref name="image"/>, read from <paramref name="name"/>.</summary>
    public DecodedPixelSource(DecodedImage image, string name)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(name);
        _image = image;
        Name = name;
    }

    /// <inheritdoc/>
    public override string Name { get; }

    /// <inheritdoc/>
    public override DataType DataType => _image.DataType;

    /// <inheritdoc/>
    public override int SizeT => 1;

    /// <inheritdoc/>
    public override int SizeC => _image.Channels;

    /// <inheritdoc/>
    public override int SizeZ => 1;

    /// <inheritdoc/>
    public override long SizeY => _image.Height;

    /// <inheritdoc/>
    public override long SizeX => _image.Width;

    /// <inheritdoc/>
    public override void ReadRegion(int t, int c, int z, long y, long x, int height, int width, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(t, 0);
        ArgumentOutOfRangeException.ThrowIfNotEqual(z, 0);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(c, SizeC);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        if (y < 0 || x < 0 || y + height > SizeY || x + width > SizeX)
        {
            throw new ArgumentOutOfRangeException(nameof(y), $"region at ({y}, {x}) of {height} × {width} is outside the {SizeY} × {SizeX} image");
        }

        var size = DataType.Size;
        if (destination.Length < (long)height * width * size)
        {
            throw new ArgumentException($"destination holds {destination.Length} bytes; the region needs {(long)height * width * size}", nameof(destination));
        }

        var pixels = _image.Pixels.AsSpan();
        var channels = _image.Channels;
        for (var r = 0; r < height; r++)
        {
            var row = ((y + r) * SizeX + x) * channels;
            for (var col = 0; col < width; col++)
            {
                pixels.Slice((int)((row + (long)col * channels + c) * size), size).CopyTo(destination[((r * width + col) * size)..]);
            }
        }
    }
}
