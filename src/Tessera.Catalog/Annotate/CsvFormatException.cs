namespace Tessera.Catalog.Annotate;

/// <summary>
/// A CSV file cannot be read as a table: not UTF-8, an unbalanced quote, a row with the wrong number of fields, a
/// header without the columns that identify objects. The message names the file and the 1-based line (and column).
/// </summary>
public sealed class CsvFormatException : CatalogException
{
    /// <summary>Creates the exception; the message is prefixed with the file and line.</summary>
    /// <param name="source">The file (or other name) the text came from.</param>
    /// <param name="line">The 1-based line the problem is on, or null when it is about the whole file.</param>
    /// <param name="problem">What is wrong and, where it helps, what was expected.</param>
    public CsvFormatException(string source, int? line, string problem)
        : base(line is { } l ? $"{source}: line {l}: {problem}" : $"{source}: {problem}")
    {
        File = source;
        Line = line;
    }

    /// <summary>The file (or other name) the text came from.</summary>
    public string File { get; }

    /// <summary>The 1-based line the problem is on, or null when it is about the whole file.</summary>
    public int? Line { get; }
}
