using System.Numerics;
using System.Runtime.InteropServices;

namespace Tessera.Imaging.Rendering;

/// <summary>
/// Windows channel planes and adds them up in colour: per active channel v = clamp((x − start) / (end − start), 0, 1),
/// 1 − v when inverted, NaN as 0; each RGB component is Σ v × colour, clamped to 255 and rounded half up.
/// </summary>
internal static class Compositor
{
    /// <summary>
    /// Composites <paramref name="mappings"/>.Length planes of <paramref name="pixelCount"/> samples each (one after
    /// another in <paramref name="planes"/>) into interleaved RGB <paramref name="rgb"/>;
    /// <paramref name="scratch"/> holds 3 × pixelCount floats.
    /// </summary>
    public static void Composite(ReadOnlySpan<float> planes, ReadOnlySpan<ChannelMapping> mappings, int pixelCount, Span<float> scratch, Span<byte> rgb)
    {
        var red = scratch[..pixelCount];
        var green = scratch.Slice(pixelCount, pixelCount);
        var blue = scratch.Slice(2 * pixelCount, pixelCount);
        scratch[..(3 * pixelCount)].Clear();
        for (var k = 0; k < mappings.Length; k++)
        {
            Accumulate(planes.Slice(k * pixelCount, pixelCount), mappings[k], red, green, blue);
        }

        Pack(red, green, blue, rgb[..(3 * pixelCount)]);
    }

    private static void Accumulate(ReadOnlySpan<float> plane, ChannelMapping m, Span<float> red, Span<float> green, Span<float> blue)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && plane.Length >= Vector<float>.Count)
        {
            var start = new Vector<float>(m.Start);
            var scale = new Vector<float>(m.Scale);
            var zero = Vector<float>.Zero;
            var one = Vector<float>.One;
            var r = new Vector<float>(m.Red);
            var g = new Vector<float>(m.Green);
            var b = new Vector<float>(m.Blue);
            var samples = MemoryMarshal.Cast<float, Vector<float>>(plane);
            var reds = MemoryMarshal.Cast<float, Vector<float>>(red);
            var greens = MemoryMarshal.Cast<float, Vector<float>>(green);
            var blues = MemoryMarshal.Cast<float, Vector<float>>(blue);
            for (var v = 0; v < samples.Length; v++)
            {
                var x = samples[v];
                var value = m.Step
                    ? Vector.ConditionalSelect(Vector.GreaterThanOrEqual(x, start), one, zero)
                    : Vector.Min(Vector.Max((x - start) * scale, zero), one);
                if (m.Inverted)
                {
                    value = one - value;
                }

                // NaN samples (no data) add nothing, inverted or not.
                value = Vector.ConditionalSelect(Vector.Equals(x, x), value, zero);
                reds[v] += value * r;
                greens[v] += value * g;
                blues[v] += value * b;
            }

            i = samples.Length * Vector<float>.Count;
        }

        for (; i < plane.Length; i++)
        {
            var value = Window(plane[i], m);
            red[i] += value * m.Red;
            green[i] += value * m.Green;
            blue[i] += value * m.Blue;
        }
    }

    private static float Window(float x, ChannelMapping m)
    {
        if (float.IsNaN(x))
        {
            return 0;
        }

        var value = m.Step ? (x >= m.Start ? 1f : 0f) : Math.Clamp((x - m.Start) * m.Scale, 0f, 1f);
        return m.Inverted ? 1 - value : value;
    }

    private static void Pack(ReadOnlySpan<float> red, ReadOnlySpan<float> green, ReadOnlySpan<float> blue, Span<byte> rgb)
    {
        for (var i = 0; i < red.Length; i++)
        {
            rgb[3 * i] = (byte)(Math.Min(red[i], 255f) + 0.5f);
            rgb[3 * i + 1] = (byte)(Math.Min(green[i], 255f) + 0.5f);
            rgb[3 * i + 2] = (byte)(Math.Min(blue[i], 255f) + 0.5f);
        }
    }
}
