namespace Tessera.Imaging.Ome;

/// <summary>The parts of an OME-XML document a converter needs: images, plates and the original text.</summary>
/// <param name="Images">The images in document order.</param>
/// <param name="Plates">The plates in document order.</param>
/// <param name="Uuid">The document's UUID ("urn:uuid:…"), which TiffData elements of multi-file OME-TIFF refer to.</param>
/// <param name="Creator">The software that wrote the document.</param>
/// <param name="Xml">The text as given, so it can be written out unchanged (OME/METADATA.ome.xml).</param>
public sealed record OmeDocument(IReadOnlyList<OmeImage> Images, IReadOnlyList<OmePlate> Plates, string? Uuid, string? Creator, string Xml)
{
    /// <summary>
    /// When the document is only a <c>BinaryOnly</c> stub (a secondary file of a multi-file OME-TIFF), the file
    /// holding the full metadata; otherwise null.
    /// </summary>
    public string? MetadataFile { get; init; }

    /// <summary>The image with the given ID, or null.</summary>
    public OmeImage? FindImage(string id) => Images.FirstOrDefault(i => i.Id == id);
}
