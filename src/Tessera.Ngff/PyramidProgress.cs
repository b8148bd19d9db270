namespace Tessera.Ngff;

/// <summary>How far a pyramid has been written, in full-resolution pixels read so far out of the total.</summary>
public readonly record struct PyramidProgress(long PixelsDone, long PixelsTotal);
