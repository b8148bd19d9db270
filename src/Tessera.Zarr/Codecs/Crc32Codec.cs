using System.Text.Json.Nodes;
using Tessera.Zarr.Checksums;

namespace Tessera.Zarr.Codecs;

/// <summary>numcodecs <c>crc32</c> (v3 <c>numcodecs.crc32</c>): zlib CRC-32, before the data unless configured "end".</summary>
public sealed class Crc32Codec : ChecksumCodec
{
    /// <summary>Creates the codec.</summary>
    public Crc32Codec(bool atEnd = false) : base(atEnd)
    {
    }

    /// <inheritdoc />
    public override string Name => "numcodecs.crc32";

    /// <inheritdoc />
    public override JsonObject? Configuration => AtEnd ? new() { ["location"] = "end" } : null;

    /// <inheritdoc />
    public override JsonObject? ToV2Json() => AtEnd ? new() { ["id"] = "crc32", ["location"] = "end" } : new() { ["id"] = "crc32" };

    /// <inheritdoc />
    protected override uint Compute(ReadOnlySpan<byte> data) => Crc32.Compute(data);
}
