using System.Data.Common;
using Dapper;

namespace Tessera.Catalog.Bulk;

/// <summary>
/// The secondary indexes of some tables, dropped for a load and recreated after it with the exact definitions the
/// database held (so whatever the migrations made them is what comes back). Indexes behind PRIMARY KEY and UNIQUE
/// constraints stay: they are part of the tables' definitions.
/// </summary>
internal sealed class DeferredIndexes
{
    private readonly IReadOnlyList<(string Name, string Definition)> _indexes;

    private DeferredIndexes(IReadOnlyList<(string Name, string Definition)> indexes) => _indexes = indexes;

    public static async Task<DeferredIndexes> DropAsync(DbConnection connection, DbTransaction transaction, CatalogDialect dialect, IReadOnlyList<string> tables, int timeoutSeconds)
    {
        var sql = dialect == CatalogDialect.Sqlite
            ? "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN @tables ORDER BY name"
            : """
              SELECT i.indexname, i.indexdef FROM pg_indexes i
              WHERE i.schemaname = current_schema() AND i.tablename = ANY(@tables)
                AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
              ORDER BY i.indexname
              """;
        object parameters = dialect == CatalogDialect.Sqlite ? new { tables } : new { tables = tables.ToArray() };
        var indexes = (await connection.QueryAsync<(string, string)>(sql, parameters, transaction).ConfigureAwait(false)).ToList();
        foreach (var (name, _) in indexes)
        {
            await connection.ExecuteAsync($"DROP INDEX {name}", transaction: transaction, commandTimeout: timeoutSeconds).ConfigureAwait(false);
        }

        return new DeferredIndexes(indexes);
    }

    public async Task RecreateAsync(DbConnection connection, DbTransaction transaction, int timeoutSeconds)
    {
        foreach (var (_, definition) in _indexes)
        {
            await connection.ExecuteAsync(definition, transaction: transaction, commandTimeout: timeoutSeconds).ConfigureAwait(false);
        }
    }
}
