namespace Tessera.Catalog.Annotate;

/// <summary>
/// One data row of a bulk annotation table: the names that identify its object and the key/value pairs for it.
/// </summary>
/// <param name="Line">The 1-based line of the CSV file the row starts on (the header is line 1).</param>
/// <param name="Container">The project (for images) or screen (for wells) named to tell same-named datasets or plates apart, or null.</param>
/// <param name="Parent">The dataset (for images) or plate (for wells) name.</param>
/// <param name="Name">The image name, or the well as row letters and column number ("B3", "B03").</param>
/// <param name="Pairs">The non-empty cells of the key columns as key/value pairs, in column order (a key may repeat).</param>
public sealed record BulkAnnotationRow(int Line, string? Container, string Parent, string Name, IReadOnlyList<KeyValuePair<string, string>> Pairs);
