using Dapper;

namespace Tessera.Catalog.Tests;

/// <summary>The schema comes up the same on SQLite and PostgreSQL, once, and refuses a newer one.</summary>
[Collection(PostgresCollection.Name)]
public sealed class MigrationTests(PostgresServer server)
{
    private static readonly string[] Tables =
    [
        "experimenter", "experimenter_group", "group_member", "project", "dataset", "project_dataset", "image", "dataset_image",
        "screen", "plate", "screen_plate", "plate_acquisition", "well", "well_sample", "annotation", "map_value", "tag_in_set",
        "annotation_link", "roi", "shape", "rendering_settings", "event", "kv_search", "kv_count", "kv_key", "text_term", "session", "schema_migration",
    ];

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task Migrations_create_every_table_once(CatalogDialect dialect)
    {
        await using var backend = await CatalogBackend.CreateAsync(dialect, server);
        Assert.Equal(CatalogDatabase.Migrations.Max(m => m.Version), backend.Database.SchemaVersion);
        await using var connection = await backend.Database.OpenConnectionAsync();
        foreach (var table in Tables)
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE 1 = 0"));
        }

        Assert.Equal([1], await connection.QueryAsync<int>("SELECT version FROM schema_migration"));

        // Opening again applies nothing (the schema is current) until a version it does not know appears.
        var again = await CatalogDatabase.OpenAsync(backend.ConnectionString, dialect);
        Assert.Equal(backend.Database.SchemaVersion, again.SchemaVersion);
        Assert.Equal([1], await connection.QueryAsync<int>("SELECT version FROM schema_migration"));
        await connection.ExecuteAsync("INSERT INTO schema_migration (version, name, applied_at) VALUES (999, 'from the future', @at)", new { at = CatalogClock.Now(dialect) });
        var newer = await Assert.ThrowsAsync<CatalogException>(() => CatalogDatabase.OpenAsync(backend.ConnectionString, dialect));
        Assert.Contains("schema version 999 is newer", newer.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task Foreign_keys_and_checks_hold_on_both(CatalogDialect dialect)
    {
        await using var backend = await CatalogBackend.CreateAsync(dialect, server);
        await using var connection = await backend.Database.OpenConnectionAsync();
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync(
            "INSERT INTO group_member (group_id, experimenter_id) VALUES (41, 42)"));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync(
            "INSERT INTO experimenter_group (name, permissions, created_at) VALUES ('lab', 'public-ish', @at)", new { at = CatalogClock.Now(dialect) }));
    }
}
