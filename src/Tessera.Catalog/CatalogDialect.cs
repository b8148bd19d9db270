namespace Tessera.Catalog;

/// <summary>The database a catalogue lives in.</summary>
public enum CatalogDialect
{
    /// <summary>SQLite (Microsoft.Data.Sqlite), a file in the repository folder: the embedded default.</summary>
    Sqlite,

    /// <summary>PostgreSQL (Npgsql), for deployments with several servers.</summary>
    PostgreSql,
}
