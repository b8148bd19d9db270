using System.Text.Json.Nodes;
using Tessera.Zarr.Checksums;

namespace Tessera.Zarr.Codecs;

/// <summary>numcodecs <c>adler32</c> (v3 <c>numcodecs.adler32</c>): Adler-32, before the data unless configured "end".</summary>
public sealed class Adler32Codec : ChecksumCodec
{
    /// <summary>Creates the codec.</summary>
    public Adler32Codec(bool atEnd = false) : base(atEnd)
    {
    }

    /// <inheritdoc />
    public override string Name => "numcodecs.adler32";

    /// <inheritdoc />
    public override JsonObject? Configuration => AtEnd ? new() { ["location"] = "end" } : null;

    /// <inheritdoc />
    public override JsonObject? ToV2Json() => AtEnd ? new() { ["id"] = "adler32", ["location"] = "end" } : new() { ["id"] = "adler32" };

    /// <inheritdoc />
    protected override uint Compute(ReadOnlySpan<byte> data) => Adler32.Compute(data);
}
