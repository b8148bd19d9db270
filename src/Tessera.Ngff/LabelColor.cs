namespace Tessera.Ngff;

/// <summary>The display colour of one label value.</summary>
/// <param name="LabelValue">The pixel value.</param>
/// <param name="Rgba">Red, green, blue, alpha, each 0–255; null when not given.</param>
public sealed record LabelColor(double LabelValue, ValueList<int>? Rgba);
