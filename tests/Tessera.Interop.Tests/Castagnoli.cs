namespace Tessera.Interop.Tests;

/// <summary>
/// CRC-32C (Castagnoli), bit by bit: an independent reference for the checksums Tessera writes, since
/// zarrita strips crc32c without checking it and numcodecs 0.11 has no crc32c.
/// </summary>
internal static class Castagnoli
{
    private const uint ReflectedPolynomial = 0x82F63B78;

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ ReflectedPolynomial : crc >> 1;
            }
        }

        return ~crc;
    }
}
