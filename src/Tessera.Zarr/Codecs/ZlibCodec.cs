using System.IO.Compression;
using System.Text.Json.Nodes;

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

    private protected override Stream CreateCompressor(Stream output) => new ZLibStream(output, Options, leaveOpen: true);

    private protected override Stream CreateDecompressor(Stream input) => new ZLibStream(input, CompressionMode.Decompress);
}
