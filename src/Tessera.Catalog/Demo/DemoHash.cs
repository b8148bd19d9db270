using System.Runtime.CompilerServices;

namespace Tessera.Catalog.Demo;

/// <summary>
/// Integer hashing for procedural pixels: the same coordinates and seed always give the same value, on any machine,
/// from any thread, without a random generator's state (regions are generated in any order).
/// </summary>
internal static class DemoHash
{
    /// <summary>A well-mixed 32-bit hash of two coordinates and a seed (a lowbias32-style finaliser).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Of(long a, long b, int seed)
    {
        var h = (uint)a * 0x9E3779B1u ^ (uint)(a >> 32) * 0x85EBCA77u ^ (uint)b * 0xC2B2AE3Du ^ (uint)(b >> 32) * 0x27D4EB2Fu ^ (uint)seed * 0x165667B1u;
        h ^= h >> 16;
        h *= 0x7FEB352Du;
        h ^= h >> 15;
        h *= 0x846CA68Bu;
        h ^= h >> 16;
        return h;
    }

    /// <summary>The hash as a number in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Unit(long a, long b, int seed) => Of(a, b, seed) / 4294967296.0;
}
