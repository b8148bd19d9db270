using Npgsql;
using NpgsqlTypes;

namespace Tessera.Catalog.Bulk;

/// <summary>
/// PostgreSQL: one binary COPY per table and batch (a connection runs one COPY at a time), ids drawn from the
/// tables' identity sequences so inserts made beside or after the load never collide with them.
/// </summary>
internal sealed class PostgresBulkWriter(NpgsqlConnection connection, NpgsqlTransaction transaction, string? mapNamespace, object now)
    : BulkWriter(mapNamespace, now)
{
    public override async Task<long[]> ReserveIdsAsync(string table, int count, CancellationToken cancellationToken)
    {
        // nextval per row: lock-free and correct beside concurrent inserts, and cheap (a few microseconds per id).
        await using var command = new NpgsqlCommand($"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, $1)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        var ids = new long[count];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; await reader.ReadAsync(cancellationToken).ConfigureAwait(false); i++)
        {
            ids[i] = reader.GetInt64(0);
        }

        return ids;
    }

    public override async Task WriteAsync(IReadOnlyList<BulkRow> rows, CancellationToken cancellationToken)
    {
        var now = (DateTimeOffset)Now;
        await CopyAsync(
            "image (id, name, description, owner_id, group_id, location, in_place, source, size_x, size_y, size_z, size_c, size_t, pixel_type, "
            + "physical_size_x, physical_size_y, physical_size_z, physical_unit, levels, channels, original_files, acquired_at, imported_at, created_at, updated_at)",
            rows, async (copy, row, ct) =>
            {
                var image = row.Image;
                await copy.StartRowAsync(ct).ConfigureAwait(false);
                await copy.WriteAsync(row.ImageId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                await copy.WriteAsync(image.Name, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await WriteTextAsync(copy, image.Description, ct).ConfigureAwait(false);
                await copy.WriteAsync(image.OwnerId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                await copy.WriteAsync(image.GroupId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                await copy.WriteAsync(image.Location, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await copy.WriteAsync(image.InPlace, NpgsqlDbType.Boolean, ct).ConfigureAwait(false);
                await WriteTextAsync(copy, image.Source, ct).ConfigureAwait(false);
                await copy.WriteAsync(image.SizeX, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                await copy.WriteAsync(image.SizeY, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                await copy.WriteAsync(image.SizeZ, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
                await copy.WriteAsync(image.SizeC, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
                await copy.WriteAsync(image.SizeT, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
                await copy.WriteAsync(image.PixelType, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await WriteDoubleAsync(copy, image.PhysicalSizeX, ct).ConfigureAwait(false);
                await WriteDoubleAsync(copy, image.PhysicalSizeY, ct).ConfigureAwait(false);
                await WriteDoubleAsync(copy, image.PhysicalSizeZ, ct).ConfigureAwait(false);
                await WriteTextAsync(copy, image.PhysicalUnit, ct).ConfigureAwait(false);
                await copy.WriteAsync(image.Levels, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
                await copy.WriteAsync(row.ChannelsJson, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await copy.WriteAsync(row.OriginalFilesJson, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                if (image.AcquiredAt is { } acquired)
                {
                    await copy.WriteAsync(acquired.ToUniversalTime(), NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
                }
                else
                {
                    await copy.WriteNullAsync(ct).ConfigureAwait(false);
                }

                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);

        await CopyAsync("rendering_settings (image_id, settings, updated_at)", rows, async (copy, row, ct) =>
        {
            await copy.StartRowAsync(ct).ConfigureAwait(false);
            await copy.WriteAsync(row.ImageId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await copy.WriteAsync(row.RenderingSettingsJson, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        await CopyAsync("dataset_image (dataset_id, image_id)", rows.Where(r => r.DatasetId is not null), async (copy, row, ct) =>
        {
            await copy.StartRowAsync(ct).ConfigureAwait(false);
            await copy.WriteAsync(row.DatasetId!.Value, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await copy.WriteAsync(row.ImageId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        var annotated = rows.Where(r => r.AnnotationId != 0).ToList();
        await CopyAsync("annotation (id, kind, namespace, owner_id, group_id, created_at)", annotated, async (copy, row, ct) =>
        {
            await copy.StartRowAsync(ct).ConfigureAwait(false);
            await copy.WriteAsync(row.AnnotationId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await copy.WriteAsync("map", NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await WriteTextAsync(copy, MapNamespace, ct).ConfigureAwait(false);
            await copy.WriteAsync(row.Image.OwnerId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await copy.WriteAsync(row.Image.GroupId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        await CopyAsync("map_value (annotation_id, position, map_key, map_value, key_fold, value_fold)", annotated, async (copy, row, ct) =>
        {
            for (var position = 0; position < row.Pairs.Length; position++)
            {
                var (key, value, keyFold, valueFold) = row.Pairs[position];
                await copy.StartRowAsync(ct).ConfigureAwait(false);
                await copy.WriteAsync(row.AnnotationId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                await copy.WriteAsync(position, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
                await copy.WriteAsync(key, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await copy.WriteAsync(value, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await copy.WriteAsync(keyFold, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await copy.WriteAsync(valueFold, NpgsqlDbType.Text, ct).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);

        await CopyAsync("annotation_link (object_type, object_id, annotation_id, owner_id, group_id, created_at)", annotated, async (copy, row, ct) =>
        {
            await copy.StartRowAsync(ct).ConfigureAwait(false);
            await copy.WriteAsync("image", NpgsqlDbType.Text, ct).ConfigureAwait(false);
            await copy.WriteAsync(row.ImageId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await copy.WriteAsync(row.AnnotationId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await copy.WriteAsync(row.Image.OwnerId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await copy.WriteAsync(row.Image.GroupId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            await copy.WriteAsync(now, NpgsqlDbType.TimestampTz, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        await CopyAsync("text_term (term, object_type, object_id, group_id, owner_id)", rows, async (copy, row, ct) =>
        {
            foreach (var term in row.Terms)
            {
                await copy.StartRowAsync(ct).ConfigureAwait(false);
                await copy.WriteAsync(term, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await copy.WriteAsync("image", NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await copy.WriteAsync(row.ImageId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                await copy.WriteAsync(row.Image.GroupId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
                await copy.WriteAsync(row.Image.OwnerId, NpgsqlDbType.Bigint, ct).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    protected override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The search-table rebuild sorts and groups millions of rows, and deferred indexes are built by sorting: give
        // both memory for this transaction only, instead of spilling to disk in 4 MB / 64 MB pieces.
        await using var command = new NpgsqlCommand("SET LOCAL work_mem = '256MB'; SET LOCAL maintenance_work_mem = '1GB'", connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task CopyAsync(string target, IEnumerable<BulkRow> rows, Func<NpgsqlBinaryImporter, BulkRow, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            await write(copy, row, cancellationToken).ConfigureAwait(false);
        }

        await copy.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter copy, string? text, CancellationToken cancellationToken) =>
        text is null ? copy.WriteNullAsync(cancellationToken) : copy.WriteAsync(text, NpgsqlDbType.Text, cancellationToken);

    private static Task WriteDoubleAsync(NpgsqlBinaryImporter copy, double? value, CancellationToken cancellationToken) =>
        value is { } v ? copy.WriteAsync(v, NpgsqlDbType.Double, cancellationToken) : copy.WriteNullAsync(cancellationToken);
}
