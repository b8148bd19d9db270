namespace Tessera.Zarr.Checksums;

/// <summary>
/// Fletcher-32 as HDF5 and numcodecs compute it: sums of big-endian 16-bit words, an odd trailing byte taken as
/// the high byte of a last word, reduced by folding the carry back in (<c>(s &amp; 0xFFFF) + (s &gt;&gt; 16)</c>) after
/// every 360 words and at the end. Folding is not <c>% 65535</c>: a non-zero multiple of 65535 stays 0xFFFF.
/// </summary>
internal static class Fletcher32
{
    // The most words whose sums cannot overflow 32 bits between folds.
    private const int Block = 360;

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint sum1 = 0, sum2 = 0;
        var words = data.Length / 2;
        var i = 0;
        while (words > 0)
        {
            var count = Math.Min(Block, words);
            words -= count;
            for (var end = i + 2 * count; i < end; i += 2)
            {
                sum1 += (uint)((data[i] << 8) | data[i + 1]);
                sum2 += sum1;
            }

            sum1 = Fold(sum1);
            sum2 = Fold(sum2);
        }

        if ((data.Length & 1) != 0)
        {
            sum1 += (uint)data[^1] << 8;
            sum2 += sum1;
            sum1 = Fold(sum1);
            sum2 = Fold(sum2);
        }

        return (Fold(sum2) << 16) | Fold(sum1);
    }

    private static uint Fold(uint sum) => (sum & 0xFFFF) + (sum >> 16);
}
