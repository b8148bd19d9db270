using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Zarr;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Ngff;

/// <summary>
/// The metadata document of one node as stored: zarr.json (v3) or .zattrs/.zgroup/.zarray (v2). Read directly
/// rather than through <see cref="ZarrGroup"/> so metadata-only copies (a .zattrs without .zgroup, as IDR
/// publishes) can still be validated.
/// </summary>
internal sealed record NgffDocument(string Path, ZarrFormat Format, bool IsArray, string Key, JsonObject Attributes, string AttributesPath)
{
    /// <summary>Where the attributes are, as problem paths start: "0/zarr.json:$.attributes".</summary>
    public string Location => $"{Key}:{AttributesPath}";

    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = false, MaxDepth = 256 };

    /// <summary>Null when nothing is stored at <paramref name="path"/>.</summary>
    /// <exception cref="JsonException">The document is not JSON.</exception>
    public static async ValueTask<NgffDocument?> LoadAsync(IStore store, string path, CancellationToken cancellationToken)
    {
        var v3Key = StoreKey.Join(path, "zarr.json");
        if (await store.GetAsync(v3Key, ByteRange.All, cancellationToken).ConfigureAwait(false) is { } v3)
        {
            using (v3)
            {
                var json = Parse(v3.Memory.Span, v3Key);
                var isArray = json["node_type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String && type.GetValue<string>() == "array";
                var attributes = json["attributes"] as JsonObject ?? [];
                return new NgffDocument(path, ZarrFormat.V3, isArray, v3Key, attributes, "$.attributes");
            }
        }

        var attrsKey = StoreKey.Join(path, ".zattrs");
        JsonObject? attrs = null;
        if (await store.GetAsync(attrsKey, ByteRange.All, cancellationToken).ConfigureAwait(false) is { } zattrs)
        {
            using (zattrs)
            {
                attrs = Parse(zattrs.Memory.Span, attrsKey);
            }
        }

        var isV2Array = await store.ExistsAsync(StoreKey.Join(path, ".zarray"), cancellationToken).ConfigureAwait(false);
        if (attrs is null && !isV2Array && !await store.ExistsAsync(StoreKey.Join(path, ".zgroup"), cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new NgffDocument(path, ZarrFormat.V2, isV2Array, attrs is null ? StoreKey.Join(path, isV2Array ? ".zarray" : ".zgroup") : attrsKey, attrs ?? [], "$");
    }

    private static JsonObject Parse(ReadOnlySpan<byte> utf8, string key)
    {
        if (utf8.StartsWith("\xEF\xBB\xBF"u8))
        {
            utf8 = utf8[3..];
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = Options.MaxDepth });
        return JsonNode.Parse(ref reader) as JsonObject ?? throw new JsonException($"{key}: must be a JSON object");
    }
}
