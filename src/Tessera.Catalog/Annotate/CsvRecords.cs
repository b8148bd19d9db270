using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Tessera.Catalog.Annotate;

/// <summary>
/// A strict RFC 4180 reader: UTF-8 (an optional BOM), comma-separated, fields either unquoted or quoted whole with
/// <c>""</c> for a quote, records ended by CRLF, LF or CR. Anything else is a <see cref="CsvFormatException"/> naming
/// the line and column, because a silently mis-split row would put values on the wrong keys.
/// </summary>
internal static class CsvRecords
{
    /// <summary>Decodes UTF-8, refusing invalid bytes with the line they are on rather than replacing them.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        var chars = ArrayPool<char>.Shared.Rent(Math.Max(1, bytes.Length));
        try
        {
            var status = Utf8.ToUtf16(bytes, chars, out var read, out var written, replaceInvalidSequences: false);
            if (status != OperationStatus.Done)
            {
                var line = 1 + bytes[..read].Count((byte)'\n');
                throw new CsvFormatException(source, line, $"not UTF-8 text (byte 0x{bytes[read]:X2} at offset {read}); save the file as CSV UTF-8");
            }

            return new string(chars, 0, written);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>The records of <paramref name="text"/>, each with the 1-based line it starts on.</summary>
    public static List<(int Line, string[] Fields)> Parse(string text, string source)
    {
        var records = new List<(int Line, string[] Fields)>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var afterQuote = false;
        var quoteLine = 0;

        void EndField()
        {
            fields.Add(field.ToString());
            field.Clear();
            afterQuote = false;
        }

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
                        afterQuote = true;
                    }

                    continue;
                }

                if (ch == '\n' || (ch == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
                {
                    line++;
                }

                field.Append(ch);
                continue;
            }

            switch (ch)
            {
                case ',':
                    EndField();
                    break;
                case '\r' or '\n':
                    if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }

                    EndField();
                    records.Add((recordLine, fields.ToArray()));
                    fields.Clear();
                    line++;
                    recordLine = line;
                    break;
                case var _ when afterQuote:
                    throw new CsvFormatException(source, line, $"field {fields.Count + 1}: '{ch}' after the closing quote of a quoted field (quote a field whole, or not at all)");
                case '"' when field.Length == 0:
                    quoted = true;
                    quoteLine = line;
                    break;
                case '"':
                    throw new CsvFormatException(source, line, $"field {fields.Count + 1}: a quote inside an unquoted field (quote the whole field and double the quote: \"a \"\"b\"\" c\")");
                default:
                    field.Append(ch);
                    break;
            }
        }

        if (quoted)
        {
            throw new CsvFormatException(source, quoteLine, "a quoted field that starts on this line is never closed (unbalanced quote)");
        }

        if (field.Length > 0 || fields.Count > 0 || afterQuote)
        {
            EndField();
            records.Add((recordLine, fields.ToArray()));
        }

        return records;
    }
}
