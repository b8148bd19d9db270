using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Zarr.Metadata;

/// <summary>
/// Reads integers from JSON nodes whether they were parsed (backed by a JsonElement) or built in code
/// (backed by an int, long…), which System.Text.Json does not convert between.
/// </summary>
internal static class JsonNumbers
{
    public static bool TryGetInt64(JsonNode? node, out long value)
    {
        value = 0;
        if (node is not JsonValue json || json.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        var text = json.ToJsonString();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        // 5.0 or 1e3: integral values written as floats.
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && d is >= long.MinValue and < 9.2233720368547758e18)
        {
            value = (long)d;
            return true;
        }

        return false;
    }

    public static bool TryGetInt32(JsonNode? node, out int value)
    {
        value = 0;
        if (TryGetInt64(node, out var wide) && wide is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)wide;
            return true;
        }

        return false;
    }
}
