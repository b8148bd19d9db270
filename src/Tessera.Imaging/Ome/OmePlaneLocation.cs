namespace Tessera.Imaging.Ome;

/// <summary>Where one plane is stored: an IFD of this file, or of another file of a multi-file OME-TIFF.</summary>
/// <param name="FileName">The other file's name as the OME-XML gives it, or null.</param>
/// <param name="Uuid">The other file's UUID, or null.</param>
/// <param name="Ifd">The 0-based IFD index within that file.</param>
public sealed record OmePlaneLocation(string? FileName, string? Uuid, int Ifd)
{
    /// <summary>Whether the plane is in the file the OME-XML came from.</summary>
    public bool InThisFile => FileName is null && Uuid is null;
}
