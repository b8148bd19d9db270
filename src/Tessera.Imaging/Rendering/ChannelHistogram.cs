namespace Tessera.Imaging.Rendering;

/// <summary>
/// Counts of one channel's samples in equal bins over [<see cref="Min"/>, <see cref="Max"/>); samples equal to
/// <see cref="Max"/> count in the last bin. NaN and infinite samples are not counted.
/// </summary>
/// <param name="Min">The lower edge of the first bin.</param>
/// <param name="Max">The upper edge of the last bin.</param>
/// <param name="Counts">The number of samples per bin.</param>
/// <param name="Level">The pyramid level the samples were read from.</param>
public sealed record ChannelHistogram(double Min, double Max, IReadOnlyList<long> Counts, int Level)
{
    /// <summary>The width of one bin.</summary>
    public double BinWidth => Counts.Count == 0 ? 0 : (Max - Min) / Counts.Count;
}
