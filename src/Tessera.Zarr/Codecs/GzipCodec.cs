using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Tessera.Zarr.Checksums;

namespace Tessera.Zarr.Codecs;

/// <summary>The v3 <c>gzip</c> codec (numcodecs <c>gzip</c> in v2): RFC 1952 gzip members.</summary>
public sealed class GzipCodec : StreamCompressionCodec
{
    /// <summary>Creates the codec.</summary>
    public GzipCodec(int level = 5) : base(level)
    {
    }

    /// <inheritdoc />
    public override string Name => "gzip";

    /// <inheritdoc />
    public override JsonObject? Configuration => new() { ["level"] = Level };

    /// <inheritdoc />
    public override JsonObject? ToV2Json() => new() { ["id"] = "gzip", ["level"] = Level };

    private protected override ReadOnlySpan<byte> EmptyStream =>
        [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    /// <summary>
    /// The last member's trailer holds its size and CRC-32. In the usual single-member chunk the size equals the
    /// decoded length and nothing more is computed; otherwise the CRC of the last member's bytes must match.
    /// </summary>
    private protected override void VerifyTrailer(ReadOnlySpan<byte> encoded, ReadOnlySpan<byte> decoded)
    {
        if (encoded.Length < 18)
        {
            throw Failure(CodecDirection.Decode, $"{encoded.Length} bytes is shorter than a gzip member");
        }

        var size = BinaryPrimitives.ReadUInt32LittleEndian(encoded[^4..]);
        if (size == (uint)decoded.Length)
        {
            return;
        }

        var crc = BinaryPrimitives.ReadUInt32LittleEndian(encoded[^8..]);
        if (size > (uint)decoded.Length || Crc32.Compute(decoded[^(int)size..]) != crc)
        {
            throw Failure(CodecDirection.Decode, "truncated or corrupt gzip trailer (size and CRC do not match the data)");
        }
    }

    private protected override Stream CreateCompressor(Stream output) => new GZipStream(output, Options, leaveOpen: true);

    private protected override Stream CreateDecompressor(Stream input) => new GZipStream(input, CompressionMode.Decompress);
}
