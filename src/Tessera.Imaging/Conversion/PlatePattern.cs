using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Tessera.Imaging.Conversion;

/// <summary>
/// A file-name pattern for plate folders such as <c>{row}{col}_f{field}_c{channel}.tif</c>. Placeholders:
/// <c>{row}</c> (letters: A, B, …, AA), <c>{col}</c> (a number), <c>{field}</c>, <c>{z}</c>, <c>{t}</c>,
/// <c>{acquisition}</c> (numbers) and <c>{channel}</c> (any text without '/'). The pattern matches the path relative to
/// the folder, with '/' between directories; row and column are required.
/// </summary>
public sealed class PlatePattern
{
    private static readonly Dictionary<string, string> Placeholders = new(StringComparer.OrdinalIgnoreCase)
    {
        ["row"] = "[A-Za-z]+",
        ["col"] = "[0-9]+",
        ["column"] = "[0-9]+",
        ["field"] = "[0-9]+",
        ["z"] = "[0-9]+",
        ["t"] = "[0-9]+",
        ["acquisition"] = "[0-9]+",
        ["channel"] = "[^/]+?",
    };

    private readonly Regex _regex;

    private PlatePattern(string text, Regex regex, IReadOnlySet<string> names)
    {
        Text = text;
        _regex = regex;
        Names = names;
    }

    /// <summary>The pattern as given.</summary>
    public string Text { get; }

    /// <summary>The placeholders used (lower case; "column" counts as "col").</summary>
    public IReadOnlySet<string> Names { get; }

    /// <summary>Parses a pattern.</summary>
    /// <exception cref="FormatException">An unknown or repeated placeholder, an unclosed brace, or no {row}/{col}.</exception>
    public static PlatePattern Parse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var regex = new StringBuilder("^");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        while (i < pattern.Length)
        {
            var open = pattern.IndexOf('{', i);
            if (open < 0)
            {
                regex.Append(Regex.Escape(pattern[i..]));
                break;
            }

            regex.Append(Regex.Escape(pattern[i..open]));
            var close = pattern.IndexOf('}', open);
            if (close < 0)
            {
                throw new FormatException($"--pattern '{pattern}': '{{' at position {open} is never closed");
            }

            var name = pattern[(open + 1)..close].Trim().ToLowerInvariant();
            if (!Placeholders.TryGetValue(name, out var expression))
            {
                throw new FormatException($"--pattern '{pattern}': unknown placeholder '{{{name}}}' (known: {{row}}, {{col}}, {{field}}, {{channel}}, {{z}}, {{t}}, {{acquisition}})");
            }

            var key = name == "column" ? "col" : name;
            if (!names.Add(key))
            {
                throw new FormatException($"--pattern '{pattern}': '{{{name}}}' appears twice");
            }

            regex.Append(CultureInfo.InvariantCulture, $"(?<{key}>{expression})");
            i = close + 1;
        }

        if (!names.Contains("row") || !names.Contains("col"))
        {
            throw new FormatException($"--pattern '{pattern}': needs {{row}} and {{col}} to place files in wells");
        }

        regex.Append('$');
        return new PlatePattern(pattern, new Regex(regex.ToString(), RegexOptions.CultureInvariant), names);
    }

    /// <summary>Where <paramref name="relativePath"/> belongs, or null when it does not match.</summary>
    public PlateFile? Match(string relativePath, string fullPath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var match = _regex.Match(relativePath.Replace('\\', '/'));
        if (!match.Success)
        {
            return null;
        }

        long Number(string key) => match.Groups[key].Success ? long.Parse(match.Groups[key].Value, NumberStyles.None, CultureInfo.InvariantCulture) : 0;
        return new PlateFile(
            fullPath,
            match.Groups["row"].Value.ToUpperInvariant(),
            Number("col").ToString(CultureInfo.InvariantCulture),
            Number("field"),
            match.Groups["channel"].Success ? match.Groups["channel"].Value : "0",
            Number("z"),
            Number("t"),
            match.Groups["acquisition"].Success ? Number("acquisition") : null);
    }
}
