using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Tessera.Catalog;

/// <summary>
/// A catalogue database, SQLite or PostgreSQL, brought to the current schema when opened: the versioned scripts
/// under Migrations/ that are not yet recorded in <c>schema_migration</c> run in order, each in one transaction.
/// </summary>
public sealed class CatalogDatabase
{
    private readonly string _connectionString;

    private CatalogDatabase(string connectionString, CatalogDialect dialect, int version)
    {
        _connectionString = connectionString;
        Dialect = dialect;
        SchemaVersion = version;
    }

    /// <summary>Which database this is.</summary>
    public CatalogDialect Dialect { get; }

    /// <summary>The schema version after migration.</summary>
    public int SchemaVersion { get; }

    /// <summary>The migration scripts shipped with this build: (version, name, SQL with dialect placeholders).</summary>
    internal static IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; } = LoadMigrations();

    /// <summary>A SQLite catalogue in <paramref name="file"/> (created when missing), in WAL mode.</summary>
    public static Task<CatalogDatabase> OpenSqliteAsync(string file, CancellationToken cancellationToken = default) =>
        OpenAsync(new SqliteConnectionStringBuilder { DataSource = file, Pooling = true }.ToString(), CatalogDialect.Sqlite, cancellationToken);

    /// <summary>Opens (and migrates) the catalogue at <paramref name="connectionString"/>.</summary>
    /// <exception cref="CatalogException">The database cannot be reached, or a migration fails (nothing of it is kept).</exception>
    public static async Task<CatalogDatabase> OpenAsync(string connectionString, CatalogDialect dialect, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var database = new CatalogDatabase(connectionString, dialect, 0);
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            if (dialect == CatalogDialect.Sqlite)
            {
                // WAL lets readers run beside the one writer; it is a property of the file, set once.
                await connection.ExecuteAsync("PRAGMA journal_mode = WAL").ConfigureAwait(false);
            }

            var version = await MigrateAsync(connection, dialect, cancellationToken).ConfigureAwait(false);
            return new CatalogDatabase(connectionString, dialect, version);
        }
        catch (DbException e)
        {
            throw new CatalogException($"catalogue ({dialect}): {e.Message}", e);
        }
    }

    /// <summary>An open connection, configured for the catalogue (SQLite: foreign keys on, a busy timeout).</summary>
    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        DbConnection connection = Dialect == CatalogDialect.Sqlite ? new SqliteConnection(_connectionString) : new NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (Dialect == CatalogDialect.Sqlite)
            {
                await connection.ExecuteAsync("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL").ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<int> MigrateAsync(DbConnection connection, CatalogDialect dialect, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(SqlDialect.Translate(
            "CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at {TIME} NOT NULL)", dialect)).ConfigureAwait(false);
        var applied = (await connection.QueryAsync<int>("SELECT version FROM schema_migration").ConfigureAwait(false)).ToHashSet();
        var known = Migrations.Select(m => m.Version).ToHashSet();
        if (applied.Where(v => !known.Contains(v)).Order().FirstOrDefault() is var newer and > 0)
        {
            throw new CatalogException($"catalogue ({dialect}): schema version {newer} is newer than this Tessera knows ({known.Max()}); use a newer Tessera");
        }

        foreach (var (version, name, sql) in Migrations.Where(m => !applied.Contains(m.Version)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await connection.ExecuteAsync(SqlDialect.Translate(sql, dialect), transaction: transaction).ConfigureAwait(false);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migration (version, name, applied_at) VALUES (@version, @name, @at)",
                    new { version, name, at = CatalogClock.Now(dialect) },
                    transaction).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbException e)
            {
                throw new CatalogException($"catalogue ({dialect}): migration {version:D4} '{name}' failed and was rolled back: {e.Message}", e);
            }
        }

        return Migrations.Count == 0 ? 0 : Migrations.Max(m => m.Version);
    }

    private static List<(int, string, string)> LoadMigrations()
    {
        var assembly = typeof(CatalogDatabase).Assembly;
        var migrations = new List<(int, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.Contains(".Migrations.", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            // "Tessera.Catalog.Migrations.0001_initial.sql" → 1, "initial"
            var file = resource[(resource.IndexOf(".Migrations.", StringComparison.Ordinal) + 12)..^4];
            var separator = file.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(file.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add((version, file[(separator + 1)..], reader.ReadToEnd()));
        }

        return migrations;
    }
}
