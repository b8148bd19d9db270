using System.IO.Compression;
using System.Text.Json.Nodes;

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

    private protected override Stream CreateCompressor(Stream output) => new GZipStream(output, Options, leaveOpen: true);

    private protected override Stream CreateDecompressor(Stream input) => new GZipStream(input, CompressionMode.Decompress);
}
