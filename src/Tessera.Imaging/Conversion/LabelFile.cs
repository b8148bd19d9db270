namespace Tessera.Imaging.Conversion;

/// <summary>A mask file to convert into the image-label <paramref name="Name"/>, with optional per-label properties from a CSV.</summary>
/// <param name="Name">The label image's name under <c>labels/</c>.</param>
/// <param name="Path">The mask (TIFF, PNG): integer label values, 0 for background.</param>
/// <param name="PropertiesPath">A CSV with a <c>label-value</c> column and one column per property, or null.</param>
public sealed record LabelFile(string Name, string Path, string? PropertiesPath = null);
