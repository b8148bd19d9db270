using System.Globalization;

namespace Tessera.Cli;

/// <summary>Parses shapes typed as <c>1,512,512</c> (or <c>1x512x512</c>).</summary>
internal static class ShapeArgument
{
    public static int[] Parse(string text, string option)
    {
        var parts = text.Split([',', 'x', '×'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new FormatException($"{option}: expected extents such as 1,512,512, found '{text}'");
        }

        return [.. parts.Select(part => int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"{option}: '{part}' is not a positive integer"))];
    }
}
