using System.IO.Compression;
using Tessera.Zarr.Buffers;

namespace Tessera.Zarr.Codecs;

/// <summary>Shared decode/encode loops for the codecs backed by System.IO.Compression streams (gzip, zlib).</summary>
public abstract class StreamCompressionCodec : BytesToBytesCodec
{
    /// <summary>Creates the codec with a zlib compression level (0–9).</summary>
    protected StreamCompressionCodec(int level)
    {
        if (level is < 0 or > 9)
        {
            throw new ZarrMetadataException(null, "$.codecs", $"codec '{Name}': level must be 0–9, found {level}");
        }

        Level = level;
    }

    /// <summary>Compression level, 0–9.</summary>
    public int Level { get; }

    /// <summary>Wraps <paramref name="output"/> in a compressing stream.</summary>
    private protected abstract Stream CreateCompressor(Stream output);

    /// <summary>Wraps <paramref name="input"/> in a decompressing stream.</summary>
    private protected abstract Stream CreateDecompressor(Stream input);

    /// <summary>A complete stream holding no data (.NET writes nothing at all for empty input).</summary>
    private protected abstract ReadOnlySpan<byte> EmptyStream { get; }

    /// <summary>
    /// Checks the stream's trailer against the decoded data. .NET's inflater stops quietly when the input
    /// ends inside the trailer, so a truncated stream whose data happens to be complete would pass unnoticed.
    /// </summary>
    private protected abstract void VerifyTrailer(ReadOnlySpan<byte> encoded, ReadOnlySpan<byte> decoded);

    /// <summary>Options carrying <see cref="Level"/>.</summary>
    private protected ZLibCompressionOptions Options => new() { CompressionLevel = Level, CompressionStrategy = ZLibCompressionStrategy.Default };

    /// <inheritdoc />
    public override PooledBuffer Encode(ReadOnlySpan<byte> decoded)
    {
        if (decoded.IsEmpty)
        {
            return PooledBuffer.CopyOf(EmptyStream);
        }

        using var output = new PooledBufferStream(decoded.Length / 2 + 64);
        using (var compressor = CreateCompressor(output))
        {
            compressor.Write(decoded);
        }

        return output.Detach();
    }

    /// <inheritdoc />
    public override unsafe void Decode(ReadOnlySpan<byte> encoded, Span<byte> decoded)
    {
        RejectEmpty(encoded);
        try
        {
            fixed (byte* pointer = encoded)
            {
                using var input = new UnmanagedMemoryStream(pointer, encoded.Length);
                using var decompressor = CreateDecompressor(input);
                var total = 0;
                while (total < decoded.Length)
                {
                    var n = decompressor.Read(decoded[total..]);
                    if (n == 0)
                    {
                        throw Failure(CodecDirection.Decode, $"decoded {total} bytes, expected {decoded.Length} (truncated data?)");
                    }

                    total += n;
                }

                Span<byte> probe = stackalloc byte[1];
                if (decompressor.Read(probe) != 0)
                {
                    throw Failure(CodecDirection.Decode, $"decodes to more than the expected {decoded.Length} bytes");
                }
            }

            VerifyTrailer(encoded, decoded);
        }
        catch (InvalidDataException e)
        {
            throw Failure(CodecDirection.Decode, e.Message, e);
        }
    }

    /// <inheritdoc />
    public override long MaxEncodedSize(long decodedSize) =>
        decodedSize > long.MaxValue / 2 ? long.MaxValue : decodedSize + decodedSize / 8 + 1024; // deflate worst case, with room for other encoders

    /// <inheritdoc />
    public override unsafe PooledBuffer Decode(ReadOnlySpan<byte> encoded, int maxDecodedLength)
    {
        RejectEmpty(encoded);
        var output = PooledBuffer.Rent((int)Math.Min(maxDecodedLength, Math.Max(4096L, encoded.Length * 4L)));
        try
        {
            fixed (byte* pointer = encoded)
            {
                using var input = new UnmanagedMemoryStream(pointer, encoded.Length);
                using var decompressor = CreateDecompressor(input);
                Span<byte> probe = stackalloc byte[1];
                var total = 0;
                while (true)
                {
                    if (total == output.Length)
                    {
                        if (total >= maxDecodedLength)
                        {
                            if (decompressor.Read(probe) == 0)
                            {
                                break;
                            }

                            throw TooLarge(total + 1L, maxDecodedLength);
                        }

                        output.Grow((int)Math.Min(maxDecodedLength, 2L * output.Length));
                    }

                    var n = decompressor.Read(output.Span[total..]);
                    if (n == 0)
                    {
                        break;
                    }

                    total += n;
                }

                output.Truncate(total);
                VerifyTrailer(encoded, output.Span);
                return output;
            }
        }
        catch (InvalidDataException e)
        {
            output.Dispose();
            throw Failure(CodecDirection.Decode, e.Message, e);
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    // An empty span pins to a null pointer, which UnmanagedMemoryStream refuses; and no stream is empty.
    private void RejectEmpty(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty)
        {
            throw Failure(CodecDirection.Decode, "no data (an empty value is not a compressed stream)");
        }
    }
}
