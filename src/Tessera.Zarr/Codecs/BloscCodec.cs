using System.Text.Json.Nodes;
using Tessera.Zarr.Buffers;
using Tessera.Zarr.Native;

namespace Tessera.Zarr.Codecs;

/// <summary>The v3 <c>blosc</c> codec (numcodecs <c>blosc</c> in v2), through c-blosc 1.x.</summary>
public sealed unsafe class BloscCodec : BytesToBytesCodec
{
    /// <summary>Compressors c-blosc 1.x offers.</summary>
    public static IReadOnlyList<string> Compressors { get; } = ["blosclz", "lz4", "lz4hc", "zlib", "zstd"];

    /// <summary>Creates the codec.</summary>
    /// <param name="compressor">One of <see cref="Compressors"/>.</param>
    /// <param name="level">Compression level 0–9.</param>
    /// <param name="shuffle">Pre-compression shuffle.</param>
    /// <param name="typeSize">Element size for shuffling; null to take the array's data type size.</param>
    /// <param name="blockSize">Blosc block size in bytes; 0 lets blosc choose.</param>
    public BloscCodec(string compressor = "lz4", int level = 5, BloscShuffle shuffle = BloscShuffle.Shuffle, int? typeSize = null, int blockSize = 0)
    {
        if (!Compressors.Contains(compressor))
        {
            throw new ZarrMetadataException(null, "$.codecs", $"codec 'blosc': unknown compressor '{compressor}' (expected one of {string.Join(", ", Compressors)})");
        }

        if (level is < 0 or > 9)
        {
            throw new ZarrMetadataException(null, "$.codecs", $"codec 'blosc': clevel must be 0–9, found {level}");
        }

        if (typeSize is < 1 || blockSize < 0)
        {
            throw new ZarrMetadataException(null, "$.codecs", $"codec 'blosc': typesize must be positive and blocksize non-negative, found {typeSize} and {blockSize}");
        }

        Compressor = compressor;
        Level = level;
        Shuffle = shuffle;
        TypeSize = typeSize;
        BlockSize = blockSize;
    }

    /// <summary>Inner compressor name.</summary>
    public string Compressor { get; }

    /// <summary>Compression level 0–9.</summary>
    public int Level { get; }

    /// <summary>Shuffle filter.</summary>
    public BloscShuffle Shuffle { get; }

    /// <summary>Element size used by the shuffle; null until resolved against a data type.</summary>
    public int? TypeSize { get; }

    /// <summary>Block size; 0 is automatic.</summary>
    public int BlockSize { get; }

    /// <inheritdoc />
    public override string Name => "blosc";

    /// <inheritdoc />
    public override JsonObject? Configuration
    {
        get
        {
            var json = new JsonObject
            {
                ["cname"] = Compressor,
                ["clevel"] = Level,
                ["shuffle"] = Shuffle switch
                {
                    BloscShuffle.NoShuffle => "noshuffle",
                    BloscShuffle.Shuffle => "shuffle",
                    _ => "bitshuffle",
                },
            };
            if (TypeSize is { } typeSize)
            {
                json["typesize"] = typeSize;
            }

            json["blocksize"] = BlockSize;
            return json;
        }
    }

    /// <inheritdoc />
    public override JsonObject? ToV2Json() => new()
    {
        ["id"] = "blosc",
        ["cname"] = Compressor,
        ["clevel"] = Level,
        ["shuffle"] = (int)Shuffle,
        ["blocksize"] = BlockSize,
    };

    internal static BloscCodec FromV3(CodecConfiguration configuration)
    {
        var shuffle = configuration.String("shuffle", "noshuffle") switch
        {
            "noshuffle" => BloscShuffle.NoShuffle,
            "shuffle" => BloscShuffle.Shuffle,
            "bitshuffle" => BloscShuffle.BitShuffle,
            var other => throw configuration.Invalid("shuffle", $"expected \"noshuffle\", \"shuffle\" or \"bitshuffle\", found \"{other}\""),
        };
        int? typeSize = configuration.Has("typesize") ? configuration.Int("typesize") : null;
        return new BloscCodec(configuration.String("cname"), configuration.Int("clevel"), shuffle, typeSize, configuration.Int("blocksize", 0));
    }

    /// <summary>numcodecs form: shuffle 0/1/2, or -1 (auto: bit shuffle for one-byte types, byte shuffle otherwise).</summary>
    internal static BloscCodec FromV2(CodecConfiguration configuration, int itemSize)
    {
        var shuffle = configuration.Int("shuffle", 1) switch
        {
            0 => BloscShuffle.NoShuffle,
            1 => BloscShuffle.Shuffle,
            2 => BloscShuffle.BitShuffle,
            -1 => itemSize == 1 ? BloscShuffle.BitShuffle : BloscShuffle.Shuffle,
            var other => throw configuration.Invalid("shuffle", $"expected -1, 0, 1 or 2, found {other}"),
        };
        return new BloscCodec(configuration.String("cname", "lz4"), configuration.Int("clevel", 5), shuffle, itemSize, configuration.Int("blocksize", 0));
    }

    /// <inheritdoc />
    public override Codec Resolve(ChunkSpec spec) =>
        TypeSize is null ? new BloscCodec(Compressor, Level, Shuffle, spec.DataType.Size, BlockSize) : this;

    /// <inheritdoc />
    public override long MaxEncodedSize(long decodedSize) => decodedSize + BloscNative.MaxOverhead;

    /// <inheritdoc />
    public override PooledBuffer Encode(ReadOnlySpan<byte> decoded)
    {
        NativeCodecLibrary.Blosc.EnsureLoaded(Name);
        var capacity = decoded.Length + BloscNative.MaxOverhead;
        var output = PooledBuffer.Rent(capacity);
        try
        {
            fixed (byte* source = decoded)
            fixed (byte* destination = output.Span)
            {
                var written = BloscNative.CompressCtx(Level, (int)Shuffle, (nuint)(TypeSize ?? 1), (nuint)decoded.Length, source, destination, (nuint)capacity, Compressor, (nuint)BlockSize, 1);
                if (written <= 0)
                {
                    throw Failure(CodecDirection.Encode, $"blosc_compress_ctx returned {written} for {decoded.Length} bytes");
                }

                output.Truncate(written);
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
        NativeCodecLibrary.Blosc.EnsureLoaded(Name);
        var declared = Validate(encoded);
        if (declared != decoded.Length)
        {
            throw Failure(CodecDirection.Decode, $"blosc frame holds {declared} bytes, expected {decoded.Length}");
        }

        DecompressInto(encoded, decoded);
    }

    /// <inheritdoc />
    public override PooledBuffer Decode(ReadOnlySpan<byte> encoded, int maxDecodedLength)
    {
        NativeCodecLibrary.Blosc.EnsureLoaded(Name);
        var declared = Validate(encoded);
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

    /// <summary>Checks the header against the buffer before blosc reads it; returns the decoded size.</summary>
    private int Validate(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length < BloscNative.HeaderSize)
        {
            throw Failure(CodecDirection.Decode, $"{encoded.Length} bytes is shorter than a blosc header");
        }

        nuint nbytes;
        fixed (byte* source = encoded)
        {
            if (BloscNative.CbufferValidate(source, (nuint)encoded.Length, &nbytes) < 0)
            {
                nuint declaredCompressed, declaredDecoded, blockSize;
                BloscNative.CbufferSizes(source, &declaredDecoded, &declaredCompressed, &blockSize);
                throw Failure(CodecDirection.Decode, $"invalid blosc header (declares {declaredCompressed} compressed bytes, {declaredDecoded} decoded; {encoded.Length} bytes present)");
            }
        }

        if (nbytes > (nuint)Array.MaxLength)
        {
            throw Failure(CodecDirection.Decode, $"blosc frame declares {nbytes} bytes");
        }

        return (int)nbytes;
    }

    private void DecompressInto(ReadOnlySpan<byte> encoded, Span<byte> decoded)
    {
        fixed (byte* source = encoded)
        fixed (byte* destination = decoded)
        {
            var written = BloscNative.DecompressCtx(source, destination, (nuint)decoded.Length, 1);
            if (written != decoded.Length)
            {
                throw Failure(CodecDirection.Decode, written < 0 ? $"corrupt blosc data (error {written})" : $"decoded {written} bytes, expected {decoded.Length}");
            }
        }
    }
}
