using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Tessera.Zarr.Buffers;
using Tessera.Zarr.Native;

namespace Tessera.Zarr.Codecs;

/// <summary>
/// numcodecs <c>lz4</c> (v3 name <c>numcodecs.lz4</c>): a 4-byte little-endian decoded size followed by one LZ4 block.
/// </summary>
public sealed unsafe class Lz4Codec : BytesToBytesCodec
{
    /// <summary>Creates the codec; higher acceleration is faster and compresses less.</summary>
    public Lz4Codec(int acceleration = 1) => Acceleration = Math.Max(1, acceleration);

    /// <summary>LZ4 acceleration factor.</summary>
    public int Acceleration { get; }

    /// <inheritdoc />
    public override string Name => "numcodecs.lz4";

    /// <inheritdoc />
    public override JsonObject? Configuration => new() { ["acceleration"] = Acceleration };

    /// <inheritdoc />
    public override JsonObject? ToV2Json() => new() { ["id"] = "lz4", ["acceleration"] = Acceleration };

    /// <inheritdoc />
    public override long MaxEncodedSize(long decodedSize) => 4 + decodedSize + decodedSize / 255 + 16;

    /// <inheritdoc />
    public override PooledBuffer Encode(ReadOnlySpan<byte> decoded)
    {
        NativeCodecLibrary.Lz4.EnsureLoaded(Name);
        var bound = Lz4Native.CompressBound(decoded.Length);
        var output = PooledBuffer.Rent(4 + bound);
        try
        {
            BinaryPrimitives.WriteInt32LittleEndian(output.Span, decoded.Length);
            fixed (byte* source = decoded)
            fixed (byte* destination = output.Span)
            {
                var written = Lz4Native.CompressFast(source, destination + 4, decoded.Length, bound, Acceleration);
                if (written <= 0 && decoded.Length > 0)
                {
                    throw Failure(CodecDirection.Encode, $"LZ4_compress_fast returned {written}");
                }

                output.Truncate(4 + written);
            }

            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public override void Decode(ReadOnlySpan<byte> encoded, Span<byte> decoded)
    {
        var declared = DeclaredSize(encoded);
        if (declared != decoded.Length)
        {
            throw Failure(CodecDirection.Decode, $"header declares {declared} bytes, expected {decoded.Length}");
        }

        DecompressInto(encoded, decoded);
    }

    /// <inheritdoc />
    public override PooledBuffer Decode(ReadOnlySpan<byte> encoded, int maxDecodedLength)
    {
        var declared = DeclaredSize(encoded);
        if (declared > maxDecodedLength)
        {
            throw TooLarge(declared, maxDecodedLength);
        }

        var output = PooledBuffer.Rent(declared);
        try
        {
            DecompressInto(encoded, output.Span);
            return output;
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    private int DeclaredSize(ReadOnlySpan<byte> encoded)
    {
        NativeCodecLibrary.Lz4.EnsureLoaded(Name);
        if (encoded.Length < 4)
        {
            throw Failure(CodecDirection.Decode, $"{encoded.Length} bytes is shorter than the 4-byte size header");
        }

        var declared = BinaryPrimitives.ReadInt32LittleEndian(encoded);
        if (declared < 0)
        {
            throw Failure(CodecDirection.Decode, $"header declares a negative size {declared}");
        }

        return declared;
    }

    private void DecompressInto(ReadOnlySpan<byte> encoded, Span<byte> decoded)
    {
        fixed (byte* source = encoded)
        fixed (byte* destination = decoded)
        {
            var written = Lz4Native.DecompressSafe(source + 4, destination, encoded.Length - 4, decoded.Length);
            if (written != decoded.Length)
            {
                throw Failure(CodecDirection.Decode, written < 0 ? "corrupt LZ4 block" : $"decoded {written} bytes, expected {decoded.Length}");
            }
        }
    }
}
