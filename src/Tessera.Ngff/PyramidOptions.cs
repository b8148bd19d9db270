namespace Tessera.Ngff;

/// <summary>How <see cref="PyramidWriter"/> builds the levels below the full-resolution one.</summary>
public sealed record PyramidOptions
{
    /// <summary>How a block of pixels becomes one pixel: <see cref="Downsampling.Mean"/> for intensities, mode or nearest for labels.</summary>
    public Downsampling Method { get; init; } = Downsampling.Mean;

    /// <summary>Levels are added until the largest of the y and x sizes is at most this (default 256).</summary>
    public int SmallestLevelMaxSide { get; init; } = 256;

    /// <summary>An exact number of levels (full resolution included), instead of <see cref="SmallestLevelMaxSide"/>.</summary>
    public int? LevelCount { get; init; }

    /// <summary>Halve z as well as y and x (XYZ pyramids); by default only y and x are halved.</summary>
    public bool DownsampleZ { get; init; }

    /// <summary>
    /// The block the source stores pixels in (rows, columns), so reads line up with it and decode each stored block
    /// once; null reads blocks of the level-0 chunk size.
    /// </summary>
    public (int Height, int Width)? SourceBlock { get; init; }

    /// <summary>Regions read, downsampled and written at once (default: the processor count).</summary>
    public int Concurrency { get; init; } = Environment.ProcessorCount;

    /// <summary>Told after each band of full-resolution rows.</summary>
    public IProgress<PyramidProgress>? Progress { get; init; }

    /// <summary>Sees every full-resolution region once.</summary>
    public PyramidRegionObserver? Observer { get; init; }
}
