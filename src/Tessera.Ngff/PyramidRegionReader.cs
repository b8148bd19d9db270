namespace Tessera.Ngff;

/// <summary>
/// Reads one region of the full-resolution image for <see cref="PyramidWriter"/>: <paramref name="height"/> rows
/// × <paramref name="width"/> columns of the single plane whose first element is at <paramref name="start"/>
/// (an index per axis), into <paramref name="destination"/> in C order and machine byte order. Called from several
/// threads at once.
/// </summary>
public delegate void PyramidRegionReader(ReadOnlySpan<long> start, int height, int width, Span<byte> destination);
