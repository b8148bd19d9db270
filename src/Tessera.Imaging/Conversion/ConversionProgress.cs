namespace Tessera.Imaging.Conversion;

/// <summary>How far a conversion is: full-resolution pixels read so far, of all images in the job.</summary>
/// <param name="Image">The image being converted (its name or path inside the output).</param>
/// <param name="PixelsDone">Pixels read so far, all images together.</param>
/// <param name="PixelsTotal">Pixels to read, all images together.</param>
/// <param name="BytesDone">Bytes of pixels read so far (pixels × bytes per pixel).</param>
public readonly record struct ConversionProgress(string Image, long PixelsDone, long PixelsTotal, long BytesDone);
