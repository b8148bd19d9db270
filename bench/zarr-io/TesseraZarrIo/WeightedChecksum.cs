namespace Tessera.Bench.ZarrIo;

/// <summary>
/// The checksum every reader in the benchmark prints (see ../checksum.py): the sum of value[i] * (i + 1)
/// over the flat C-order index i, modulo 2^64. Position-weighted so a misplaced chunk changes it.
/// </summary>
internal static class WeightedChecksum
{
    public static ulong Of(ReadOnlySpan<ushort> values, ulong firstIndex = 0)
    {
        ulong sum = 0;
        var weight = firstIndex + 1;
        foreach (var value in values)
        {
            sum = unchecked(sum + value * weight);
            weight++;
        }

        return sum;
    }

    public static string Format(ulong checksum) => checksum.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
}
