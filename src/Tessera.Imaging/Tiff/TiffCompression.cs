namespace Tessera.Imaging.Tiff;

/// <summary>
/// TIFF compression schemes (tag 259). The named members are the ones <see cref="TiffWriter"/> writes; a file may
/// hold any other code, which reads back as an unnamed value.
/// </summary>
public enum TiffCompression
{
    /// <summary>Uncompressed.</summary>
    None = 1,

    /// <summary>LZW.</summary>
    Lzw = 5,

    /// <summary>JPEG ("new-style", baseline DCT per tile or strip); 8-bit samples only, lossy.</summary>
    Jpeg = 7,

    /// <summary>Deflate (zlib), as registered by Adobe.</summary>
    Deflate = 8,

    /// <summary>PackBits run-length encoding.</summary>
    PackBits = 32773,

    /// <summary>Zstandard.</summary>
    Zstd = 50000,
}
