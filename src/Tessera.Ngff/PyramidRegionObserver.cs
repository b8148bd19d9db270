namespace Tessera.Ngff;

/// <summary>
/// Sees every full-resolution region once, right after it was read (for statistics such as the histograms behind
/// omero windows). Called from several threads at once, each call with a different region.
/// </summary>
public delegate void PyramidRegionObserver(ReadOnlySpan<long> start, int height, int width, ReadOnlySpan<byte> pixels);
