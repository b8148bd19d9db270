using System.Text.Json.Nodes;
using Tessera.Zarr.Checksums;

namespace Tessera.Zarr.Codecs;

/// <summary>The v3 <c>crc32c</c> codec: CRC-32C of the data appended as 4 little-endian bytes.</summary>
public sealed class Crc32cCodec : ChecksumCodec
{
    /// <summary>Creates the codec.</summary>
    public Crc32cCodec() : base(atEnd: true)
    {
    }

    /// <inheritdoc />
    public override string Name => "crc32c";

    /// <inheritdoc />
    public override JsonObject? Configuration => null;

    /// <inheritdoc />
    public override JsonObject? ToV2Json() => new() { ["id"] = "crc32c" };

    /// <inheritdoc />
    protected override uint Compute(ReadOnlySpan<byte> data) => Crc32C.Compute(data);
}
