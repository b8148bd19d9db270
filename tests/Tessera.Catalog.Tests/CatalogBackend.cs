using Dapper;
using Npgsql;

namespace Tessera.Catalog.Tests;

/// <summary>
/// One fresh, empty catalogue per test on the backend named: a SQLite file in a temporary directory, or a new
/// database on the shared PostgreSQL server. The catalogue suite is one set of tests run over both.
/// </summary>
public sealed class CatalogBackend : IAsyncDisposable
{
    private readonly TestDirectory? _directory;
    private readonly string? _postgresAdmin;
    private readonly string? _databaseName;

    private CatalogBackend(CatalogDatabase database, string connectionString, TestDirectory? directory, string? postgresAdmin, string? databaseName)
    {
        Database = database;
        ConnectionString = connectionString;
        _directory = directory;
        _postgresAdmin = postgresAdmin;
        _databaseName = databaseName;
    }

    public CatalogDatabase Database { get; }

    /// <summary>How to reach the same catalogue again.</summary>
    public string ConnectionString { get; }

    public static TheoryData<CatalogDialect> Dialects => new() { CatalogDialect.Sqlite, CatalogDialect.PostgreSql };

    public static async Task<CatalogBackend> CreateAsync(CatalogDialect dialect, PostgresServer server)
    {
        if (dialect == CatalogDialect.Sqlite)
        {
            var directory = new TestDirectory();
            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = directory.Combine("catalog.db") }.ToString();
            return new CatalogBackend(await CatalogDatabase.OpenAsync(file, CatalogDialect.Sqlite), file, directory, null, null);
        }

        var name = "catalog_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.ExecuteAsync($"CREATE DATABASE {name}");
        }

        var connection = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = name }.ToString();
        return new CatalogBackend(await CatalogDatabase.OpenAsync(connection, CatalogDialect.PostgreSql), connection, null, server.ConnectionString, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresAdmin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_postgresAdmin);
            await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory?.Dispose();
    }
}
