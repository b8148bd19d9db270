using System.Data.Common;
using Dapper;

namespace Tessera.Catalog;

/// <summary>
/// One catalogue transaction on behalf of a caller: every multi-step write (import, annotate, delete) runs in one, so
/// it lands whole or not at all. Disposing without <see cref="CommitAsync"/> rolls back.
/// </summary>
internal sealed class CatalogWrite : IAsyncDisposable
{
    private bool _committed;

    private CatalogWrite(DbConnection connection, DbTransaction transaction, CatalogDialect dialect, CatalogCaller caller)
    {
        Connection = connection;
        Transaction = transaction;
        Dialect = dialect;
        Caller = caller;
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    public CatalogDialect Dialect { get; }

    public CatalogCaller Caller { get; }

    public object Now { get; } = DateTimeOffset.UtcNow;

    public static async Task<CatalogWrite> BeginAsync(CatalogDatabase database, CatalogCaller caller, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // SQLite: take the write lock up front, so two writers queue on busy_timeout instead of failing to upgrade.
            DbTransaction transaction = database.Dialect == CatalogDialect.Sqlite
                ? ((Microsoft.Data.Sqlite.SqliteConnection)connection).BeginTransaction(deferred: false)
                : await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            return new CatalogWrite(connection, transaction, database.Dialect, caller);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The current time as this dialect stores it.</summary>
    public object Time(DateTimeOffset? time = null) => CatalogClock.Value(time ?? (DateTimeOffset)Now, Dialect);

    /// <summary>Runs an INSERT and returns the new row's id (both dialects support RETURNING).</summary>
    public Task<long> InsertAsync(string sql, object? parameters) =>
        Connection.ExecuteScalarAsync<long>(sql + " RETURNING id", parameters, Transaction);

    public Task<int> ExecuteAsync(string sql, object? parameters = null) => Connection.ExecuteAsync(sql, parameters, Transaction);

    public Task<T?> ScalarAsync<T>(string sql, object? parameters = null) => Connection.ExecuteScalarAsync<T>(sql, parameters, Transaction);

    public async Task<IReadOnlyList<IDictionary<string, object?>>> RowsAsync(string sql, object? parameters = null) =>
        (await Connection.QueryAsync(sql, parameters, Transaction).ConfigureAwait(false)).Select(Row.AsRow).ToList();

    /// <summary>Records who did what to which object in the event log, inside this transaction.</summary>
    public Task EventAsync(string action, string objectType, long? objectId, string? detail = null) => ExecuteAsync(
        "INSERT INTO event (at, experimenter_id, action, object_type, object_id, detail) VALUES (@at, @who, @action, @objectType, @objectId, @detail)",
        new { at = Time(), who = Caller.ExperimenterId, action, objectType, objectId, detail });

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await Transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            try
            {
                await Transaction.RollbackAsync().ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Already completed or the connection broke: nothing was committed either way.
            }
        }

        await Transaction.DisposeAsync().ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
