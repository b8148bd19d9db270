namespace Tessera.Imaging.Ome;

/// <summary>Row and column names of a plate from their 0-based indices and the OME naming conventions.</summary>
public static class OmePlateNaming
{
    /// <summary>The convention naming by letters: A, B, …, Z, AA, AB, ….</summary>
    public const string Letter = "letter";

    /// <summary>The convention naming by 1-based numbers.</summary>
    public const string Number = "number";

    /// <summary>The name of row <paramref name="index"/>; letters unless <paramref name="convention"/> says otherwise.</summary>
    public static string RowName(int index, string? convention = null) => Name(index, convention ?? Letter);

    /// <summary>The name of column <paramref name="index"/>; numbers unless <paramref name="convention"/> says otherwise.</summary>
    public static string ColumnName(int index, string? convention = null) => Name(index, convention ?? Number);

    /// <summary>The name of <paramref name="index"/> under <paramref name="convention"/> ("letter": 0 → "A", 26 → "AA"; "number": 0 → "1").</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="convention"/> is neither "letter" nor "number".</exception>
    public static string Name(int index, string convention)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return convention switch
        {
            Letter => Letters(index),
            Number => (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new ArgumentException($"Unknown plate naming convention '{convention}' (expected '{Letter}' or '{Number}').", nameof(convention)),
        };
    }

    internal static bool IsKnown(string convention) => convention is Letter or Number;

    // Bijective base 26, like spreadsheet columns: there is no zero digit, so Z is followed by AA.
    private static string Letters(int index)
    {
        Span<char> buffer = stackalloc char[8];
        var position = buffer.Length;
        var n = (long)index + 1;
        while (n > 0)
        {
            n--;
            buffer[--position] = (char)('A' + (int)(n % 26));
            n /= 26;
        }

        return new string(buffer[position..]);
    }
}
