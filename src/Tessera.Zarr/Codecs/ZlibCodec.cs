using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json.Nodes;
using Tessera.Zarr.Checksums;

namespace Tessera.Zarr.Codecs;

/// <summary>numcodecs <c>zlib</c> (v3 name <c>numcodecs.zlib</c>): RFC 1950 zlib streams.</summary>
public sealed class ZlibCodec : StreamCompressionCodec
{
    /// <summary>Creates the codec.</summary>
    public ZlibCodec(int level = 5) : base(level)
    {
    }

    /// <inheritdoc />
    public override string Name => "numcodecs.zlib";

    /// <inheritdoc />
    public override JsonObject? Configuration => new() { ["level"] = Level };

    /// <inheritdoc />
    public override JsonObject? ToV2Json() => new() { ["id"] = "zlib", ["level"] = Level };

    private protected override ReadOnlySpan<byte> EmptyStream => [0x78, 0x9C, 3, 0, 0, 0, 0, 1];

    /// <summary>A zlib stream ends with the big-endian Adler-32 of all its data.</summary>
    private protected override void VerifyTrailer(ReadOnlySpan<byte> encoded, ReadOnlySpan<byte> decoded)
    {
        if (encoded.Length < 6 || BinaryPrimitives.ReadUInt32BigEndian(encoded[^4..]) != Adler32.Compute(decoded))
        {
            throw Failure(CodecDirection.Decode, "truncated or corrupt zlib stream (Adler-32 trailer does not match the data)");
        }
    }

    private protected override Stream CreateCompressor(Stream output) => new ZLibStream(output, Options, leaveOpen: true);

    private protected override Stream CreateDecompressor(Stream input) => new ZLibStream(input, CompressionMode.Decompress);
}
