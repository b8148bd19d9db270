using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Tessera.Catalog;
using Tessera.Imaging.Rendering;

namespace Tessera.Server;

/// <summary>
/// Rendered pixels: <c>/thumbnail/{id}</c>, <c>/render/{id}</c> (tiles, regions, whole planes), per-channel
/// histograms, the viewer's image metadata, a plate's every well thumbnail as one sprite plus its layout, and the
/// OMERO.web <c>/webgateway</c> routes with the same parameters and JSON field names.
/// </summary>
public static class RenderEndpoints
{
    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var render = app.MapGroup("").WithTags("Rendering");
        render.MapGet("/thumbnail/{id:long}", (HttpContext context, long id, RenderService service) =>
            ThumbnailAsync(context, id, RenderService.OptionalInt(context.Request.Query, "size") ?? RenderService.DefaultThumbnailSize, service))
            .WithSummary("JPEG thumbnail, longer side ?size (default 96), from the smallest sufficient pyramid level; cached");
        render.MapGet("/render/{id:long}", async (HttpContext context, long id, RenderService service) =>
        {
            var caller = await RequestCaller.OfAsync(context).ConfigureAwait(false);
            var query = context.Request.Query;
            return Send(context, await service.RenderAsync(caller.Caller, id, RenderService.OptionalInt(query, "z"), RenderService.OptionalInt(query, "t"), query, context.RequestAborted).ConfigureAwait(false));
        }).WithSummary("Render a tile (tile=level,x,y[,w,h]), a region (region=x,y,w,h) or the plane; z, t, c=1|0:4000$FF0000,-2, m=c|g, p=normal|intmax|intmean, format=jpeg|png, q");
        render.MapGet("/api/v1/images/{id:long}/histogram", async (HttpContext context, long id, ImageSource source) =>
        {
            var caller = await RequestCaller.OfAsync(context).ConfigureAwait(false);
            var query = context.Request.Query;
            return await HistogramAsync(context, caller.Caller, id, RenderService.OptionalInt(query, "c") ?? 0, query, source).ConfigureAwait(false);
        }).WithSummary("Histogram of one channel (c, 0-based) of a plane (z, t) in ?bins bins");
        render.MapGet("/api/v1/images/{id:long}/viewer", (HttpContext context, long id, ImageSource source, RenderService service) => ImageDataAsync(context, id, source, service))
            .WithSummary("What a viewer needs: sizes, levels and tiles, pixel sizes, channels and the caller's rendering settings (OMERO.web imgData fields)");
        render.MapGet("/api/v1/plates/{id:long}/thumbnails", async (HttpContext context, long id, TesseraRepository repository) =>
        {
            var caller = await RequestCaller.OfAsync(context).ConfigureAwait(false);
            var (field, size) = PlateArguments(context.Request.Query);
            var plate = await repository.Catalog.GetPlateAsync(caller.Caller, id, context.RequestAborted).ConfigureAwait(false);
            return Results.Ok(PlateSprite.Layout(plate, field, size));
        }).WithSummary("Layout of the plate's well thumbnail sprite for a field (?field=0&size=96): where each well's thumbnail sits");
        render.MapGet("/plate-sprite/{id:long}", async (HttpContext context, long id, TesseraRepository repository, RenderService service) =>
        {
            var caller = await RequestCaller.OfAsync(context).ConfigureAwait(false);
            var (field, size) = PlateArguments(context.Request.Query);
            return await MemoisedAsync(context, caller, -id, async () =>
            {
                var plate = await repository.Catalog.GetPlateAsync(caller.Caller, id, context.RequestAborted).ConfigureAwait(false);
                return await PlateSprite.RenderAsync(caller.Caller, plate, field, size, service, context.RequestAborted).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }).WithSummary("Every well thumbnail of a plate's field in one JPEG (see /api/v1/plates/{id}/thumbnails for the layout)");

        var gateway = app.MapGroup("/webgateway").WithTags("OMERO.web compatible");
        gateway.MapGet("/render_thumbnail/{id:long}/{size:int?}", (HttpContext context, long id, int? size, RenderService service) =>
            ThumbnailAsync(context, id, size ?? RenderService.DefaultThumbnailSize, service)).WithSummary("As OMERO.web render_thumbnail");
        gateway.MapGet("/render_image_region/{id:long}/{z:int}/{t:int}", async (HttpContext context, long id, int z, int t, RenderService service) =>
        {
            var caller = await RequestCaller.OfAsync(context).ConfigureAwait(false);
            if (RenderService.Text(context.Request.Query, "tile") is null && RenderService.Text(context.Request.Query, "region") is null)
            {
                throw new RenderingParameterException("tile", "render_image_region needs tile=level,x,y[,w,h] or region=x,y,w,h");
            }

            return Send(context, await service.RenderAsync(caller.Caller, id, z, t, context.Request.Query, context.RequestAborted).ConfigureAwait(false));
        }).WithSummary("As OMERO.web render_image_region");
        gateway.MapGet("/render_image/{id:long}/{z:int?}/{t:int?}", async (HttpContext context, long id, int? z, int? t, RenderService service) =>
        {
            var caller = await RequestCaller.OfAsync(context).ConfigureAwait(false);
            return Send(context, await service.RenderAsync(caller.Caller, id, z, t, context.Request.Query, context.RequestAborted).ConfigureAwait(false));
        }).WithSummary("As OMERO.web render_image");
        gateway.MapGet("/imgData/{id:long}", (HttpContext context, long id, ImageSource source, RenderService service) => ImageDataAsync(context, id, source, service))
            .WithSummary("As OMERO.web imgData");
        gateway.MapGet("/histogram_json/{id:long}/channel/{c:int}", async (HttpContext context, long id, int c, ImageSource source) =>
        {
            var caller = await RequestCaller.OfAsync(context).ConfigureAwait(false);
            return await HistogramAsync(context, caller.Caller, id, c, context.Request.Query, source, omeroNames: true).ConfigureAwait(false);
        }).WithSummary("As OMERO.web histogram_json (theZ, theT, bins)");
    }

    private static async Task<IResult> ThumbnailAsync(HttpContext context, long id, int size, RenderService service)
    {
        var caller = await RequestCaller.OfAsync(context).ConfigureAwait(false);
        return await MemoisedAsync(context, caller, id, () => service.ThumbnailAsync(caller.Caller, id, size, context.Request.Query, context.RequestAborted)).ConfigureAwait(false);
    }

    /// <summary>
    /// A thumbnail or sprite answer asked for again and again (plate grids, galleries): decided once per caller and
    /// URL, then repeated from the memo for its lifetime, bytes and validator included.
    /// </summary>
    private static async Task<IResult> MemoisedAsync(HttpContext context, RequestCaller caller, long memoId, Func<Task<RenderedPlane>> render)
    {
        var memo = (ResponseMemo)context.RequestServices.GetService(typeof(ResponseMemo))!;
        var key = $"{caller.Key}|{context.Request.Path}{context.Request.QueryString}";
        if (memo.Find(key) is { } hit)
        {
            return Send(context, new RenderedPlane(hit.ETag, hit.ContentType, hit.Body, null));
        }

        var plane = await render().ConfigureAwait(false);
        var bytes = plane.Bytes ?? await File.ReadAllBytesAsync(plane.CachedFile!, context.RequestAborted).ConfigureAwait(false);
        memo.Remember(key, memoId, plane.ETag, plane.ContentType, bytes, null);
        return Send(context, plane with { Bytes = bytes, CachedFile = null });
    }

    private static (int Field, int Size) PlateArguments(IQueryCollection query)
    {
        var field = RenderService.OptionalInt(query, "field") ?? 0;
        var size = RenderService.OptionalInt(query, "size") ?? RenderService.DefaultThumbnailSize;
        if (field < 0)
        {
            throw new RenderingParameterException("field", $"{field} is negative");
        }

        return size is < 8 or > 256 ? throw new RenderingParameterException("size", $"{size} is not a well thumbnail size (8 to 256)") : (field, size);
    }

    internal static IResult Send(HttpContext context, RenderedPlane plane)
    {
        var etag = new EntityTagHeaderValue($"\"{plane.ETag}\"");
        context.Response.Headers.CacheControl = "private, max-age=300";
        if (plane.CachedFile is { } file)
        {
            return TypedResults.PhysicalFile(file, plane.ContentType, entityTag: etag);
        }

        // The file results answer If-None-Match themselves (304).
        return TypedResults.File(plane.Bytes!, plane.ContentType, entityTag: etag);
    }

    private static async Task<IResult> HistogramAsync(HttpContext context, CatalogCaller caller, long id, int c, IQueryCollection query, ImageSource source, bool omeroNames = false)
    {
        var (_, pyramid) = await source.OpenAsync(caller, id, context.RequestAborted).ConfigureAwait(false);
        var z = RenderService.OptionalInt(query, omeroNames ? "theZ" : "z") ?? RenderService.DefaultZ(pyramid);
        var t = RenderService.OptionalInt(query, omeroNames ? "theT" : "t") ?? 0;
        var bins = RenderService.OptionalInt(query, "bins") ?? 256;
        var histogram = await ImageRenderer.HistogramAsync(pyramid, c, z, t, bins, null, context.RequestAborted).ConfigureAwait(false);
        return omeroNames
            ? Results.Ok(new { data = histogram.Counts })
            : Results.Ok(new { c, z, t, min = histogram.Min, max = histogram.Max, binWidth = histogram.BinWidth, level = histogram.Level, counts = histogram.Counts });
    }

    private static async Task<IResult> ImageDataAsync(HttpContext context, long id, ImageSource source, RenderService service)
    {
        var caller = (await RequestCaller.OfAsync(context).ConfigureAwait(false)).Caller;
        var (image, pyramid) = await source.OpenAsync(caller, id, context.RequestAborted).ConfigureAwait(false);
        var settings = await service.SettingsAsync(caller, image, pyramid, context.RequestAborted).ConfigureAwait(false);
        // The image record was read under the caller's rights; what else they may do follows from its owner and group.
        bool Can(CatalogAction action) => caller.Allows(image.GroupId, image.OwnerId, action, out _);
        var range = RenderingSettings.DefaultWindow(pyramid.DataType);
        var full = pyramid.Levels[0];
        return Results.Ok(new Dictionary<string, object?>
        {
            ["id"] = id,
            ["meta"] = new Dictionary<string, object?>
            {
                ["imageName"] = image.Name, ["imageDescription"] = image.Description ?? "", ["imageId"] = id, ["pixelsType"] = image.PixelType,
                ["imageTimestamp"] = (image.AcquiredAt ?? image.ImportedAt).ToUnixTimeSeconds(), ["imageAuthor"] = image.OwnerId.ToString(CultureInfo.InvariantCulture),
            },
            ["perms"] = new Dictionary<string, object?>
            {
                ["canAnnotate"] = Can(CatalogAction.Annotate),
                ["canEdit"] = Can(CatalogAction.Edit),
                ["canDelete"] = Can(CatalogAction.Delete),
                ["canLink"] = Can(CatalogAction.Edit),
            },
            ["tiles"] = pyramid.LevelCount > 1 || full.SizeX * (long)full.SizeY > 4096L * 4096,
            ["tile_size"] = new { width = pyramid.TileWidth, height = pyramid.TileHeight },
            ["levels"] = pyramid.LevelCount,
            ["zoomLevelScaling"] = Enumerable.Range(0, pyramid.LevelCount).ToDictionary(l => l.ToString(CultureInfo.InvariantCulture), l => (double)pyramid.Levels[l].SizeX / full.SizeX),
            ["size"] = new { width = pyramid.SizeX, height = pyramid.SizeY, z = pyramid.SizeZ, t = pyramid.SizeT, c = pyramid.SizeC },
            ["pixel_size"] = new { x = pyramid.PhysicalSizeX, y = pyramid.PhysicalSizeY, z = pyramid.PhysicalSizeZ, unit = pyramid.PhysicalSizeXUnit },
            ["pixel_range"] = new[] { range.Start, range.End },
            ["channels"] = settings.Channels.Select((channel, i) => new Dictionary<string, object?>
            {
                ["label"] = channel.Label ?? image.Channels.ElementAtOrDefault(i)?.Label ?? i.ToString(CultureInfo.InvariantCulture),
                ["color"] = channel.Color.ToString(), ["active"] = channel.Active, ["inverted"] = channel.Inverted, ["reverseIntensity"] = channel.Inverted,
                ["family"] = "linear", ["coefficient"] = 1.0,
                ["window"] = new { min = range.Start, max = range.End, start = channel.Start, end = channel.End },
            }).ToList(),
            ["rdefs"] = new Dictionary<string, object?>
            {
                ["model"] = settings.Model == RenderingModel.Greyscale ? "greyscale" : "color", ["projection"] = settings.Projection.ToString().ToLowerInvariant(),
                ["defaultZ"] = RenderService.DefaultZ(pyramid), ["defaultT"] = pyramid.Omero?.RenderingDefaults?.DefaultT ?? 0, ["invertAxis"] = false,
            },
        });
    }
}
