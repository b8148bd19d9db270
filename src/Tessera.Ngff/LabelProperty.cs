namespace Tessera.Ngff;

/// <summary>Free key-value properties of one label value ("class": "nucleus", "area (pixels)": 1200).</summary>
/// <param name="LabelValue">The pixel value.</param>
/// <param name="Values">The other members.</param>
public sealed record LabelProperty(long LabelValue, JsonFields Values);
