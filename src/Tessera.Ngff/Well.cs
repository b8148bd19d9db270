namespace Tessera.Ngff;

/// <summary>A well: its fields of view.</summary>
/// <param name="Images">The fields.</param>
public sealed record Well(ValueList<WellImage> Images);
