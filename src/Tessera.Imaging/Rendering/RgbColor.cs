using System.Globalization;

namespace Tessera.Imaging.Rendering;

/// <summary>A channel colour: 8-bit red, green and blue, written as six hexadecimal digits ("FF0000").</summary>
/// <param name="R">Red, 0–255.</param>
/// <param name="G">Green, 0–255.</param>
/// <param name="B">Blue, 0–255.</param>
public readonly record struct RgbColor(byte R, byte G, byte B)
{
    /// <summary>White (FFFFFF), the colour of greyscale rendering.</summary>
    public static RgbColor White { get; } = new(255, 255, 255);

    /// <summary>Reads six hexadecimal digits, either case ("FF0000", "00ff00").</summary>
    /// <exception cref="FormatException"><paramref name="text"/> is not six hexadecimal digits.</exception>
    public static RgbColor Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var color) ? color : throw new FormatException($"'{text}' is not a colour of six hexadecimal digits (RRGGBB)");
    }

    /// <summary>Reads six hexadecimal digits, either case; false for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out RgbColor color)
    {
        color = default;
        if (text.Length != 6)
        {
            return false;
        }

        foreach (var ch in text)
        {
            if (!char.IsAsciiHexDigit(ch))
            {
                return false;
            }
        }

        var value = int.Parse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        color = new RgbColor((byte)(value >> 16), (byte)(value >> 8), (byte)value);
        return true;
    }

    /// <summary>The six upper-case hexadecimal digits ("FF0000").</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{R:X2}{G:X2}{B:X2}");
}
