namespace Tessera.Zarr.Checksums;

/// <summary>
/// Fletcher-32 as numcodecs and HDF5 compute it: sums of big-endian 16-bit words modulo 65535, an odd
/// trailing byte taken as the high byte of a last word.
/// </summary>
internal static class Fletcher32
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        ulong sum1 = 0, sum2 = 0;
        var words = data.Length / 2;
        var i = 0;
        while (i < words)
        {
            // Reduce every 256 words: the sums stay far below 2^64 between reductions.
            var end = Math.Min(words, i + 256);
            for (; i < end; i++)
            {
                sum1 += (uint)((data[2 * i] << 8) | data[2 * i + 1]);
                sum2 += sum1;
            }

            sum1 %= 65535;
            sum2 %= 65535;
        }

        if ((data.Length & 1) != 0)
        {
            sum1 = (sum1 + ((uint)data[^1] << 8)) % 65535;
            sum2 = (sum2 + sum1) % 65535;
        }

        return (uint)((sum2 << 16) | sum1);
    }
}
