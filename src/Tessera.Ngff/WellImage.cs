namespace Tessera.Ngff;

/// <summary>One field of view of a well.</summary>
/// <param name="Path">The field's group name within the well ("0", "1", …).</param>
/// <param name="Acquisition">The plate acquisition id, when the plate has acquisitions.</param>
public sealed record WellImage(string Path, long? Acquisition = null);
