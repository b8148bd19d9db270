using System.Data.Common;
using Dapper;

namespace Tessera.Catalog.Bulk;

/// <summary>
/// The secondary indexes of some tables (and on PostgreSQL their foreign keys), dropped for a load and recreated
/// after it with the exact definitions the database held, so whatever the migrations made them is what comes back.
/// A recreated index is one sorted build instead of millions of random inserts; a re-added foreign key is checked in
/// one join instead of a trigger query per row. Indexes behind PRIMARY KEY and UNIQUE constraints stay: they are part
/// of the tables' definitions. (SQLite checks foreign keys inline with a B-tree lookup, cheap enough to keep.)
/// </summary>
internal sealed class DeferredConstraints
{
    private readonly IReadOnlyList<string> _recreate;

    private DeferredConstraints(IReadOnlyList<string> recreate) => _recreate = recreate;

    public static async Task<DeferredConstraints> DropAsync(DbConnection connection, DbTransaction transaction, CatalogDialect dialect, IReadOnlyList<string> tables, int timeoutSeconds)
    {
        var drop = new List<string>();
        var recreate = new List<string>();
        if (dialect == CatalogDialect.Sqlite)
        {
            foreach (var (name, sql) in await connection.QueryAsync<(string, string)>(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN @tables ORDER BY name", new { tables }, transaction).ConfigureAwait(false))
            {
                drop.Add($"DROP INDEX {name}");
                recreate.Add(sql);
            }
        }
        else
        {
            var names = tables.ToArray();
            foreach (var (name, definition) in await connection.QueryAsync<(string, string)>(
                """
                SELECT i.indexname, i.indexdef FROM pg_indexes i
                WHERE i.schemaname = current_schema() AND i.tablename = ANY(@names)
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
                ORDER BY i.indexname
                """, new { names }, transaction).ConfigureAwait(false))
            {
                drop.Add($"DROP INDEX {name}");
                recreate.Add(definition);
            }

            // Foreign keys come back after the indexes, so their validating joins can use them.
            foreach (var (table, name, definition) in await connection.QueryAsync<(string, string, string)>(
                """
                SELECT t.relname, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
                WHERE c.contype = 'f' AND t.relnamespace = current_schema()::regnamespace AND t.relname = ANY(@names)
                ORDER BY t.relname, c.conname
                """, new { names }, transaction).ConfigureAwait(false))
            {
                drop.Add($"ALTER TABLE {table} DROP CONSTRAINT {name}");
                recreate.Add($"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}");
            }
        }

        foreach (var statement in drop)
        {
            await connection.ExecuteAsync(statement, transaction: transaction, commandTimeout: timeoutSeconds).ConfigureAwait(false);
        }

        return new DeferredConstraints(recreate);
    }

    public async Task RecreateAsync(DbConnection connection, DbTransaction transaction, int timeoutSeconds)
    {
        foreach (var statement in _recreate)
        {
            await connection.ExecuteAsync(statement, transaction: transaction, commandTimeout: timeoutSeconds).ConfigureAwait(false);
        }
    }
}
