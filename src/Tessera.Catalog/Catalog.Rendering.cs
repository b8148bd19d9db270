using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Catalog;

public sealed partial class Catalog
{
    /// <summary>
    /// The rendering settings a viewer should use for the caller: their own for this image if they saved some,
    /// otherwise the image's (initially from its omero block). JSON: <c>{"model", "channels": [{label, color, start, end, active}]}</c>.
    /// </summary>
    /// <exception cref="CatalogNotFoundException">The caller may not read the image.</exception>
    public async Task<string> GetRenderingSettingsAsync(CatalogCaller caller, long imageId, CancellationToken cancellationToken = default)
    {
        await GetAsync(caller, new ObjectRef(CatalogObjectType.Image, imageId), cancellationToken).ConfigureAwait(false);
        var rows = await RowsAsync(
            "SELECT experimenter_id, settings FROM rendering_settings WHERE image_id = @imageId AND (experimenter_id IS NULL OR experimenter_id = @me)",
            new { imageId, me = caller.ExperimenterId ?? -1 }, cancellationToken).ConfigureAwait(false);
        var chosen = rows.FirstOrDefault(r => r.NullableLong("experimenter_id") is not null) ?? rows.FirstOrDefault();
        return chosen?.Text("settings") ?? RenderingSettingsJson.Initial([]);
    }

    /// <summary>
    /// Saves rendering settings: the caller's own (anyone who may read the image and is logged in, as OMERO's
    /// "render" right), or with <paramref name="asImageDefault"/> the image's own (needs the right to edit it).
    /// </summary>
    /// <exception cref="CatalogException">The settings are not a JSON object with a channels array.</exception>
    public async Task SaveRenderingSettingsAsync(CatalogCaller caller, long imageId, string settings, bool asImageDefault = false, CancellationToken cancellationToken = default)
    {
        try
        {
            if (JsonNode.Parse(settings) is not JsonObject { } json || json["channels"] is not JsonArray)
            {
                throw new CatalogException($"image:{imageId}: rendering settings must be a JSON object with a 'channels' array");
            }
        }
        catch (JsonException e)
        {
            throw new CatalogException($"image:{imageId}: rendering settings are not valid JSON: {e.Message}", e);
        }

        var target = new ObjectRef(CatalogObjectType.Image, imageId);
        await using var write = await BeginWriteAsync(caller, cancellationToken).ConfigureAwait(false);
        await RequireAsync(write, target, asImageDefault ? CatalogAction.Edit : CatalogAction.Read).ConfigureAwait(false);
        if (!asImageDefault && caller.ExperimenterId is null)
        {
            throw new CatalogForbiddenException(target, CatalogAction.Edit, "anonymous callers cannot save rendering settings");
        }

        var owner = asImageDefault ? null : caller.ExperimenterId;
        var updated = await write.ExecuteAsync(
            $"UPDATE rendering_settings SET settings = @settings, updated_at = @at WHERE image_id = @imageId AND experimenter_id {(owner is null ? "IS NULL" : "= @owner")}",
            new { settings, at = write.Time(), imageId, owner }).ConfigureAwait(false);
        if (updated == 0)
        {
            await write.ExecuteAsync(
                "INSERT INTO rendering_settings (image_id, experimenter_id, settings, updated_at) VALUES (@imageId, @owner, @settings, @at)",
                new { imageId, owner, settings, at = write.Time() }).ConfigureAwait(false);
        }

        await write.EventAsync("update", "image", imageId, asImageDefault ? "rendering settings" : "own rendering settings").ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A token that changes whenever rendering settings that apply to the caller change for any image of a plate
    /// (the images' own or the caller's): part of the cache key of the plate's thumbnail sprite.
    /// </summary>
    public async Task<string> PlateRenderingVersionAsync(CatalogCaller caller, long plateId, CancellationToken cancellationToken = default)
    {
        var rows = await RowsAsync(
            """
            SELECT COUNT(*) AS n, MAX(rs.updated_at) AS latest FROM rendering_settings rs
            JOIN well_sample ws ON ws.image_id = rs.image_id JOIN well w ON w.id = ws.well_id
            WHERE w.plate_id = @plateId AND (rs.experimenter_id IS NULL OR rs.experimenter_id = @me)
            """, new { plateId, me = caller.ExperimenterId ?? -1 }, cancellationToken).ConfigureAwait(false);
        var row = rows[0];
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{row.Long("n")}@{row.NullableTime("latest")?.UtcTicks}");
    }

    /// <summary>
    /// The newest events first: an administrator sees all; others see what they did themselves, or — when
    /// <paramref name="target"/> is given and they may read it — everything done to that object.
    /// </summary>
    public async Task<IReadOnlyList<EventRecord>> ListEventsAsync(CatalogCaller caller, ObjectRef? target = null, int limit = 100, CancellationToken cancellationToken = default)
    {
        var (_, take) = Paging(0, limit);
        if (target is { } t)
        {
            await GetAsync(caller, t, cancellationToken).ConfigureAwait(false);
        }

        var where = new List<string>();
        if (target is not null)
        {
            where.Add("object_type = @type AND object_id = @id");
        }
        else if (!caller.IsAdmin)
        {
            where.Add("experimenter_id = @me");
        }

        var rows = await RowsAsync(
            $"SELECT * FROM event {(where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where))} ORDER BY id DESC LIMIT @take",
            new { type = target is { } r ? CatalogObjectTypes.Name(r.Type) : null, id = target?.Id, me = caller.ExperimenterId ?? -1, take }, cancellationToken).ConfigureAwait(false);
        return rows.Select(r => new EventRecord(r.Long("id"), r.Time("at"), r.NullableLong("experimenter_id"), r.Text("action"), r.Text("object_type"), r.NullableLong("object_id"), r.NullableText("detail"))).ToList();
    }
}
