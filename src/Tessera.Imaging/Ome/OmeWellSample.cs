namespace Tessera.Imaging.Ome;

/// <summary>One field of view of a well.</summary>
/// <param name="Id">The sample ID.</param>
/// <param name="Index">The sample's index (the schema's field ordering within the plate).</param>
/// <param name="ImageRef">The ID of the image holding the field's pixels; null when the file gives none.</param>
/// <param name="PositionX">The field's X position in the well (unit "reference frame" by default).</param>
/// <param name="PositionY">The field's Y position in the well.</param>
/// <param name="PlateAcquisitionRef">The ID of the acquisition that lists this sample, or null.</param>
public sealed record OmeWellSample(string Id, int Index, string? ImageRef, OmeQuantity? PositionX, OmeQuantity? PositionY, string? PlateAcquisitionRef);
