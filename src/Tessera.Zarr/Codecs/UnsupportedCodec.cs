using System.Text.Json.Nodes;

namespace Tessera.Zarr.Codecs;

/// <summary>
/// A codec named in metadata that Tessera.Zarr does not implement (pcodec, zfpy, …). The metadata still
/// opens and lists; reading or writing chunks fails with "unsupported codec 'name'".
/// </summary>
public sealed class UnsupportedCodec : Codec
{
    private readonly JsonObject? _configuration;
    private readonly JsonObject? _v2;

    /// <summary>Keeps the codec's name and configuration as written.</summary>
    /// <param name="name">The v3 name (numcodecs ids become <c>numcodecs.id</c>).</param>
    /// <param name="configuration">The configuration as written.</param>
    /// <param name="jsonPath">Where the codec appears in the metadata.</param>
    /// <param name="v2">The numcodecs object, when the codec came from Zarr v2 metadata.</param>
    public UnsupportedCodec(string name, JsonObject? configuration, string? jsonPath = null, JsonObject? v2 = null)
    {
        Name = name;
        _configuration = configuration;
        JsonPath = jsonPath;
        _v2 = v2;
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override JsonObject? Configuration => (JsonObject?)_configuration?.DeepClone();

    /// <summary>Where the codec appears in the metadata.</summary>
    public string? JsonPath { get; }

    /// <inheritdoc />
    public override JsonObject? ToV2Json() => (JsonObject?)_v2?.DeepClone();

    /// <inheritdoc />
    public override Codec Resolve(ChunkSpec spec) => throw new ZarrUnsupportedException("codec", Name, jsonPath: JsonPath);
}
