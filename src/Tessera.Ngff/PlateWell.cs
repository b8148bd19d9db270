namespace Tessera.Ngff;

/// <summary>A well as the plate lists it.</summary>
/// <param name="Path">"row/column", e.g. "B/3".</param>
/// <param name="RowIndex">0-based index into the plate's rows.</param>
/// <param name="ColumnIndex">0-based index into the plate's columns.</param>
public sealed record PlateWell(string Path, int RowIndex, int ColumnIndex);
