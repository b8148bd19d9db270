using System.Text.Json.Nodes;

namespace Tessera.Zarr.Codecs;

/// <summary>
/// A Zarr codec as configured in metadata. Concrete codecs derive from <see cref="ArrayToArrayCodec"/>,
/// <see cref="ArrayToBytesCodec"/> or <see cref="BytesToBytesCodec"/>; a <see cref="CodecPipeline"/> chains them.
/// Codec instances are immutable and thread-safe.
/// </summary>
public abstract class Codec
{
    /// <summary>The Zarr v3 name, e.g. <c>blosc</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The v3 configuration object, or null for a codec without one.</summary>
    public abstract JsonObject? Configuration { get; }

    /// <summary>
    /// Adjusts the codec to the chunk it will process: fills defaults that depend on the data type
    /// (blosc's typesize, say) and validates the configuration against the chunk. Called once per array.
    /// </summary>
    /// <exception cref="ZarrMetadataException">The codec cannot process such chunks.</exception>
    public virtual Codec Resolve(ChunkSpec spec) => this;

    /// <summary>The v3 metadata form: <c>{"name": …, "configuration": …}</c>.</summary>
    public JsonObject ToV3Json()
    {
        var json = new JsonObject { ["name"] = Name };
        if (Configuration is { } configuration)
        {
            json["configuration"] = configuration;
        }

        return json;
    }

    /// <summary>
    /// The Zarr v2 (numcodecs) compressor or filter form, or null when the codec has no v2 equivalent.
    /// </summary>
    public virtual JsonObject? ToV2Json() => null;

    /// <summary>Short human description for listings, e.g. <c>blosc(lz4, 5, shuffle)</c>.</summary>
    public override string ToString()
    {
        var configuration = Configuration;
        if (configuration is null || configuration.Count == 0)
        {
            return Name;
        }

        return Name + "(" + string.Join(", ", configuration.Select(p => $"{p.Key}={p.Value?.ToJsonString()}")) + ")";
    }

    /// <summary>Creates the exception for a failure of this codec.</summary>
    protected ZarrCodecException Failure(CodecDirection direction, string problem, Exception? inner = null) =>
        new(Name, direction, problem, innerException: inner);
}
