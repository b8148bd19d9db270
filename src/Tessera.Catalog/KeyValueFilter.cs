namespace Tessera.Catalog;

/// <summary>
/// One key/value condition of a search, compared case-insensitively: the value exactly, or (with
/// <see cref="Prefix"/>) any value starting with it — an empty prefix matches any value of the key.
/// </summary>
/// <param name="Key">The key, e.g. "Gene Symbol".</param>
/// <param name="Value">The value, or its start.</param>
/// <param name="Prefix">Whether <paramref name="Value"/> is a prefix.</param>
public sealed record KeyValueFilter(string Key, string Value, bool Prefix = false)
{
    /// <summary>Parses <c>Key=Value</c>, or <c>Key=Val*</c> for a prefix (<c>Key=*</c>: any value).</summary>
    /// <exception cref="FormatException">There is no '=' or the key is empty.</exception>
    public static KeyValueFilter Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var separator = text.IndexOf('=', StringComparison.Ordinal);
        if (separator < 0)
        {
            throw new FormatException($"'{text}': a search filter is Key=Value (or Key=Prefix*)");
        }

        var key = text[..separator].Trim();
        var value = text[(separator + 1)..].Trim();
        if (key.Length == 0)
        {
            throw new FormatException($"'{text}': the key before '=' is empty");
        }

        var prefix = value.EndsWith('*');
        if (!prefix && value.Length == 0)
        {
            throw new FormatException($"'{text}': the value after '=' is empty (use {key}=* for any value)");
        }

        return new KeyValueFilter(key, prefix ? value[..^1] : value, prefix);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Key}={Value}{(Prefix ? "*" : "")}";
}
