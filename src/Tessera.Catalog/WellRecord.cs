namespace Tessera.Catalog;

/// <summary>A well of a plate with its fields.</summary>
/// <param name="Id">Catalogue id.</param>
/// <param name="RowIndex">0-based row.</param>
/// <param name="ColumnIndex">0-based column.</param>
/// <param name="RowName">Row name (A, B, …).</param>
/// <param name="ColumnName">Column name (1, 2, …).</param>
/// <param name="Samples">Fields, by field index.</param>
public sealed record WellRecord(long Id, int RowIndex, int ColumnIndex, string RowName, string ColumnName, IReadOnlyList<WellSampleRecord> Samples)
{
    /// <summary>The usual name, row then column: "B3".</summary>
    public string Name => RowName + ColumnName;
}
