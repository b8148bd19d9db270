using Tessera.Imaging.Tiff;

namespace Tessera.Imaging.Tests.Tiff;

/// <summary>Test planes for TIFF pages, and the expected bytes of a region of one sample.</summary>
internal static class TiffSamples
{
    public static byte[] Random(TiffPageOptions options, int seed)
    {
        var bytes = new byte[options.Width * options.Height * options.SamplesPerPixel * options.DataType.Size];
        new Random(seed).NextBytes(bytes);
        if (options.DataType.Name is "float32" or "float64")
        {
            // Random bits may be NaNs, whose payloads are fine but hard to read in a failure message: use real numbers.
            var random = new Random(seed);
            if (options.DataType.Size == 4)
            {
                var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes.AsSpan());
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = (float)(random.NextDouble() * 2000 - 1000);
                }
            }
            else
            {
                var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes.AsSpan());
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = random.NextDouble() * 2e6 - 1e6;
                }
            }
        }

        return bytes;
    }

    /// <summary>A smooth uint8 plane, which lossy JPEG keeps close.</summary>
    public static byte[] Smooth(TiffPageOptions options)
    {
        var samples = options.SamplesPerPixel;
        var bytes = new byte[options.Width * options.Height * samples];
        for (var y = 0; y < options.Height; y++)
        {
            for (var x = 0; x < options.Width; x++)
            {
                for (var s = 0; s < samples; s++)
                {
                    bytes[(y * options.Width + x) * samples + s] = (byte)(40 + y + x + 30 * s);
                }
            }
        }

        return bytes;
    }

    /// <summary>The bytes of a region of one sample of <paramref name="plane"/>, laid out as the writer was given it.</summary>
    public static byte[] Region(TiffPageOptions options, byte[] plane, int sample, long y, long x, int height, int width)
    {
        var size = options.DataType.Size;
        var samples = options.SamplesPerPixel;
        var region = new byte[height * width * size];
        for (var r = 0; r < height; r++)
        {
            for (var c = 0; c < width; c++)
            {
                var source = options.PlanarSeparate
                    ? ((sample * options.Height + y + r) * options.Width + x + c) * size
                    : (((y + r) * options.Width + x + c) * samples + sample) * size;
                Array.Copy(plane, source, region, (r * width + c) * size, size);
            }
        }

        return region;
    }
}
