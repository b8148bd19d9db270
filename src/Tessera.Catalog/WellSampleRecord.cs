namespace Tessera.Catalog;

/// <summary>One field of a well: the image taken there, and in which acquisition.</summary>
/// <param name="FieldIndex">0-based field.</param>
/// <param name="ImageId">The image.</param>
/// <param name="AcquisitionId">The plate acquisition, if any.</param>
public sealed record WellSampleRecord(int FieldIndex, long ImageId, long? AcquisitionId);
