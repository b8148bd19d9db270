namespace Tessera.Zarr;

/// <summary>
/// Valid Zarr that uses a codec, data type or extension Tessera.Zarr does not implement.
/// The message starts with "unsupported codec 'name'" (or data type / extension).
/// </summary>
public sealed class ZarrUnsupportedException : ZarrMetadataException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="feature">What kind of thing is unsupported: <c>codec</c>, <c>data type</c>, <c>extension</c>…</param>
    /// <param name="name">The name as written in the metadata.</param>
    /// <param name="key">Store key of the metadata document, when known.</param>
    /// <param name="jsonPath">JSON path where the name appears, when known.</param>
    public ZarrUnsupportedException(string feature, string name, string? key = null, string? jsonPath = null)
        : base(key, jsonPath, $"unsupported {feature} '{name}'")
    {
        Feature = feature;
        Name = name;
    }

    /// <summary>The kind of feature (codec, data type, …).</summary>
    public string Feature { get; }

    /// <summary>The unsupported name.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public override ZarrMetadataException WithKey(string key) => new ZarrUnsupportedException(Feature, Name, key, JsonPath);

    /// <inheritdoc />
    public override string Message => $"unsupported {Feature} '{Name}'" + (Key is null ? "" : $" in {Key}") + (JsonPath is null ? "" : $" at {JsonPath}");
}
