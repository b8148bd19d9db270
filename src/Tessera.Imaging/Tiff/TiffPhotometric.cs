namespace Tessera.Imaging.Tiff;

/// <summary>TIFF photometric interpretations (tag 262): how the samples of a pixel are to be seen.</summary>
public enum TiffPhotometric
{
    /// <summary>Grey, 0 is white.</summary>
    MinIsWhite = 0,

    /// <summary>Grey (or independent channels), 0 is black.</summary>
    MinIsBlack = 1,

    /// <summary>Red, green, blue.</summary>
    Rgb = 2,

    /// <summary>Indices into a colour map.</summary>
    Palette = 3,

    /// <summary>A transparency mask.</summary>
    Mask = 4,

    /// <summary>Colour separations, usually CMYK.</summary>
    Separated = 5,

    /// <summary>YCbCr, usually in JPEG-compressed files.</summary>
    YCbCr = 6,

    /// <summary>CIE L*a*b*.</summary>
    CieLab = 8,
}
