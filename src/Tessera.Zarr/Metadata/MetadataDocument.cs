using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Zarr.Metadata;

/// <summary>Parsing and writing of JSON metadata documents (zarr.json, .zarray, .zattrs, …).</summary>
internal static class MetadataDocument
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        IndentSize = 4,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep "µm" readable
    };

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    /// <summary>Parses a document that must be a JSON object.</summary>
    /// <exception cref="ZarrMetadataException">Not JSON, or not an object.</exception>
    public static JsonObject ParseObject(ReadOnlySpan<byte> utf8, string key)
    {
        // Tolerate a UTF-8 byte order mark, which some editors add.
        if (utf8.StartsWith("\xEF\xBB\xBF"u8))
        {
            utf8 = utf8[3..];
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(utf8, documentOptions: DocumentOptions);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : "";
            throw new ZarrMetadataException(key, null, $"invalid JSON{where}: {FirstSentence(e.Message)}", e);
        }

        return node as JsonObject ?? throw new ZarrMetadataException(key, "$", $"expected a JSON object, found {DataType.Describe(node)}");
    }

    /// <summary>UTF-8 bytes of an indented document.</summary>
    public static byte[] Serialize(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString(Indented) + "\n");

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut < 0 ? message : message[..(cut + 1)];
    }
}
