using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Tessera.Catalog.Bulk;

/// <summary>Writes batches of prepared rows inside the load's transaction, the fastest way each dialect offers.</summary>
internal abstract class BulkWriter : IAsyncDisposable
{
    /// <summary>The map annotation namespace, the load's timestamp as the dialect stores it.</summary>
    protected BulkWriter(string? mapNamespace, object now)
    {
        MapNamespace = mapNamespace;
        Now = now;
    }

    protected string? MapNamespace { get; }

    protected object Now { get; }

    public static async Task<BulkWriter> CreateAsync(CatalogDialect dialect, DbConnection connection, DbTransaction transaction, string? mapNamespace, DateTimeOffset now, CancellationToken cancellationToken)
    {
        BulkWriter writer = dialect == CatalogDialect.Sqlite
            ? new SqliteBulkWriter((SqliteConnection)connection, (SqliteTransaction)transaction, mapNamespace, CatalogClock.Value(now, dialect))
            : new PostgresBulkWriter((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, mapNamespace, CatalogClock.Value(now, dialect));
        await writer.StartAsync(cancellationToken).ConfigureAwait(false);
        return writer;
    }

    /// <summary>Ids for <paramref name="count"/> new rows of <paramref name="table"/> that no other insert will take.</summary>
    public abstract Task<long[]> ReserveIdsAsync(string table, int count, CancellationToken cancellationToken);

    public abstract Task WriteAsync(IReadOnlyList<BulkRow> rows, CancellationToken cancellationToken);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected abstract Task StartAsync(CancellationToken cancellationToken);

    protected static object OrNull(object? value) => value ?? DBNull.Value;
}
