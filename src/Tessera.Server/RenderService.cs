using System.Globalization;
using Microsoft.AspNetCore.Http;
using Tessera.Catalog;
using Tessera.Imaging.Rendering;

namespace Tessera.Server;

/// <summary>
/// Thumbnails, tiles and regions for a caller: the caller's (or the image's) rendering settings, changed by the
/// request's OMERO.web parameters, rendered from the pyramid by Tessera.Imaging; thumbnails through the disk cache.
/// </summary>
public sealed class RenderService(TesseraRepository repository, ImageSource source, ThumbnailCache cache)
{
    /// <summary>OMERO.web's default thumbnail size.</summary>
    public const int DefaultThumbnailSize = 96;

    /// <summary>The repository served.</summary>
    public TesseraRepository Repository => repository;

    /// <summary>The thumbnail cache.</summary>
    public ThumbnailCache Cache => cache;

    /// <summary>The pyramid and the settings to render with for this request.</summary>
    public async Task<(ImageRecord Image, ImagePyramid Pyramid, RenderingSettings Settings)> PrepareAsync(CatalogCaller caller, long imageId, IQueryCollection query, CancellationToken cancellationToken)
    {
        var (image, pyramid) = await source.OpenAsync(caller, imageId, cancellationToken).ConfigureAwait(false);
        var settings = await SettingsAsync(caller, image, pyramid, cancellationToken).ConfigureAwait(false);
        settings = RenderingQuery.Apply(settings, Text(query, "c"), Text(query, "m"), Text(query, "p"), Text(query, "maps"));
        return (image, pyramid, settings);
    }

    /// <summary>The saved settings that apply to the caller, or the pyramid's defaults when none fit the image.</summary>
    public async Task<RenderingSettings> SettingsAsync(CatalogCaller caller, ImageRecord image, ImagePyramid pyramid, CancellationToken cancellationToken)
    {
        var json = await repository.Catalog.GetRenderingSettingsAsync(caller, image.Id, cancellationToken).ConfigureAwait(false);
        try
        {
            var saved = RenderingSettings.FromJson(json);
            return saved.Channels.Count == pyramid.SizeC ? saved : pyramid.CreateDefaultSettings();
        }
        catch (ArgumentException)
        {
            return pyramid.CreateDefaultSettings();
        }
    }

    /// <summary>A thumbnail (JPEG) whose longer side is <paramref name="size"/>, from the cache when it is there.</summary>
    public async Task<RenderedPlane> ThumbnailAsync(CatalogCaller caller, long imageId, int size, IQueryCollection query, CancellationToken cancellationToken)
    {
        if (size is < 1 or > ImageRenderer.MaxThumbnailSize)
        {
            throw new RenderingParameterException("size", $"{size} is not a thumbnail size (1 to {ImageRenderer.MaxThumbnailSize})");
        }

        var (_, pyramid, settings) = await PrepareAsync(caller, imageId, query, cancellationToken).ConfigureAwait(false);
        int? z = OptionalInt(query, "z");
        int? t = OptionalInt(query, "t");
        var key = ThumbnailCache.Key($"{settings.ToJson()}|{z}|{t}", size, "jpeg");
        if (cache.Find(imageId, key) is { } file)
        {
            return new RenderedPlane(key, "image/jpeg", null, file);
        }

        var rendered = await ImageRenderer.RenderThumbnailAsync(pyramid, settings, size, z, t, cancellationToken).ConfigureAwait(false);
        var bytes = rendered.EncodeJpeg(90);
        await cache.StoreAsync(imageId, key, bytes, cancellationToken).ConfigureAwait(false);
        return new RenderedPlane(key, "image/jpeg", bytes, null);
    }

    /// <summary>
    /// A thumbnail's pixels for compositing (the plate sprite): rendered with the caller's settings, neither
    /// encoded nor cached on its own — a JPEG round trip per well would cost more than the rendering.
    /// </summary>
    public async Task<RenderedImage> ThumbnailPixelsAsync(CatalogCaller caller, long imageId, int size, CancellationToken cancellationToken)
    {
        var (image, pyramid) = await source.OpenAsync(caller, imageId, cancellationToken).ConfigureAwait(false);
        var settings = await SettingsAsync(caller, image, pyramid, cancellationToken).ConfigureAwait(false);
        return await ImageRenderer.RenderThumbnailAsync(pyramid, settings, size, null, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A tile, region or whole plane as OMERO.web's render_image_region / render_image take them.</summary>
    public async Task<RenderedPlane> RenderAsync(CatalogCaller caller, long imageId, int? z, int? t, IQueryCollection query, CancellationToken cancellationToken)
    {
        var (_, pyramid, settings) = await PrepareAsync(caller, imageId, query, cancellationToken).ConfigureAwait(false);
        var plane = z ?? DefaultZ(pyramid);
        var time = t ?? 0;
        var format = Text(query, "format") ?? "jpeg";
        if (format is not ("jpeg" or "jpg" or "png"))
        {
            throw new RenderingParameterException("format", $"'{ApiEndpoints.Shorten(format)}' is not jpeg or png");
        }

        var quality = Quality(Text(query, "q"));
        RenderedImage rendered;
        if (Text(query, "tile") is { } tile)
        {
            rendered = await ImageRenderer.RenderTileAsync(pyramid, settings, plane, time, RenderingQuery.ParseTile(tile), cancellationToken).ConfigureAwait(false);
        }
        else if (Text(query, "region") is { } region)
        {
            rendered = await ImageRenderer.RenderRegionAsync(pyramid, settings, plane, time, RenderingQuery.ParseRegion(region), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // The whole plane, from the largest level that fits the region limit (big images come back smaller).
            var level = Enumerable.Range(0, pyramid.LevelCount).First(l => pyramid.Levels[l].SizeX <= ImageRenderer.MaxRegionSide && pyramid.Levels[l].SizeY <= ImageRenderer.MaxRegionSide || l == pyramid.LevelCount - 1);
            var chosen = pyramid.Levels[level];
            rendered = await ImageRenderer.RenderRegionAsync(pyramid, settings, plane, time, level, 0, 0, chosen.SizeX, chosen.SizeY, cancellationToken).ConfigureAwait(false);
        }

        var png = format == "png";
        var bytes = png ? rendered.EncodePng() : rendered.EncodeJpeg(quality);
        var etag = ThumbnailCache.Key($"{settings.ToJson()}|{plane}|{time}|{query["tile"]}|{query["region"]}", 0, png ? "png" : $"jpeg{quality}");
        return new RenderedPlane(etag, png ? "image/png" : "image/jpeg", bytes, null);
    }

    /// <summary>The plane shown first: the omero block's default z, else the middle one (as OMERO).</summary>
    public static int DefaultZ(ImagePyramid pyramid) =>
        pyramid.Omero?.RenderingDefaults?.DefaultZ is { } z && z >= 0 && z < pyramid.SizeZ ? z : pyramid.SizeZ / 2;

    internal static int Quality(string? q)
    {
        if (q is null)
        {
            return 90;
        }

        if (!double.TryParse(q, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value is not (> 0 and <= 1) && value is not (> 1 and <= 100))
        {
            throw new RenderingParameterException("q", $"'{ApiEndpoints.Shorten(q)}' is not a JPEG quality (0 to 1, as OMERO.web, or 1 to 100)");
        }

        return (int)Math.Clamp(Math.Round(value <= 1 ? value * 100 : value), 1, 100);
    }

    internal static string? Text(IQueryCollection query, string name) => query[name].ToString() is { Length: > 0 } value ? value : null;

    internal static int? OptionalInt(IQueryCollection query, string name)
    {
        var text = Text(query, name);
        return text is null ? null
            : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
            : throw new RenderingParameterException(name, $"'{ApiEndpoints.Shorten(text)}' is not a whole number");
    }
}
