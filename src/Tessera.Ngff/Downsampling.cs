namespace Tessera.Ngff;

/// <summary>How a pyramid level's pixel is made from the 2×2 (or 2×2×2) block of the level above it.</summary>
public enum Downsampling
{
    /// <summary>
    /// The mean of the block's pixels, for intensities. Integers are rounded half away from zero; blocks cut by
    /// the image edge average the pixels they hold.
    /// </summary>
    Mean,

    /// <summary>The most frequent value of the block (ties go to the first in reading order), for labels: no new label values appear.</summary>
    Mode,

    /// <summary>The block's first pixel (top left, nearest to the origin), for labels when speed matters more than shape.</summary>
    Nearest,
}
