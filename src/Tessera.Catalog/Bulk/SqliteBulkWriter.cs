using Microsoft.Data.Sqlite;

namespace Tessera.Catalog.Bulk;

/// <summary>
/// SQLite: one prepared command per table, reused for every row inside the load's one write transaction. Ids
/// continue from each table's largest: the transaction holds SQLite's only write lock, so nobody else inserts
/// meanwhile, and later inserts continue after the largest id as usual (the tables have no AUTOINCREMENT).
/// </summary>
internal sealed class SqliteBulkWriter(SqliteConnection connection, SqliteTransaction transaction, string? mapNamespace, object now)
    : BulkWriter(mapNamespace, now)
{
    private readonly Dictionary<string, long> _lastIds = new(StringComparer.Ordinal);
    private readonly List<SqliteCommand> _commands = [];
    private SqliteCommand? _image;
    private SqliteCommand? _rendering;
    private SqliteCommand? _datasetImage;
    private SqliteCommand? _annotation;
    private SqliteCommand? _mapValue;
    private SqliteCommand? _link;
    private SqliteCommand? _term;

    public override async Task<long[]> ReserveIdsAsync(string table, int count, CancellationToken cancellationToken)
    {
        if (!_lastIds.TryGetValue(table, out var last))
        {
            await using var command = new SqliteCommand($"SELECT COALESCE(MAX(id), 0) FROM {table}", connection, transaction);
            last = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        var ids = new long[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = ++last;
        }

        _lastIds[table] = last;
        return ids;
    }

    public override Task WriteAsync(IReadOnlyList<BulkRow> rows, CancellationToken cancellationToken)
    {
        // Microsoft.Data.Sqlite's async calls complete synchronously; the plain calls spare a Task per row. Tables are
        // filled one after another so each B-tree's pages stay hot while it is written.
        foreach (var row in rows)
        {
            var image = row.Image;
            Set(_image!, row.ImageId, image.Name, OrNull(image.Description), image.OwnerId, image.GroupId, image.Location, image.InPlace ? 1L : 0L,
                OrNull(image.Source), image.SizeX, image.SizeY, (long)image.SizeZ, (long)image.SizeC, (long)image.SizeT, image.PixelType,
                OrNull(image.PhysicalSizeX), OrNull(image.PhysicalSizeY), OrNull(image.PhysicalSizeZ), OrNull(image.PhysicalUnit), (long)image.Levels,
                row.ChannelsJson, row.OriginalFilesJson, image.AcquiredAt is { } acquired ? CatalogClock.Value(acquired, CatalogDialect.Sqlite) : DBNull.Value, Now);
        }

        cancellationToken.ThrowIfCancellationRequested();
        foreach (var row in rows)
        {
            Set(_rendering!, row.ImageId, row.RenderingSettingsJson, Now);
        }

        foreach (var row in rows)
        {
            if (row.DatasetId is { } dataset)
            {
                Set(_datasetImage!, dataset, row.ImageId);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        foreach (var row in rows)
        {
            if (row.AnnotationId != 0)
            {
                Set(_annotation!, row.AnnotationId, OrNull(MapNamespace), row.Image.OwnerId, row.Image.GroupId, Now);
            }
        }

        foreach (var row in rows)
        {
            for (var position = 0; position < row.Pairs.Length; position++)
            {
                var (key, value, keyFold, valueFold) = row.Pairs[position];
                Set(_mapValue!, row.AnnotationId, (long)position, key, value, keyFold, valueFold);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        foreach (var row in rows)
        {
            if (row.AnnotationId != 0)
            {
                Set(_link!, row.ImageId, row.AnnotationId, row.Image.OwnerId, row.Image.GroupId, Now);
            }
        }

        foreach (var row in rows)
        {
            foreach (var term in row.Terms)
            {
                Set(_term!, term, row.ImageId, row.Image.GroupId, row.Image.OwnerId);
            }
        }

        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        foreach (var command in _commands)
        {
            command.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    protected override Task StartAsync(CancellationToken cancellationToken)
    {
        _image = Prepare(
            "INSERT INTO image (id, name, description, owner_id, group_id, location, in_place, source, size_x, size_y, size_z, size_c, size_t, pixel_type, "
            + "physical_size_x, physical_size_y, physical_size_z, physical_unit, levels, channels, original_files, acquired_at, imported_at, created_at, updated_at) "
            + "VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, $p12, $p13, $p14, $p15, $p16, $p17, $p18, $p19, $p20, $p21, $p22, $p22, $p22)",
            23);
        _rendering = Prepare("INSERT INTO rendering_settings (image_id, experimenter_id, settings, updated_at) VALUES ($p0, NULL, $p1, $p2)", 3);
        _datasetImage = Prepare("INSERT INTO dataset_image (dataset_id, image_id) VALUES ($p0, $p1)", 2);
        _annotation = Prepare("INSERT INTO annotation (id, kind, namespace, owner_id, group_id, created_at) VALUES ($p0, 'map', $p1, $p2, $p3, $p4)", 5);
        _mapValue = Prepare("INSERT INTO map_value (annotation_id, position, map_key, map_value, key_fold, value_fold) VALUES ($p0, $p1, $p2, $p3, $p4, $p5)", 6);
        _link = Prepare("INSERT INTO annotation_link (object_type, object_id, annotation_id, owner_id, group_id, created_at) VALUES ('image', $p0, $p1, $p2, $p3, $p4)", 5);
        _term = Prepare("INSERT INTO text_term (term, object_type, object_id, group_id, owner_id) VALUES ($p0, 'image', $p1, $p2, $p3)", 4);
        return Task.CompletedTask;
    }

    private SqliteCommand Prepare(string sql, int parameters)
    {
        var command = new SqliteCommand(sql, connection, transaction);
        for (var i = 0; i < parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter("$p" + i, null));
        }

        command.Prepare();
        _commands.Add(command);
        return command;
    }

    private static void Set(SqliteCommand command, params ReadOnlySpan<object> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        command.ExecuteNonQuery();
    }
}
