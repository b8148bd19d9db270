namespace Tessera.Imaging.Rendering;

/// <summary>
/// Resizes interleaved RGB by area averaging: each output pixel is the mean of the source area it covers, partly
/// covered pixels weighted by their share (a box filter, exact for whole-number shrink factors).
/// </summary>
internal static class AreaResampler
{
    public static byte[] Resize(ReadOnlySpan<byte> source, int sourceWidth, int sourceHeight, int width, int height)
    {
        var columns = Weights(sourceWidth, width);
        var rows = Weights(sourceHeight, height);
        var horizontal = new float[(long)sourceHeight * width * 3];
        for (var y = 0; y < sourceHeight; y++)
        {
            var line = source.Slice(y * sourceWidth * 3, sourceWidth * 3);
            var target = horizontal.AsSpan(y * width * 3, width * 3);
            for (var x = 0; x < width; x++)
            {
                float r = 0, g = 0, b = 0;
                foreach (var (index, weight) in columns[x])
                {
                    r += line[3 * index] * weight;
                    g += line[3 * index + 1] * weight;
                    b += line[3 * index + 2] * weight;
                }

                (target[3 * x], target[3 * x + 1], target[3 * x + 2]) = (r, g, b);
            }
        }

        var result = new byte[(long)width * height * 3];
        var rowLength = width * 3;
        for (var y = 0; y < height; y++)
        {
            var target = result.AsSpan(y * rowLength, rowLength);
            for (var i = 0; i < rowLength; i++)
            {
                float sum = 0;
                foreach (var (index, weight) in rows[y])
                {
                    sum += horizontal[index * rowLength + i] * weight;
                }

                target[i] = (byte)(Math.Min(sum, 255f) + 0.5f);
            }
        }

        return result;
    }

    /// <summary>For each output position, the source positions it covers and their weights (summing to 1).</summary>
    private static (int Index, float Weight)[][] Weights(int sourceLength, int length)
    {
        var scale = (double)sourceLength / length;
        var weights = new (int, float)[length][];
        for (var o = 0; o < length; o++)
        {
            var from = o * scale;
            var to = Math.Min((o + 1) * scale, sourceLength);
            var first = (int)Math.Floor(from);
            var last = Math.Min(sourceLength - 1, (int)Math.Ceiling(to) - 1);
            var list = new List<(int, float)>(last - first + 1);
            for (var i = first; i <= last; i++)
            {
                var overlap = Math.Min(to, i + 1) - Math.Max(from, i);
                if (overlap > 0)
                {
                    list.Add((i, (float)(overlap / (to - from))));
                }
            }

            weights[o] = [.. list];
        }

        return weights;
    }
}
