using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tessera.Ngff;

/// <summary>JSON paths for problem reports, and number reading that works for parsed and code-built nodes alike.</summary>
internal static partial class JsonPaths
{
    public static string Member(string path, string key) =>
        IdentifierPattern().IsMatch(key) ? $"{path}.{key}" : $"{path}['{key.Replace("'", "\\'", StringComparison.Ordinal)}']";

    public static string Item(string path, int index) => $"{path}[{index.ToString(CultureInfo.InvariantCulture)}]";

    public static string KindOf(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        },
        _ => "unknown",
    };

    public static bool TryGetNumber(JsonNode? node, out double value)
    {
        value = 0;
        return node is JsonValue json && json.GetValueKind() == JsonValueKind.Number
            && double.TryParse(json.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>An integer in the JSON Schema sense: any number with no fractional part (so 2.0 counts).</summary>
    public static bool TryGetInteger(JsonNode? node, out long value)
    {
        value = 0;
        if (!TryGetNumber(node, out var number) || number != Math.Floor(number) || double.IsInfinity(number) || Math.Abs(number) >= 9.2e18)
        {
            return false;
        }

        value = (long)number;
        return true;
    }

    public static bool TryGetString(JsonNode? node, out string value)
    {
        value = "";
        if (node is JsonValue json && json.GetValueKind() == JsonValueKind.String)
        {
            value = json.GetValue<string>();
            return true;
        }

        return false;
    }

    public static bool TryGetBoolean(JsonNode? node, out bool value)
    {
        value = false;
        if (node is JsonValue json && json.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            value = json.GetValueKind() == JsonValueKind.True;
            return true;
        }

        return false;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();
}
