namespace Tessera.Imaging.Ome;

/// <summary>A high-content screening plate: its layout, wells and acquisitions.</summary>
/// <param name="Id">The plate ID.</param>
/// <param name="Name">The plate name.</param>
/// <param name="Rows">The number of rows, when the file gives it.</param>
/// <param name="Columns">The number of columns, when the file gives it.</param>
/// <param name="RowNamingConvention">"letter" or "number", when the file gives it.</param>
/// <param name="ColumnNamingConvention">"letter" or "number", when the file gives it.</param>
/// <param name="FieldIndex">The index of the field shown by default.</param>
/// <param name="Wells">The wells in document order.</param>
/// <param name="Acquisitions">The acquisitions in document order.</param>
public sealed record OmePlate(
    string Id,
    string? Name,
    int? Rows,
    int? Columns,
    string? RowNamingConvention,
    string? ColumnNamingConvention,
    int? FieldIndex,
    IReadOnlyList<OmeWell> Wells,
    IReadOnlyList<OmePlateAcquisition> Acquisitions)
{
    /// <summary>
    /// The name of every row, from the first to the last: <see cref="Rows"/> of them, or as many as the wells reach
    /// when the file does not say.
    /// </summary>
    public IReadOnlyList<string> RowNames() =>
        Names(Rows ?? (Wells.Count == 0 ? 0 : Wells.Max(w => w.Row) + 1), i => OmePlateNaming.RowName(i, RowNamingConvention));

    /// <summary>The name of every column, like <see cref="RowNames"/>.</summary>
    public IReadOnlyList<string> ColumnNames() =>
        Names(Columns ?? (Wells.Count == 0 ? 0 : Wells.Max(w => w.Column) + 1), i => OmePlateNaming.ColumnName(i, ColumnNamingConvention));

    private static string[] Names(int count, Func<int, string> name) => [.. Enumerable.Range(0, count).Select(name)];
}
