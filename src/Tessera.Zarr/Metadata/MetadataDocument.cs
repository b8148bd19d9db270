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

    // Duplicate members are an error, not "last one wins": metadata must mean one thing.
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256, AllowDuplicateProperties = false };

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
            // zarr-python 2 writes attributes with Python's json module, which emits bare NaN, Infinity and
            // -Infinity. Read those as the strings Zarr uses for such fill values rather than refusing the node.
            if (WithNonFiniteNumbersQuoted(utf8) is { } quoted)
            {
                try
                {
                    node = JsonNode.Parse(quoted, documentOptions: DocumentOptions);
                    return node as JsonObject ?? throw new ZarrMetadataException(key, "$", $"expected a JSON object, found {DataType.Describe(node)}");
                }
                catch (JsonException)
                {
                }
            }

            var where = e.LineNumber is { } line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : "";
            throw new ZarrMetadataException(key, null, $"invalid JSON{where}: {FirstSentence(e.Message)}", e);
        }

        return node as JsonObject ?? throw new ZarrMetadataException(key, "$", $"expected a JSON object, found {DataType.Describe(node)}");
    }

    // Zarr v2 readers (zarr-python 2.x) decode .zattrs/.zarray as ASCII, so v2 documents escape everything beyond it.
    private static readonly JsonSerializerOptions IndentedAscii = new() { WriteIndented = true, IndentSize = 4, Encoder = JavaScriptEncoder.Default };

    /// <summary>UTF-8 bytes of an indented document; <paramref name="asciiOnly"/> escapes non-ASCII characters (for Zarr v2).</summary>
    public static byte[] Serialize(JsonNode node, bool asciiOnly = false) => Encoding.UTF8.GetBytes(node.ToJsonString(asciiOnly ? IndentedAscii : Indented) + "\n");

    /// <summary>
    /// The document with bare <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c> tokens (outside strings) quoted, or
    /// null when it has none.
    /// </summary>
    private static byte[]? WithNonFiniteNumbersQuoted(ReadOnlySpan<byte> utf8)
    {
        var output = new List<byte>(utf8.Length + 16);
        var changed = false;
        var inString = false;
        for (var i = 0; i < utf8.Length; i++)
        {
            var b = utf8[i];
            if (inString)
            {
                output.Add(b);
                if (b == (byte)'\\' && i + 1 < utf8.Length)
                {
                    output.Add(utf8[++i]);
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }

                continue;
            }

            if (b == (byte)'"')
            {
                inString = true;
                output.Add(b);
                continue;
            }

            ReadOnlySpan<byte> token = utf8[i..].StartsWith("-Infinity"u8) ? "-Infinity"u8
                : utf8[i..].StartsWith("Infinity"u8) ? "Infinity"u8
                : utf8[i..].StartsWith("NaN"u8) ? "NaN"u8
                : default;
            if (token.Length > 0)
            {
                output.Add((byte)'"');
                output.AddRange(token);
                output.Add((byte)'"');
                i += token.Length - 1;
                changed = true;
                continue;
            }

            output.Add(b);
        }

        return changed ? [.. output] : null;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut < 0 ? message : message[..(cut + 1)];
    }
}
