using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Ngff;

namespace Tessera.Imaging.Rendering;

/// <summary>
/// OMERO.web's rendering query parameters (<c>c</c>, <c>m</c>, <c>p</c>, <c>maps</c>, <c>tile</c>, <c>region</c>),
/// parsed strictly: anything malformed throws <see cref="RenderingParameterException"/> naming the parameter,
/// where OMERO.web would silently ignore it. See docs/decisions/0012-rendering.md for the semantics chosen.
/// </summary>
public static class RenderingQuery
{
    private const int QuoteLength = 48;

    /// <summary>
    /// Applies the query parameters to <paramref name="baseSettings"/> (one channel per image channel) and returns
    /// the new settings. A null or blank parameter changes nothing.
    /// <list type="bullet">
    /// <item><c>c=1|0:4000$FF0000,-2|100:200$00FF00,3</c>: channels numbered from 1; a leading minus makes the
    /// channel inactive; <c>|start:end</c> sets the window and <c>$RRGGBB</c> the colour (of inactive entries
    /// too). Channels not listed become inactive, as in OMERO.web.</item>
    /// <item><c>m=c</c> (colour) or <c>m=g</c> (greyscale).</item>
    /// <item><c>p=normal</c>, <c>intmax</c> or <c>intmean</c>, optionally with a z range <c>intmax|0:5</c>
    /// (0-based, inclusive).</item>
    /// <item><c>maps=[{"inverted":{"enabled":true}},…]</c>: per channel, by position; <c>reverse</c> is the older
    /// name of <c>inverted</c>; a null entry or member changes nothing; other members are ignored.</item>
    /// </list>
    /// </summary>
    /// <exception cref="RenderingParameterException">A parameter is malformed or names a channel the image does not have.</exception>
    public static RenderingSettings Apply(RenderingSettings baseSettings, string? c, string? m, string? p, string? maps = null)
    {
        ArgumentNullException.ThrowIfNull(baseSettings);
        var channels = baseSettings.Channels.ToArray();
        var settings = baseSettings;
        if (!string.IsNullOrWhiteSpace(maps))
        {
            ApplyMaps(channels, maps);
        }

        if (!string.IsNullOrWhiteSpace(c))
        {
            ApplyChannels(channels, c);
        }

        if (!string.IsNullOrWhiteSpace(m))
        {
            settings = settings with { Model = ParseModel(m) };
        }

        if (!string.IsNullOrWhiteSpace(p))
        {
            var (mode, start, end) = ParseProjection(p);
            settings = settings with { Projection = mode, ProjectionStart = start, ProjectionEnd = end };
        }

        return settings with { Channels = new ValueList<RenderingChannel>(channels) };
    }

    /// <summary>Parses <c>tile=level,x,y</c> or <c>tile=level,x,y,w,h</c>; a width or height of 0 or less means the default.</summary>
    /// <exception cref="RenderingParameterException">Parameter "tile": not three or five integers, or a negative level or index.</exception>
    public static TileAddress ParseTile(string tile)
    {
        ArgumentNullException.ThrowIfNull(tile);
        var parts = tile.Split(',');
        if (parts.Length is not (3 or 5))
        {
            throw new RenderingParameterException("tile", $"'{Quote(tile)}' is not level,x,y or level,x,y,w,h");
        }

        var numbers = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i].AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out numbers[i]))
            {
                throw new RenderingParameterException("tile", $"'{Quote(tile)}': '{Quote(parts[i])}' is not an integer");
            }
        }

        string[] names = ["level", "x", "y"];
        for (var i = 0; i < 3; i++)
        {
            if (numbers[i] < 0)
            {
                throw new RenderingParameterException("tile", $"'{Quote(tile)}': {names[i]} {numbers[i]} is negative");
            }
        }

        return parts.Length == 5
            ? new TileAddress(numbers[0], numbers[1], numbers[2], numbers[3] > 0 ? numbers[3] : null, numbers[4] > 0 ? numbers[4] : null)
            : new TileAddress(numbers[0], numbers[1], numbers[2]);
    }

    /// <summary>Parses <c>region=x,y,w,h</c> (full-resolution pixels).</summary>
    /// <exception cref="RenderingParameterException">Parameter "region": not four integers, a negative origin or an empty size.</exception>
    public static PixelRegion ParseRegion(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        var parts = region.Split(',');
        if (parts.Length != 4)
        {
            throw new RenderingParameterException("region", $"'{Quote(region)}' is not x,y,w,h");
        }

        var numbers = new int[4];
        for (var i = 0; i < 4; i++)
        {
            if (!int.TryParse(parts[i].AsSpan().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out numbers[i]))
            {
                throw new RenderingParameterException("region", $"'{Quote(region)}': '{Quote(parts[i])}' is not an integer");
            }
        }

        if (numbers[0] < 0 || numbers[1] < 0)
        {
            throw new RenderingParameterException("region", $"'{Quote(region)}': the origin must not be negative");
        }

        if (numbers[2] <= 0 || numbers[3] <= 0)
        {
            throw new RenderingParameterException("region", $"'{Quote(region)}': width and height must be at least 1");
        }

        return new PixelRegion(numbers[0], numbers[1], numbers[2], numbers[3]);
    }

    /// <summary>Parses <c>m</c>: "c" for colour, "g" for greyscale.</summary>
    /// <exception cref="RenderingParameterException">Parameter "m": anything else.</exception>
    public static RenderingModel ParseModel(string m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return m.Trim() switch
        {
            "c" => RenderingModel.Color,
            "g" => RenderingModel.Greyscale,
            _ => throw new RenderingParameterException("m", $"'{Quote(m)}' is not c (colour) or g (greyscale)"),
        };
    }

    /// <summary>Parses <c>p</c>: "normal", "intmax" or "intmean", optionally followed by "|start:end" (0-based z, inclusive).</summary>
    /// <exception cref="RenderingParameterException">Parameter "p": an unknown mode or a malformed range.</exception>
    public static (ProjectionMode Mode, int? Start, int? End) ParseProjection(string p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var text = p.Trim();
        var bar = text.IndexOf('|', StringComparison.Ordinal);
        var name = bar < 0 ? text : text[..bar];
        var mode = name switch
        {
            "normal" => ProjectionMode.Normal,
            "intmax" => ProjectionMode.IntMax,
            "intmean" => ProjectionMode.IntMean,
            "intsum" => throw new RenderingParameterException("p", "intsum is not supported (use normal, intmax or intmean)"),
            _ => throw new RenderingParameterException("p", $"'{Quote(name)}' is not normal, intmax or intmean"),
        };
        if (bar < 0)
        {
            return (mode, null, null);
        }

        var range = text[(bar + 1)..];
        var colon = range.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0
            || !int.TryParse(range.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var start)
            || !int.TryParse(range.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var end))
        {
            throw new RenderingParameterException("p", $"'{Quote(text)}': '{Quote(range)}' is not start:end (two z indices from 0)");
        }

        if (start > end)
        {
            throw new RenderingParameterException("p", $"'{Quote(text)}': start {start} is after end {end}");
        }

        return (mode, start, end);
    }

    private static void ApplyChannels(RenderingChannel[] channels, string c)
    {
        var entries = c.Split(',');
        var listed = new bool[channels.Length];
        var updated = new RenderingChannel?[channels.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i].Trim();
            if (entry.Length == 0)
            {
                throw new RenderingParameterException("c", $"entry {i + 1} is empty");
            }

            var (index, active, window, color) = ParseEntry(entry, channels.Length);
            if (listed[index])
            {
                throw new RenderingParameterException("c", $"channel {index + 1} is listed twice");
            }

            listed[index] = true;
            var channel = channels[index] with { Active = active };
            if (window is var (start, end))
            {
                channel = channel with { Start = start, End = end };
            }

            if (color is { } rgb)
            {
                channel = channel with { Color = rgb };
            }

            updated[index] = channel;
        }

        // As in OMERO.web, a channel the list leaves out is switched off (keeping its window and colour).
        for (var i = 0; i < channels.Length; i++)
        {
            channels[i] = updated[i] ?? channels[i] with { Active = false };
        }
    }

    private static (int Index, bool Active, (double Start, double End)? Window, RgbColor? Color) ParseEntry(string entry, int count)
    {
        var negative = entry[0] == '-';
        var pos = negative ? 1 : 0;
        var digitsEnd = pos;
        while (digitsEnd < entry.Length && entry[digitsEnd] is not ('|' or '$'))
        {
            digitsEnd++;
        }

        var number = entry.AsSpan(pos, digitsEnd - pos).Trim();
        if (number.Length == 0 || !IsDigits(number))
        {
            throw new RenderingParameterException("c", $"'{Quote(entry)}' does not start with a channel number (1, 2, …, or -1 for inactive)");
        }

        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var channel) || channel > count)
        {
            throw new RenderingParameterException("c", $"channel {Quote(number.ToString())} does not exist (the image has {count})");
        }

        if (channel == 0)
        {
            throw new RenderingParameterException("c", "channel 0 does not exist; channels are numbered from 1");
        }

        (double, double)? window = null;
        RgbColor? color = null;
        pos = digitsEnd;
        while (pos < entry.Length)
        {
            var kind = entry[pos];
            var end = pos + 1;
            while (end < entry.Length && entry[end] is not ('|' or '$'))
            {
                end++;
            }

            var part = entry[(pos + 1)..end].Trim();
            if (kind == '|')
            {
                window = window is null ? ParseWindow(entry, part) : throw new RenderingParameterException("c", $"'{Quote(entry)}' has two windows");
            }
            else
            {
                color = color is null ? ParseColor(entry, part) : throw new RenderingParameterException("c", $"'{Quote(entry)}' has two colours");
            }

            pos = end;
        }

        return (channel - 1, !negative, window, color);
    }

    private static (double, double) ParseWindow(string entry, string part)
    {
        var colon = part.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0
            || !TryParseNumber(part.AsSpan(0, colon), out var start)
            || !TryParseNumber(part.AsSpan(colon + 1), out var end))
        {
            throw new RenderingParameterException("c", $"'{Quote(entry)}': '{Quote(part)}' is not start:end (two numbers)");
        }

        if (start > end)
        {
            throw new RenderingParameterException("c", $"'{Quote(entry)}': window start {Format(start)} is after its end {Format(end)}");
        }

        return (start, end);
    }

    private static RgbColor ParseColor(string entry, string part)
    {
        if (RgbColor.TryParse(part, out var color))
        {
            return color;
        }

        throw new RenderingParameterException("c", part.EndsWith(".lut", StringComparison.OrdinalIgnoreCase)
            ? $"'{Quote(entry)}': lookup tables ('{Quote(part)}') are not supported; give a colour RRGGBB"
            : $"'{Quote(entry)}': '{Quote(part)}' is not a colour of six hexadecimal digits (RRGGBB)");
    }

    private static void ApplyMaps(RenderingChannel[] channels, string maps)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(maps);
        }
        catch (JsonException e)
        {
            throw new RenderingParameterException("maps", "is not JSON: " + e.Message);
        }

        if (root is not JsonArray array)
        {
            throw new RenderingParameterException("maps", "must be a JSON array with one object per channel");
        }

        if (array.Count > channels.Length)
        {
            throw new RenderingParameterException("maps", $"has {array.Count} entries; the image has {channels.Length} channels");
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is null)
            {
                continue;
            }

            if (array[i] is not JsonObject map)
            {
                throw new RenderingParameterException("maps", $"entry {i} must be an object or null");
            }

            // "inverted" wins over its deprecated name "reverse" when both are given (as in OMERO.web).
            if ((Enabled(map, "inverted", i) ?? Enabled(map, "reverse", i)) is { } inverted)
            {
                channels[i] = channels[i] with { Inverted = inverted };
            }
        }
    }

    private static bool? Enabled(JsonObject map, string name, int index)
    {
        if (!map.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        if (node is not JsonObject codomain)
        {
            throw new RenderingParameterException("maps", $"entry {index}: {name} must be an object like {{\"enabled\": true}}");
        }

        // OMERO.web counts true and "true" as enabled, anything else as disabled.
        return codomain["enabled"] is JsonValue value
            && ((value.GetValueKind() == JsonValueKind.True)
                || (value.TryGetValue<string>(out var text) && text == "true"));
    }

    private static bool TryParseNumber(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value)
        && double.IsFinite(value);

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var ch in text)
        {
            if (!char.IsAsciiDigit(ch))
            {
                return false;
            }
        }

        return true;
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    // Echoed input is cut short so a hostile query cannot make a huge message.
    private static string Quote(string text) => text.Length <= QuoteLength ? text : text[..QuoteLength] + "…";
}
