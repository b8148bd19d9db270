using System.Text.Json.Nodes;
using Tessera.Zarr.Checksums;

namespace Tessera.Zarr.Codecs;

/// <summary>numcodecs <c>fletcher32</c> (v3 <c>numcodecs.fletcher32</c>): Fletcher-32 appended after the data.</summary>
public sealed class Fletcher32Codec : ChecksumCodec
{
    /// <summary>Creates the codec.</summary>
    public Fletcher32Codec() : base(atEnd: true)
    {
    }

    /// <inheritdoc />
    public override string Name => "numcodecs.fletcher32";

    /// <inheritdoc />
    public override JsonObject? Configuration => null;

    /// <inheritdoc />
    public override JsonObject? ToV2Json() => new() { ["id"] = "fletcher32" };

    /// <inheritdoc />
    protected override uint Compute(ReadOnlySpan<byte> data) => Fletcher32.Compute(data);
}
