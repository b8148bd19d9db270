namespace Tessera.Imaging.Ome;

/// <summary>A value with its OME unit symbol, e.g. (0.5, "µm") or (2, "s").</summary>
/// <param name="Value">The number.</param>
/// <param name="Unit">The OME unit symbol as written, or the schema default when the file gives none.</param>
public sealed record OmeQuantity(double Value, string Unit);
