using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Tessera.Zarr.Buffers;
using Tessera.Zarr.Metadata;

namespace Tessera.Zarr.Codecs;

/// <summary>The v3 <c>bytes</c> codec: elements in C order with a fixed byte order.</summary>
public sealed class BytesCodec : ArrayToBytesCodec
{
    /// <summary>Creates the codec; <paramref name="endian"/> may be null only for one-byte data types.</summary>
    public BytesCodec(Endianness? endian = Endianness.Little) => Endian = endian;

    /// <summary>Byte order of stored elements (null: unspecified, one-byte types only).</summary>
    public Endianness? Endian { get; }

    /// <inheritdoc />
    public override string Name => "bytes";

    /// <inheritdoc />
    public override JsonObject? Configuration => Endian is { } endian
        ? new JsonObject { ["endian"] = endian == Endianness.Little ? "little" : "big" }
        : null;

    internal static BytesCodec FromConfiguration(CodecConfiguration configuration)
    {
        if (!configuration.Has("endian"))
        {
            return new BytesCodec(null);
        }

        return configuration.String("endian") switch
        {
            "little" => new BytesCodec(Endianness.Little),
            "big" => new BytesCodec(Endianness.Big),
            var other => throw configuration.Invalid("endian", $"expected \"little\" or \"big\", found \"{other}\""),
        };
    }

    /// <inheritdoc />
    public override Codec Resolve(ChunkSpec spec)
    {
        if (Endian is null && spec.DataType.ComponentSize > 1)
        {
            throw new ZarrMetadataException(null, "$.codecs", $"codec 'bytes' needs \"endian\" for the multi-byte data type {spec.DataType}");
        }

        return this;
    }

    /// <inheritdoc />
    public override long? EncodedSize(ChunkSpec spec) => spec.ByteLength;

    /// <inheritdoc />
    public override bool IsIdentity(ChunkSpec spec) => !NeedsSwap(spec.DataType);

    /// <inheritdoc />
    public override PooledBuffer Encode(ReadOnlySpan<byte> decoded, ChunkSpec spec)
    {
        var encoded = PooledBuffer.Rent(decoded.Length);
        Convert(decoded, encoded.Span, spec.DataType);
        return encoded;
    }

    /// <inheritdoc />
    public override void Decode(ReadOnlySpan<byte> encoded, Span<byte> decoded, ChunkSpec spec)
    {
        if (encoded.Length != decoded.Length)
        {
            throw Failure(CodecDirection.Decode, $"expected {decoded.Length} bytes for a chunk of shape [{string.Join(", ", spec.Shape)}] {spec.DataType}, found {encoded.Length}");
        }

        Convert(encoded, decoded, spec.DataType);
    }

    private bool NeedsSwap(DataType dataType) =>
        dataType.ComponentSize > 1 && (Endian == Endianness.Big) == BitConverter.IsLittleEndian;

    /// <summary>Copies, reversing the byte order of each component when the stored order differs from the machine's.</summary>
    private void Convert(ReadOnlySpan<byte> source, Span<byte> destination, DataType dataType)
    {
        if (!NeedsSwap(dataType))
        {
            source.CopyTo(destination);
            return;
        }

        switch (dataType.ComponentSize)
        {
            case 2:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(source), MemoryMarshal.Cast<byte, ushort>(destination));
                break;
            case 4:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(source), MemoryMarshal.Cast<byte, uint>(destination));
                break;
            case 8:
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ulong>(source), MemoryMarshal.Cast<byte, ulong>(destination));
                break;
            default:
                throw new NotSupportedException($"byte swapping of {dataType.ComponentSize}-byte components");
        }
    }
}
