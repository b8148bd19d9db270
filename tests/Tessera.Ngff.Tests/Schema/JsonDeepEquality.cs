using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Ngff.Tests.Schema;

/// <summary>JSON Schema's notion of equal instances: structural, with numbers compared by value (1 equals 1.0).</summary>
internal static class JsonDeepEquality
{
    public static bool AreEqual(JsonNode? left, JsonNode? right)
    {
        var kind = KindOf(left);
        if (kind != KindOf(right))
        {
            return false;
        }

        switch (kind)
        {
            case JsonValueKind.Number:
                return CompareNumbers(left!, right!) == 0;
            case JsonValueKind.String:
                return string.Equals(left!.GetValue<string>(), right!.GetValue<string>(), StringComparison.Ordinal);
            case JsonValueKind.Array:
                var leftItems = left!.AsArray();
                var rightItems = right!.AsArray();
                if (leftItems.Count != rightItems.Count)
                {
                    return false;
                }

                for (var i = 0; i < leftItems.Count; i++)
                {
                    if (!AreEqual(leftItems[i], rightItems[i]))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Object:
                var leftMembers = left!.AsObject();
                var rightMembers = right!.AsObject();
                if (leftMembers.Count != rightMembers.Count)
                {
                    return false;
                }

                foreach (var (name, value) in leftMembers)
                {
                    if (!rightMembers.TryGetPropertyValue(name, out var other) || !AreEqual(value, other))
                    {
                        return false;
                    }
                }

                return true;
            default:
                // null, true and false carry no payload beyond their kind.
                return true;
        }
    }

    /// <summary>The JSON kind of a node, with a null reference standing for JSON null.</summary>
    public static JsonValueKind KindOf(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    /// <summary>Orders two JSON numbers by value; decimal keeps "0.1"-style literals exact, double covers the rest.</summary>
    public static int CompareNumbers(JsonNode left, JsonNode right)
    {
        var leftText = left.ToJsonString();
        var rightText = right.ToJsonString();
        if (TryDecimal(leftText, out var leftDecimal) && TryDecimal(rightText, out var rightDecimal))
        {
            return leftDecimal.CompareTo(rightDecimal);
        }

        return ToDouble(leftText).CompareTo(ToDouble(rightText));
    }

    public static bool IsIntegral(JsonNode number)
    {
        var text = number.ToJsonString();
        if (TryDecimal(text, out var exact))
        {
            return exact == decimal.Truncate(exact);
        }

        var value = ToDouble(text);
        return double.IsFinite(value) && Math.Floor(value) == value;
    }

    private static bool TryDecimal(string text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static double ToDouble(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
