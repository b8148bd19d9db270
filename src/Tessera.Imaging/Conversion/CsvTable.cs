using System.Text;

namespace Tessera.Imaging.Conversion;

/// <summary>
/// A CSV file read whole (RFC 4180: commas, double-quoted fields with "" escapes, CRLF or LF): a header row and data
/// rows, each with the header's number of fields. Errors name the file and line.
/// </summary>
public sealed class CsvTable
{
    private CsvTable(string file, IReadOnlyList<string> header, IReadOnlyList<(int Line, string[] Fields)> rows)
    {
        File = file;
        Header = header;
        Rows = rows;
    }

    /// <summary>The file read.</summary>
    public string File { get; }

    /// <summary>The column names, trimmed.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>The data rows with their line numbers (1-based, the header is line 1).</summary>
    public IReadOnlyList<(int Line, string[] Fields)> Rows { get; }

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="ImageFormatException">The file is missing, empty or malformed.</exception>
    public static CsvTable Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = System.IO.File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageFormatException(path, $"cannot read the CSV file: {e.Message}", e);
        }

        var records = Parse(text, path);
        if (records.Count == 0)
        {
            throw new ImageFormatException(path, "the CSV file is empty; it needs a header row");
        }

        var header = records[0].Fields.Select(h => h.Trim().TrimStart('\uFEFF')).ToArray();
        var rows = new List<(int, string[])>();
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Length == 1 && fields[0].Length == 0)
            {
                continue;
            }

            if (fields.Length != header.Length)
            {
                throw new ImageFormatException(path, $"line {line}: {fields.Length} fields, but the header has {header.Length}");
            }

            rows.Add((line, fields));
        }

        return new CsvTable(path, header, rows);
    }

    /// <summary>The index of the first column named any of <paramref name="names"/> (case-insensitive), or -1.</summary>
    public int Column(params string[] names) =>
        Header.ToList().FindIndex(h => names.Any(n => string.Equals(h, n, StringComparison.OrdinalIgnoreCase)));

    private static List<(int Line, string[] Fields)> Parse(string text, string path)
    {
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var quoteLine = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    line += ch == '\n' ? 1 : 0;
                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    quoteLine = line;
                    break;
                case '"':
                    throw new ImageFormatException(path, $"line {line}: a quote inside an unquoted field (quote the whole field and double the quote)");
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add((recordLine, fields.ToArray()));
                    fields.Clear();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(ch);
                    break;
            }
        }

        if (quoted)
        {
            throw new ImageFormatException(path, $"line {quoteLine}: a quoted field is never closed");
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add((recordLine, fields.ToArray()));
        }

        return records;
    }
}
