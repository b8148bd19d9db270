using System.Data.Common;
using Dapper;

namespace Tessera.Catalog;

/// <summary>
/// The repository catalogue: users and groups, containers and images, annotations, ROIs, rendering settings, the
/// event log and search. Every read applies the caller's rights in SQL (<see cref="CatalogCaller.ReadPredicate"/>);
/// every write checks OMERO's permission tables and runs in one transaction.
/// </summary>
public sealed partial class Catalog
{
    /// <summary>Largest page a list or search returns.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>Wraps an open (migrated) catalogue database.</summary>
    public Catalog(CatalogDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        Database = database;
    }

    /// <summary>The database underneath.</summary>
    public CatalogDatabase Database { get; }

    /// <summary>Which backend this is.</summary>
    public CatalogDialect Dialect => Database.Dialect;

    internal Task<CatalogWrite> BeginWriteAsync(CatalogCaller caller, CancellationToken cancellationToken) =>
        CatalogWrite.BeginAsync(Database, caller, cancellationToken);

    private async Task<IReadOnlyList<IDictionary<string, object?>>> RowsAsync(string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return (await connection.QueryAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false))
            .Select(Row.AsRow).ToList();
    }

    private async Task<T?> ScalarAsync<T>(string sql, object? parameters, CancellationToken cancellationToken)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<T>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private static (int Offset, int Limit) Paging(long offset, int limit)
    {
        if (offset < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "offset: must be 0 or more");
        }

        if (limit is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, $"limit: must be 1 to {MaxPageSize}");
        }

        return ((int)Math.Min(offset, int.MaxValue), limit);
    }

    private static CatalogException Wrap(DbException e, string what) => new($"catalogue: {what}: {e.Message}", e);
}
