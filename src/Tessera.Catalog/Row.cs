using System.Globalization;

namespace Tessera.Catalog;

/// <summary>Reads a Dapper row the same way from both drivers (SQLite gives longs and text where PostgreSQL gives bools and timestamps).</summary>
internal static class Row
{
    public static long Long(this IDictionary<string, object?> row, string column) => Convert.ToInt64(row[column], CultureInfo.InvariantCulture);

    public static long? NullableLong(this IDictionary<string, object?> row, string column) =>
        row[column] is null or DBNull ? null : Convert.ToInt64(row[column], CultureInfo.InvariantCulture);

    public static int Int(this IDictionary<string, object?> row, string column) => Convert.ToInt32(row[column], CultureInfo.InvariantCulture);

    public static double? NullableDouble(this IDictionary<string, object?> row, string column) =>
        row[column] is null or DBNull ? null : Convert.ToDouble(row[column], CultureInfo.InvariantCulture);

    public static string Text(this IDictionary<string, object?> row, string column) => Convert.ToString(row[column], CultureInfo.InvariantCulture) ?? "";

    public static string? NullableText(this IDictionary<string, object?> row, string column) =>
        row[column] is null or DBNull ? null : Convert.ToString(row[column], CultureInfo.InvariantCulture);

    public static bool Bool(this IDictionary<string, object?> row, string column) => row[column] switch
    {
        bool b => b,
        null or DBNull => false,
        var v => Convert.ToInt64(v, CultureInfo.InvariantCulture) != 0,
    };

    public static DateTimeOffset Time(this IDictionary<string, object?> row, string column) => NullableTime(row, column) ?? DateTimeOffset.MinValue;

    public static DateTimeOffset? NullableTime(this IDictionary<string, object?> row, string column) => row[column] switch
    {
        null or DBNull => null,
        DateTimeOffset t => t,
        DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
        var v => DateTimeOffset.Parse(Convert.ToString(v, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
    };

    public static IDictionary<string, object?> AsRow(object dapperRow) => (IDictionary<string, object?>)dapperRow;
}
