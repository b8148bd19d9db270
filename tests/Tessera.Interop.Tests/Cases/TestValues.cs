namespace Tessera.Interop.Tests.Cases;

/// <summary>
/// The deterministic values every case holds, as a formula of the flat C-order index. The peer scripts
/// (python/interop_common.py) use the same formulas; the tests still compare digests computed on both
/// sides, so a drift here shows up as a failure rather than passing silently.
/// </summary>
internal static class TestValues
{
    /// <summary>
    /// The value at flat index <paramref name="i"/>, exact in a double; the element type's conversion
    /// (a float32 cast rounds to nearest even, like numpy's astype) gives the stored value.
    /// </summary>
    public static double At(string code, long i) => code switch
    {
        // Steps coprime to 256 cover every u1 value within 256 elements.
        "u1" => (i * 37 + 11) % 256,
        "u2" => (i * 40503 + 65535) % 65536,
        // A linear congruential step reinterpreted as int32: large magnitudes of both signs.
        "i4" => unchecked((int)(uint)((i * 1103515245 + 12345) & 0xFFFFFFFF)),
        // Fractional, negative and positive; plain IEEE multiply and divide, which numpy computes identically.
        "f4" => ((i * 0.731) - 300.5) / 7.0,
        "f8" => ((i * 7.25) - 1000.125) / 3.0,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "unknown numpy type code"),
    };
}
