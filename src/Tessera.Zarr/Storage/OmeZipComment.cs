using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Zarr.Storage;

/// <summary>
/// The archive comment RFC-9 recommends for an OME-Zarr zip file: UTF-8 JSON whose <c>ome.version</c> names the
/// OME-Zarr version, plus <c>ome.zipFile.centralDirectory.jsonFirst</c> when every <c>zarr.json</c> record precedes
/// the other records. The version is taken from the root <c>zarr.json</c>'s <c>attributes.ome.version</c>, so a
/// plain Zarr hierarchy (not OME-Zarr) gets no comment rather than a false claim.
/// </summary>
internal static class OmeZipComment
{
    /// <summary>The comment bytes, or empty when <paramref name="rootMetadata"/> does not declare an OME-Zarr version.</summary>
    public static byte[] FromRootMetadata(ReadOnlySpan<byte> rootMetadata, bool jsonFirst)
    {
        string? version;
        try
        {
            version = JsonNode.Parse(rootMetadata)?["attributes"]?["ome"]?["version"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return []; // not our business to validate metadata here: just don't claim anything
        }

        if (string.IsNullOrEmpty(version))
        {
            return [];
        }

        using var output = new MemoryStream();
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteStartObject("ome");
            json.WriteString("version", version);
            if (jsonFirst)
            {
                json.WriteStartObject("zipFile");
                json.WriteStartObject("centralDirectory");
                json.WriteBoolean("jsonFirst", true);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        var bytes = output.ToArray();
        return bytes.Length <= ZipFormat.MaxFieldLength ? bytes : [];
    }
}
