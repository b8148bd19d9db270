namespace Tessera.Ngff;

/// <summary>A high-content screening plate: its row and column names, its wells and acquisitions.</summary>
/// <param name="Rows">Row names in order ("A", "B", …); every row of the plate, even empty ones.</param>
/// <param name="Columns">Column names in order ("1", "2", …).</param>
/// <param name="Wells">The wells that exist.</param>
public sealed record Plate(ValueList<string> Rows, ValueList<string> Columns, ValueList<PlateWell> Wells)
{
    /// <summary>The plate name.</summary>
    public string? Name { get; init; }

    /// <summary>The acquisitions.</summary>
    public ValueList<PlateAcquisition>? Acquisitions { get; init; }

    /// <summary>The largest number of fields in any well.</summary>
    public int? FieldCount { get; init; }

    /// <summary>A plate whose wells are all the given (row, column) pairs, paths "row/column".</summary>
    public static Plate Create(IReadOnlyList<string> rows, IReadOnlyList<string> columns, IEnumerable<(int Row, int Column)> wells) =>
        new(new(rows), new(columns), new(wells.Select(w => new PlateWell($"{rows[w.Row]}/{columns[w.Column]}", w.Row, w.Column))));
}
