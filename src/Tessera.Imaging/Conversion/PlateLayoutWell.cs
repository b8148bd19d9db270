namespace Tessera.Imaging.Conversion;

/// <summary>One well of a <see cref="PlateLayout"/> and its fields, in acquisition then field order.</summary>
public sealed record PlateLayoutWell(string Row, string Column, IReadOnlyList<PlateLayoutField> Fields);
