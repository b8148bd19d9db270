using System.Buffers.Binary;
using Tessera.Imaging.Png;
using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Tests.Png;

public sealed class PngImageTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(0, 1, 8)]
    [InlineData(4, 2, 8)]
    [InlineData(2, 3, 8)]
    [InlineData(6, 4, 8)]
    [InlineData(0, 1, 16)]
    [InlineData(2, 3, 16)]
    public void Independently_encoded_pngs_read_back_exactly(int colourType, int channels, int bitDepth)
    {
        const int width = 37, height = 23;
        var bytesPerSample = bitDepth / 8;
        var stored = new byte[width * height * channels * bytesPerSample];
        new Random(colourType * 100 + bitDepth).NextBytes(stored);
        var path = _directory.Combine("image.png");
        File.WriteAllBytes(path, PngWriter.Encode(width, height, bitDepth, colourType, stored));

        var image = PngImage.Read(path);
        Assert.Equal((width, height, channels), (image.Width, image.Height, image.Channels));
        Assert.Equal(bitDepth == 16 ? DataType.UInt16 : DataType.UInt8, image.DataType);
        Assert.Equal(MachineOrder(stored, bytesPerSample), image.Pixels);
        Assert.Equal(image.Pixels, PngImage.Decode(File.ReadAllBytes(path), "memory").Pixels);
    }

    [Fact]
    public void Opaque_16_bit_rgba_reads_back_exactly()
    {
        // The simplified API premultiplies 16-bit colour by alpha, which changes nothing where alpha is 65535.
        const int width = 9, height = 5;
        var stored = new byte[width * height * 4 * 2];
        new Random(3).NextBytes(stored);
        for (var i = 0; i < width * height; i++)
        {
            stored[i * 8 + 6] = 0xFF;
            stored[i * 8 + 7] = 0xFF;
        }

        var path = _directory.Combine("rgba16.png");
        File.WriteAllBytes(path, PngWriter.Encode(width, height, 16, 6, stored));
        var image = PngImage.Read(path);
        Assert.Equal((4, DataType.UInt16), (image.Channels, image.DataType));
        Assert.Equal(MachineOrder(stored, 2), image.Pixels);
    }

    [Fact]
    public void Translucent_16_bit_colour_comes_back_premultiplied()
    {
        // Documented behaviour of libpng's simplified API for 16-bit output with alpha: associated alpha.
        var path = _directory.Combine("ga16.png");
        File.WriteAllBytes(path, PngWriter.Encode(1, 1, 16, 4, [0xFF, 0xFF, 0x80, 0x00]));
        var image = PngImage.Read(path);
        Assert.Equal((2, DataType.UInt16), (image.Channels, image.DataType));
        var samples = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(image.Pixels.AsSpan());
        Assert.Equal(0x8000, samples[1]);
        Assert.Equal(0x8000, samples[0]);
    }

    [Fact]
    public void Palette_expands_to_rgb_and_rgba()
    {
        byte[] palette = [10, 20, 30, 200, 100, 50];
        byte[] indices = [0, 1, 1, 0, 1, 0];
        var path = _directory.Combine("palette.png");
        File.WriteAllBytes(path, PngWriter.Encode(3, 2, 8, 3, indices, palette));
        var rgb = PngImage.Read(path);
        Assert.Equal(3, rgb.Channels);
        Assert.Equal(indices.SelectMany(i => palette.Skip(i * 3).Take(3)).ToArray(), rgb.Pixels);

        File.WriteAllBytes(path, PngWriter.Encode(3, 2, 8, 3, indices, palette, transparency: [255, 0]));
        var rgba = PngImage.Read(path);
        Assert.Equal(4, rgba.Channels);
        Assert.Equal([10, 20, 30, 255], rgba.Pixels[..4]);
        Assert.Equal(0, rgba.Pixels[7]);
    }

    [Fact]
    public void Pil_written_16_bit_grey_reads_back_exactly()
    {
        var path = _directory.Combine("pil.png");
        var raw = _directory.Combine("pil.raw");
        SystemPython.Run(
            """
            import sys, numpy as np
            from PIL import Image
            a = np.random.default_rng(9).integers(0, 65536, (31, 45), dtype='uint16')
            Image.fromarray(a).save(sys.argv[1])
            a.astype('<u2').tofile(sys.argv[2])
            """,
            path,
            raw);
        var image = PngImage.Read(path);
        Assert.Equal((45, 31, 1, DataType.UInt16), (image.Width, image.Height, image.Channels, image.DataType));
        Assert.Equal(MachineOrder(ToBigEndian16(File.ReadAllBytes(raw)), 2), image.Pixels);
    }

    [Theory]
    [InlineData(1, 8)]
    [InlineData(2, 8)]
    [InlineData(3, 8)]
    [InlineData(4, 8)]
    [InlineData(1, 16)]
    [InlineData(3, 16)]
    public void Encode_then_read_round_trips(int channels, int bits)
    {
        var type = bits == 16 ? DataType.UInt16 : DataType.UInt8;
        var pixels = new byte[20 * 11 * channels * type.Size];
        new Random(channels).NextBytes(pixels);
        var path = _directory.Combine("round.png");
        PngImage.Write(path, new DecodedImage(20, 11, channels, type, pixels));
        var image = PngImage.Read(path);
        Assert.Equal((20, 11, channels, type), (image.Width, image.Height, image.Channels, image.DataType));
        Assert.Equal(pixels, image.Pixels);
    }

    [Fact]
    public void Flipped_crc_byte_gives_libpngs_message()
    {
        var bytes = PngWriter.Encode(8, 8, 8, 0, new byte[64]);

        // The CRC of IHDR ends at byte 8 + 4 + 4 + 13 + 4 = 33.
        bytes[32] ^= 0xFF;
        var path = _directory.Combine("bad-crc.png");
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<ImageFormatException>(() => PngImage.Read(path));
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains("CRC", error.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);

        var idat = PngWriter.Encode(8, 8, 8, 0, new byte[64]);
        idat[^13] ^= 0x01; // last byte of the IDAT CRC, just before the IEND chunk
        File.WriteAllBytes(path, idat);
        var late = Assert.Throws<ImageFormatException>(() => PngImage.Read(path));
        Assert.Equal("IDAT: CRC error", late.Problem);
    }

    [Fact]
    public void Garbage_and_missing_files_name_the_path()
    {
        var garbage = _directory.Combine("garbage.png");
        File.WriteAllText(garbage, "not a png");
        Assert.StartsWith(garbage + ": ", Assert.Throws<ImageFormatException>(() => PngImage.Read(garbage)).Message, StringComparison.Ordinal);
        var missing = _directory.Combine("missing.png");
        Assert.Equal(missing, Assert.Throws<ImageFormatException>(() => PngImage.Read(missing)).File);
    }

    /// <summary>PNG stores 16-bit samples big-endian; a decoded image holds them in machine order.</summary>
    internal static byte[] MachineOrder(byte[] stored, int bytesPerSample)
    {
        if (bytesPerSample == 1 || !BitConverter.IsLittleEndian)
        {
            return stored;
        }

        var result = (byte[])stored.Clone();
        for (var i = 0; i < result.Length; i += 2)
        {
            (result[i], result[i + 1]) = (result[i + 1], result[i]);
        }

        return result;
    }

    private static byte[] ToBigEndian16(byte[] little)
    {
        var result = new byte[little.Length];
        for (var i = 0; i < little.Length; i += 2)
        {
            BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(i), BinaryPrimitives.ReadUInt16LittleEndian(little.AsSpan(i)));
        }

        return result;
    }
}
