namespace Tessera.Catalog.Import;

/// <summary>One image found in the imported hierarchy, its record not yet placed (location and source are set on registration).</summary>
/// <param name="Path">The image group's path below the import's root ("" for the root itself).</param>
/// <param name="Image">What the catalogue records of it.</param>
/// <param name="FieldIndex">For a plate field: its index in the well.</param>
/// <param name="Acquisition">For a plate field: the NGFF acquisition id it belongs to.</param>
internal sealed record ScannedImage(string Path, ImageRecord Image, int FieldIndex = 0, long? Acquisition = null);
