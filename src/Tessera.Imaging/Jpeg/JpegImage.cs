using Tessera.Imaging.Native;
using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Jpeg;

/// <summary>
/// JPEG through libjpeg-turbo's TurboJPEG API: greyscale images decode to 1 channel, everything else to RGB.
/// Damaged data fails, including what libjpeg only warns about (such as a truncated file), so a partly grey image
/// is never returned as if it were whole.
/// </summary>
public static unsafe class JpegImage
{
    /// <summary>Reads the JPEG file at <paramref name="path"/>.</summary>
    /// <exception cref="ImageFormatException">The file is missing or cannot be decoded; the message is TurboJPEG's.</exception>
    public static DecodedImage Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new ImageFormatException(path, "file not found");
        }

        return Decode(File.ReadAllBytes(path), path);
    }

    /// <summary>Decodes JPEG <paramref name="bytes"/>; <paramref name="name"/> is used in messages.</summary>
    /// <exception cref="ImageFormatException">The bytes cannot be decoded.</exception>
    public static DecodedImage Decode(ReadOnlySpan<byte> bytes, string name)
    {
        NativeImagingLibrary.TurboJpeg.EnsureLoaded();
        var handle = TurboJpegNative.InitDecompress();
        if (handle == IntPtr.Zero)
        {
            throw new InvalidOperationException("TurboJPEG cannot create a decompressor");
        }

        try
        {
            fixed (byte* jpeg = bytes)
            {
                int width, height, subsampling, colorspace;
                if (TurboJpegNative.DecompressHeader3(handle, jpeg, (nuint)bytes.Length, &width, &height, &subsampling, &colorspace) != 0)
                {
                    throw new ImageFormatException(name, TurboJpegNative.ErrorText(handle));
                }

                var channels = colorspace == TurboJpegNative.ColorspaceGray ? 1 : 3;
                var pixels = new byte[(long)width * height * channels];
                fixed (byte* destination = pixels)
                {
                    var format = channels == 1 ? TurboJpegNative.PixelFormatGray : TurboJpegNative.PixelFormatRgb;

                    // -1 covers warnings too (premature end of data, corrupt segments): the image is not whole.
                    if (TurboJpegNative.Decompress2(handle, jpeg, (nuint)bytes.Length, destination, width, 0, height, format, TurboJpegNative.FlagAccurateDct) != 0)
                    {
                        throw new ImageFormatException(name, TurboJpegNative.ErrorText(handle));
                    }
                }

                return new DecodedImage(width, height, channels, DataType.UInt8, pixels);
            }
        }
        finally
        {
            _ = TurboJpegNative.Destroy(handle);
        }
    }

    /// <summary>
    /// Encodes a uint8 grey (1 channel) or RGB (3 channels) image at <paramref name="quality"/> (1–100); colour is
    /// stored 4:2:0 below quality 90 and 4:4:4 from 90 up.
    /// </summary>
    public static byte[] Encode(DecodedImage image, int quality)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        if (image.DataType != DataType.UInt8 || image.Channels is not (1 or 3))
        {
            throw new ArgumentException($"JPEG holds uint8 grey or RGB, not {image.Channels} channels of {image.DataType}", nameof(image));
        }

        NativeImagingLibrary.TurboJpeg.EnsureLoaded();
        var handle = TurboJpegNative.InitCompress();
        if (handle == IntPtr.Zero)
        {
            throw new InvalidOperationException("TurboJPEG cannot create a compressor");
        }

        byte* jpeg = null;
        try
        {
            var (format, subsampling) = image.Channels == 1
                ? (TurboJpegNative.PixelFormatGray, TurboJpegNative.SubsamplingGray)
                : (TurboJpegNative.PixelFormatRgb, quality >= 90 ? TurboJpegNative.Subsampling444 : TurboJpegNative.Subsampling420);
            nuint size = 0;
            fixed (byte* source = image.Pixels)
            {
                if (TurboJpegNative.Compress2(handle, source, image.Width, 0, image.Height, format, &jpeg, &size, subsampling, quality, TurboJpegNative.FlagAccurateDct) != 0)
                {
                    throw new InvalidOperationException($"TurboJPEG cannot encode the image: {TurboJpegNative.ErrorText(handle)}");
                }
            }

            return new ReadOnlySpan<byte>(jpeg, checked((int)size)).ToArray();
        }
        finally
        {
            if (jpeg != null)
            {
                TurboJpegNative.Free(jpeg);
            }

            _ = TurboJpegNative.Destroy(handle);
        }
    }

    /// <summary>Writes <paramref name="image"/> as a JPEG file at <paramref name="quality"/> (1–100).</summary>
    public static void Write(string path, DecodedImage image, int quality) => File.WriteAllBytes(path, Encode(image, quality));
}
