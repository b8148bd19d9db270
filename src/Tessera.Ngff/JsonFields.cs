using System.Text.Json.Nodes;

namespace Tessera.Ngff;

/// <summary>
/// Free-form JSON carried by the model (a multiscale's <c>metadata</c>, a label's properties, transformation
/// parameters Tessera does not interpret). Immutable: reading it gives a copy. Compares by content.
/// </summary>
public sealed class JsonFields : IEquatable<JsonFields>
{
    private readonly JsonObject _json;

    /// <summary>Wraps a copy of <paramref name="json"/>.</summary>
    public JsonFields(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        _json = (JsonObject)json.DeepClone();
    }

    /// <summary>The member names.</summary>
    public IEnumerable<string> Keys => _json.Select(pair => pair.Key);

    /// <summary>A copy of the JSON.</summary>
    public JsonObject ToJsonObject() => (JsonObject)_json.DeepClone();

    /// <summary>A copy of one member, or null.</summary>
    public JsonNode? this[string key] => _json[key]?.DeepClone();

    /// <inheritdoc/>
    public bool Equals(JsonFields? other) => other is not null && JsonNode.DeepEquals(_json, other._json);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is JsonFields other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _json.Count;

    /// <inheritdoc/>
    public override string ToString() => _json.ToJsonString();
}
