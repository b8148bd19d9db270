using System.Globalization;

namespace Tessera.Catalog;

/// <summary>Timestamps as each dialect stores them: ISO 8601 UTC text in SQLite (sorts as time), timestamptz in PostgreSQL.</summary>
internal static class CatalogClock
{
    public static object Now(CatalogDialect dialect) => Value(DateTimeOffset.UtcNow, dialect);

    public static object Value(DateTimeOffset time, CatalogDialect dialect) =>
        dialect == CatalogDialect.Sqlite ? time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) : time.ToUniversalTime();
}
