using System.Text.Json;
using Dapper;

namespace Tessera.Catalog;

public sealed partial class Catalog
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>An image's full record.</summary>
    /// <exception cref="CatalogNotFoundException">It does not exist or the caller may not read it.</exception>
    public async Task<ImageRecord> GetImageAsync(CatalogCaller caller, long imageId, CancellationToken cancellationToken = default)
    {
        var rows = await RowsAsync($"SELECT o.* FROM image o WHERE o.id = @imageId AND {caller.ReadPredicate("o")}", new { imageId }, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? throw new CatalogNotFoundException(new ObjectRef(CatalogObjectType.Image, imageId)) : ToImage(rows[0]);
    }

    /// <summary>A plate with its acquisitions and every well and field.</summary>
    /// <exception cref="CatalogNotFoundException">It does not exist or the caller may not read it.</exception>
    public async Task<PlateRecord> GetPlateAsync(CatalogCaller caller, long plateId, CancellationToken cancellationToken = default)
    {
        var rows = await RowsAsync($"SELECT o.* FROM plate o WHERE o.id = @plateId AND {caller.ReadPredicate("o")}", new { plateId }, cancellationToken).ConfigureAwait(false);
        if (rows.Count == 0)
        {
            throw new CatalogNotFoundException(new ObjectRef(CatalogObjectType.Plate, plateId));
        }

        var r = rows[0];
        var acquisitions = (await RowsAsync("SELECT * FROM plate_acquisition WHERE plate_id = @plateId ORDER BY id", new { plateId }, cancellationToken).ConfigureAwait(false))
            .Select(a => new PlateAcquisitionRecord(a.Long("id"), a.NullableText("name"), a.NullableLong("maximum_field_count") is { } m ? (int)m : null, a.NullableTime("started_at"), a.NullableTime("ended_at")))
            .ToList();

        // Images of a plate may have other owners than the plate (read-write groups); a well shows only fields the caller may read.
        var samples = (await RowsAsync(
            $"""
            SELECT ws.well_id, ws.field_index, ws.image_id, ws.acquisition_id FROM well_sample ws
            JOIN well w ON w.id = ws.well_id JOIN image o ON o.id = ws.image_id
            WHERE w.plate_id = @plateId AND {caller.ReadPredicate("o")}
            ORDER BY ws.well_id, ws.field_index
            """, new { plateId }, cancellationToken).ConfigureAwait(false))
            .GroupBy(s => s.Long("well_id"))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<WellSampleRecord>)g.Select(s => new WellSampleRecord(s.Int("field_index"), s.Long("image_id"), s.NullableLong("acquisition_id"))).ToList());
        var wells = (await RowsAsync("SELECT * FROM well WHERE plate_id = @plateId ORDER BY row_index, column_index", new { plateId }, cancellationToken).ConfigureAwait(false))
            .Select(w => new WellRecord(w.Long("id"), w.Int("row_index"), w.Int("column_index"), w.Text("row_name"), w.Text("column_name"), samples.GetValueOrDefault(w.Long("id")) ?? []))
            .ToList();
        return new PlateRecord
        {
            Id = r.Long("id"),
            Name = r.Text("name"),
            Description = r.NullableText("description"),
            OwnerId = r.Long("owner_id"),
            GroupId = r.Long("group_id"),
            Location = r.Text("location"),
            InPlace = r.Bool("in_place"),
            Source = r.NullableText("source"),
            RowNames = JsonSerializer.Deserialize<string[]>(r.Text("row_names"), Json) ?? [],
            ColumnNames = JsonSerializer.Deserialize<string[]>(r.Text("column_names"), Json) ?? [],
            FieldCount = r.Int("field_count"),
            ImportedAt = r.Time("imported_at"),
            Acquisitions = acquisitions,
            Wells = wells,
        };
    }

    /// <summary>Whether an image or plate was already imported from <paramref name="source"/> (in any group).</summary>
    internal static async Task<ObjectRef?> FindSourceAsync(CatalogWrite write, string source)
    {
        var image = await write.ScalarAsync<long?>("SELECT id FROM image WHERE source = @source LIMIT 1", new { source }).ConfigureAwait(false);
        if (image is { } i)
        {
            return new ObjectRef(CatalogObjectType.Image, i);
        }

        var plate = await write.ScalarAsync<long?>("SELECT id FROM plate WHERE source = @source LIMIT 1", new { source }).ConfigureAwait(false);
        return plate is { } p ? new ObjectRef(CatalogObjectType.Plate, p) : null;
    }

    /// <summary>Stores an image owned by the caller in <paramref name="groupId"/>, with its initial rendering settings.</summary>
    internal static async Task<long> InsertImageAsync(CatalogWrite write, long groupId, ImageRecord image)
    {
        var owner = RequireMember(write, groupId);
        var id = await write.InsertAsync(
            """
            INSERT INTO image (name, description, owner_id, group_id, location, in_place, source, size_x, size_y, size_z, size_c, size_t,
                pixel_type, physical_size_x, physical_size_y, physical_size_z, physical_unit, levels, channels, original_files,
                acquired_at, imported_at, created_at, updated_at)
            VALUES (@Name, @Description, @owner, @groupId, @Location, @InPlace, @Source, @SizeX, @SizeY, @SizeZ, @SizeC, @SizeT,
                @PixelType, @PhysicalSizeX, @PhysicalSizeY, @PhysicalSizeZ, @PhysicalUnit, @Levels, @channels, @originalFiles,
                @acquired, @at, @at, @at)
            """,
            new
            {
                image.Name, image.Description, owner, groupId, image.Location, image.InPlace, image.Source, image.SizeX, image.SizeY, image.SizeZ, image.SizeC, image.SizeT,
                image.PixelType, image.PhysicalSizeX, image.PhysicalSizeY, image.PhysicalSizeZ, image.PhysicalUnit, image.Levels,
                channels = JsonSerializer.Serialize(image.Channels, Json), originalFiles = JsonSerializer.Serialize(image.OriginalFiles, Json),
                acquired = image.AcquiredAt is { } a ? write.Time(a) : null, at = write.Time(),
            }).ConfigureAwait(false);
        await SearchIndex.TextAsync(write, new ObjectRef(CatalogObjectType.Image, id), groupId, owner, image.Name, image.Description).ConfigureAwait(false);
        await write.ExecuteAsync(
            "INSERT INTO rendering_settings (image_id, experimenter_id, settings, updated_at) VALUES (@id, NULL, @settings, @at)",
            new { id, settings = RenderingSettingsJson.Initial(image.Channels), at = write.Time() }).ConfigureAwait(false);
        await write.EventAsync("import", "image", id, image.Source ?? image.Location).ConfigureAwait(false);
        return id;
    }

    /// <summary>Stores a plate (without wells) owned by the caller in <paramref name="groupId"/>.</summary>
    internal static async Task<long> InsertPlateAsync(CatalogWrite write, long groupId, PlateRecord plate)
    {
        var owner = RequireMember(write, groupId);
        var id = await write.InsertAsync(
            """
            INSERT INTO plate (name, description, owner_id, group_id, location, in_place, source, row_names, column_names, field_count, imported_at, created_at, updated_at)
            VALUES (@Name, @Description, @owner, @groupId, @Location, @InPlace, @Source, @rows, @columns, @FieldCount, @at, @at, @at)
            """,
            new
            {
                plate.Name, plate.Description, owner, groupId, plate.Location, plate.InPlace, plate.Source,
                rows = JsonSerializer.Serialize(plate.RowNames, Json), columns = JsonSerializer.Serialize(plate.ColumnNames, Json), plate.FieldCount, at = write.Time(),
            }).ConfigureAwait(false);
        await SearchIndex.TextAsync(write, new ObjectRef(CatalogObjectType.Plate, id), groupId, owner, plate.Name, plate.Description).ConfigureAwait(false);
        await write.EventAsync("import", "plate", id, plate.Source ?? plate.Location).ConfigureAwait(false);
        return id;
    }

    internal static Task<long> InsertAcquisitionAsync(CatalogWrite write, long plateId, string? name, int? maximumFieldCount) => write.InsertAsync(
        "INSERT INTO plate_acquisition (plate_id, name, maximum_field_count) VALUES (@plateId, @name, @maximumFieldCount)",
        new { plateId, name, maximumFieldCount });

    internal static Task<long> InsertWellAsync(CatalogWrite write, long plateId, long groupId, int row, int column, string rowName, string columnName) => write.InsertAsync(
        "INSERT INTO well (plate_id, owner_id, group_id, row_index, column_index, row_name, column_name) VALUES (@plateId, @owner, @groupId, @row, @column, @rowName, @columnName)",
        new { plateId, owner = RequireMember(write, groupId), groupId, row, column, rowName, columnName });

    internal static Task InsertWellSampleAsync(CatalogWrite write, long wellId, int field, long imageId, long? acquisitionId) => write.ExecuteAsync(
        "INSERT INTO well_sample (well_id, image_id, field_index, acquisition_id) VALUES (@wellId, @imageId, @field, @acquisitionId)",
        new { wellId, imageId, field, acquisitionId });

    private static long RequireMember(CatalogWrite write, long groupId)
    {
        var caller = write.Caller;
        if (caller.ExperimenterId is not { } me || !(caller.IsAdmin || caller.Group(groupId)?.IsMember == true))
        {
            throw new CatalogException($"group {groupId}: {caller.UserName} may not import here (not a member)");
        }

        return me;
    }

    private static ImageRecord ToImage(IDictionary<string, object?> r) => new()
    {
        Id = r.Long("id"),
        Name = r.Text("name"),
        Description = r.NullableText("description"),
        OwnerId = r.Long("owner_id"),
        GroupId = r.Long("group_id"),
        Location = r.Text("location"),
        InPlace = r.Bool("in_place"),
        Source = r.NullableText("source"),
        SizeX = r.Long("size_x"),
        SizeY = r.Long("size_y"),
        SizeZ = r.Int("size_z"),
        SizeC = r.Int("size_c"),
        SizeT = r.Int("size_t"),
        PixelType = r.Text("pixel_type"),
        PhysicalSizeX = r.NullableDouble("physical_size_x"),
        PhysicalSizeY = r.NullableDouble("physical_size_y"),
        PhysicalSizeZ = r.NullableDouble("physical_size_z"),
        PhysicalUnit = r.NullableText("physical_unit"),
        Levels = r.Int("levels"),
        Channels = JsonSerializer.Deserialize<ChannelInfo[]>(r.Text("channels"), Json) ?? [],
        OriginalFiles = r.NullableText("original_files") is { } files ? JsonSerializer.Deserialize<string[]>(files, Json) ?? [] : [],
        AcquiredAt = r.NullableTime("acquired_at"),
        ImportedAt = r.Time("imported_at"),
    };
}
