namespace Tessera.Catalog.Annotate;

/// <summary>
/// A bulk annotation CSV in IDR's shape, read and checked: identifying columns — <c>Dataset Name</c> and
/// <c>Image Name</c> (optionally <c>Project Name</c>) for images, or <c>Plate</c> and <c>Well</c> (optionally
/// <c>Screen Name</c>) for wells — and any number of key columns, each header a key and each cell its value (empty
/// cells are skipped; a header may repeat to give a key twice). Column names are matched case-insensitively.
/// </summary>
public sealed class BulkAnnotationTable
{
    private static readonly string[] ProjectColumns = ["Project Name"];
    private static readonly string[] DatasetColumns = ["Dataset Name"];
    private static readonly string[] ImageColumns = ["Image Name"];
    private static readonly string[] ScreenColumns = ["Screen Name"];
    private static readonly string[] PlateColumns = ["Plate", "Plate Name"];
    private static readonly string[] WellColumns = ["Well", "Well Name"];

    private BulkAnnotationTable(string source, CatalogObjectType targetType, IReadOnlyList<string> keys, IReadOnlyList<BulkAnnotationRow> rows)
    {
        Source = source;
        TargetType = targetType;
        Keys = keys;
        Rows = rows;
    }

    /// <summary>The file (or other name) the table came from, used in every message.</summary>
    public string Source { get; }

    /// <summary>What the rows identify: <see cref="CatalogObjectType.Image"/> or <see cref="CatalogObjectType.Well"/>.</summary>
    public CatalogObjectType TargetType { get; }

    /// <summary>The key columns' headers, in column order (repeats kept).</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>The data rows in file order; rows whose every cell is empty are left out.</summary>
    public IReadOnlyList<BulkAnnotationRow> Rows { get; }

    /// <summary>Reads and checks the CSV file at <paramref name="path"/>.</summary>
    /// <exception cref="CsvFormatException">The file is empty, not UTF-8, not well-formed CSV, or lacks the identifying columns.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<BulkAnnotationTable> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return Parse(bytes, path);
    }

    /// <summary>Checks a CSV given as UTF-8 bytes; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="CsvFormatException">The text is empty, not UTF-8, not well-formed CSV, or lacks the identifying columns.</exception>
    public static BulkAnnotationTable Parse(ReadOnlySpan<byte> utf8, string source) => Parse(CsvRecords.Decode(utf8, source), source);

    /// <summary>Checks a CSV given as text; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="CsvFormatException">The text is empty, not well-formed CSV, or lacks the identifying columns.</exception>
    public static BulkAnnotationTable Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var records = CsvRecords.Parse(text.StartsWith('\uFEFF') ? text[1..] : text, source);
        if (records.Count == 0 || records.All(r => IsBlank(r.Fields)))
        {
            throw new CsvFormatException(source, null, "the file is empty; it needs a header row (Dataset Name, Image Name or Plate, Well, then one column per key) and a row per object");
        }

        var (headerLine, header) = records.First(r => !IsBlank(r.Fields));
        header = header.Select(h => h.Trim()).ToArray();
        for (var i = 0; i < header.Length; i++)
        {
            if (header[i].Length == 0)
            {
                throw new CsvFormatException(source, headerLine, $"column {i + 1} has no name; every column needs a header (an identifying column or a key)");
            }
        }

        var project = Find(header, ProjectColumns, source, headerLine);
        var dataset = Find(header, DatasetColumns, source, headerLine);
        var image = Find(header, ImageColumns, source, headerLine);
        var screen = Find(header, ScreenColumns, source, headerLine);
        var plate = Find(header, PlateColumns, source, headerLine);
        var well = Find(header, WellColumns, source, headerLine);
        var forImages = dataset >= 0 || image >= 0 || project >= 0;
        var forWells = plate >= 0 || well >= 0 || screen >= 0;
        if (forImages && forWells)
        {
            throw new CsvFormatException(source, headerLine, "the header has both image columns (Project Name, Dataset Name, Image Name) and well columns (Screen Name, Plate, Well); a file annotates one or the other");
        }

        if (!forImages && !forWells)
        {
            var hint = header.Length == 1 && (header[0].Contains('\t', StringComparison.Ordinal) || header[0].Contains(';', StringComparison.Ordinal))
                ? " (the header is one column: is the file tab- or semicolon-separated? save it as comma-separated)"
                : "";
            throw new CsvFormatException(source, headerLine, $"no identifying columns: expected 'Dataset Name' and 'Image Name', or 'Plate' and 'Well'; found {string.Join(", ", header.Select(h => $"'{h}'"))}{hint}");
        }

        var (container, parent, child) = forImages ? (project, dataset, image) : (screen, plate, well);
        if (parent < 0 || child < 0)
        {
            var missing = forImages ? (parent < 0 ? "Dataset Name" : "Image Name") : (parent < 0 ? "Plate" : "Well");
            throw new CsvFormatException(source, headerLine, $"no '{missing}' column; {(forImages ? "images are named by 'Dataset Name' and 'Image Name'" : "wells are named by 'Plate' and 'Well'")}");
        }

        var keyColumns = Enumerable.Range(0, header.Length).Where(i => i != container && i != parent && i != child).ToArray();
        var rows = new List<BulkAnnotationRow>();
        foreach (var (line, fields) in records.SkipWhile(r => r.Line != headerLine).Skip(1))
        {
            if (IsBlank(fields))
            {
                continue;
            }

            if (fields.Length != header.Length)
            {
                throw new CsvFormatException(source, line, $"{fields.Length} field{(fields.Length == 1 ? "" : "s")}, but the header has {header.Length} (a comma inside a value needs the value in double quotes)");
            }

            var pairs = keyColumns.Where(i => !string.IsNullOrWhiteSpace(fields[i]))
                .Select(i => new KeyValuePair<string, string>(header[i], fields[i].Trim())).ToList();
            var containerName = container >= 0 && !string.IsNullOrWhiteSpace(fields[container]) ? fields[container].Trim() : null;
            rows.Add(new BulkAnnotationRow(line, containerName, fields[parent].Trim(), fields[child].Trim(), pairs));
        }

        if (rows.Count == 0)
        {
            throw new CsvFormatException(source, null, "the file has a header but no rows");
        }

        return new BulkAnnotationTable(source, forImages ? CatalogObjectType.Image : CatalogObjectType.Well, keyColumns.Select(i => header[i]).ToList(), rows);
    }

    private static bool IsBlank(string[] fields) => fields.All(string.IsNullOrWhiteSpace);

    private static int Find(string[] header, string[] names, string source, int line)
    {
        var found = Enumerable.Range(0, header.Length).Where(i => names.Any(n => string.Equals(header[i], n, StringComparison.OrdinalIgnoreCase))).ToArray();
        return found.Length switch
        {
            0 => -1,
            1 => found[0],
            _ => throw new CsvFormatException(source, line, $"'{header[found[0]]}' is given by columns {string.Join(" and ", found.Select(i => i + 1))}; an identifying column may appear only once"),
        };
    }
}
