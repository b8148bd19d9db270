namespace Tessera.Zarr.Checksums;

/// <summary>Adler-32 as in zlib.</summary>
internal static class Adler32
{
    private const uint Modulus = 65521;

    // Largest n such that 255 n (n + 1) / 2 + (n + 1)(Modulus - 1) fits in 32 bits (zlib's NMAX).
    private const int BlockLength = 5552;

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint a = 1, b = 0;
        while (data.Length > 0)
        {
            var block = data[..Math.Min(BlockLength, data.Length)];
            foreach (var value in block)
            {
                a += value;
                b += a;
            }

            a %= Modulus;
            b %= Modulus;
            data = data[block.Length..];
        }

        return (b << 16) | a;
    }
}
