using System.Data.Common;
using System.Globalization;
using System.Text;

namespace Tessera.Catalog;

/// <summary>
/// INSERTs of thousands of rows inside a catalogue transaction (bulk annotation), each backend's fast way:
/// PostgreSQL gets one statement per column set, the rows as one array per column unnested into the table; SQLite
/// one prepared single-row statement run per row (in-process, so no round trips to save, and its parameter lookup is
/// a linear search that makes statements with thousands of parameters cost quadratic time).
/// </summary>
internal static class BulkRows
{
    // Rows per PostgreSQL statement: bounds the arrays' memory, not the speed.
    private const int RowsPerStatement = 50_000;

    /// <summary>Inserts <paramref name="rows"/> (each as many values as <paramref name="into"/> names columns).</summary>
    /// <param name="write">The transaction.</param>
    /// <param name="into">Table and columns, e.g. <c>map_value (annotation_id, position)</c>.</param>
    /// <param name="rows">The values, null for SQL NULL: long, int, string, bool or the dialect's time value.</param>
    /// <param name="suffix">What follows the rows, e.g. an ON CONFLICT clause.</param>
    public static async Task InsertAsync(CatalogWrite write, string into, IReadOnlyList<object?[]> rows, string suffix = "")
    {
        await foreach (var _ in RunAsync(write, into, rows, suffix, returning: false).ConfigureAwait(false))
        {
        }
    }

    /// <summary>Inserts <paramref name="rows"/> and returns what the suffix's RETURNING clause gives, as value arrays.</summary>
    public static async Task<List<object?[]>> InsertReturningAsync(CatalogWrite write, string into, IReadOnlyList<object?[]> rows, string suffix)
    {
        var results = new List<object?[]>();
        await foreach (var row in RunAsync(write, into, rows, suffix, returning: true).ConfigureAwait(false))
        {
            results.Add(row);
        }

        return results;
    }

    private static async IAsyncEnumerable<object?[]> RunAsync(CatalogWrite write, string into, IReadOnlyList<object?[]> rows, string suffix, bool returning)
    {
        if (rows.Count == 0)
        {
            yield break;
        }

        var width = rows[0].Length;
        if (rows.FirstOrDefault(r => r.Length != width) is { } uneven)
        {
            throw new ArgumentException($"a row has {uneven.Length} values, the first has {width}", nameof(rows));
        }

        var postgres = write.Dialect == CatalogDialect.PostgreSql;
        await using var command = write.Connection.CreateCommand();
        command.Transaction = write.Transaction;
        var names = Enumerable.Range(0, width).Select(c => string.Create(CultureInfo.InvariantCulture, $"@p{c}")).ToArray();
        command.CommandText = new StringBuilder("INSERT INTO ").Append(into)
            .Append(postgres ? " SELECT * FROM unnest(" : " VALUES (").AppendJoin(", ", names).Append(") ").Append(suffix).ToString();
        foreach (var name in names)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        var step = postgres ? RowsPerStatement : 1;
        for (var start = 0; start < rows.Count; start += step)
        {
            var count = Math.Min(step, rows.Count - start);
            for (var c = 0; c < width; c++)
            {
                command.Parameters[c].Value = postgres ? Column(rows, start, count, c) : rows[start][c] ?? DBNull.Value;
            }

            if (!returning)
            {
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                continue;
            }

            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                var values = new object[reader.FieldCount];
                reader.GetValues(values);
                yield return values.Select(v => v is DBNull ? null : v).ToArray();
            }
        }
    }

    /// <summary>One column of a batch as a typed array, which Npgsql sends as the matching PostgreSQL array type.</summary>
    private static Array Column(IReadOnlyList<object?[]> rows, int start, int count, int column) =>
        Enumerable.Range(start, count).Select(r => rows[r][column]).FirstOrDefault(v => v is not null) switch
        {
            null or string => Typed<string?>(rows, start, count, column),
            long => Typed<long?>(rows, start, count, column),
            int => Typed<int?>(rows, start, count, column),
            bool => Typed<bool?>(rows, start, count, column),
            DateTimeOffset => Typed<DateTimeOffset?>(rows, start, count, column),
            var other => throw new ArgumentException($"column {column}: no bulk form for {other.GetType().Name} values", nameof(rows)),
        };

    private static T[] Typed<T>(IReadOnlyList<object?[]> rows, int start, int count, int column)
    {
        var values = new T[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (T)rows[start + i][column]!;
        }

        return values;
    }
}
