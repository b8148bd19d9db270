using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using Tessera.Catalog;

namespace Tessera.Server;

/// <summary>
/// OME-Zarr over HTTP: <c>/zarr/{imageId}/KEY</c> and <c>/zarr/plates/{plateId}/KEY</c> serve the stored keys byte for
/// byte (GET, HEAD, one Range, ETag, CORS) to any Zarr client, after the same read check as every other endpoint.
/// </summary>
public static class ZarrEndpoints
{
    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var zarr = app.MapGroup("/zarr").WithTags("OME-Zarr");
        zarr.MapMethods("/{imageId:long}/{**key}", ["GET", "HEAD"], async (HttpContext context, long imageId, string? key) =>
        {
            // Chunk GETs come in bursts per image: where its keys live, for this caller, is memoised briefly.
            var caller = await RequestCaller.OfAsync(context).ConfigureAwait(false);
            var memo = (ResponseMemo)context.RequestServices.GetService(typeof(ResponseMemo))!;
            var memoKey = $"{caller.Key}|zarr|{imageId}";
            var root = memo.Find(memoKey)?.Path;
            if (root is null)
            {
                var image = await Repository(context).Catalog.GetImageAsync(caller.Caller, imageId, context.RequestAborted).ConfigureAwait(false);
                root = Repository(context).Resolve(image.Location);
                memo.Remember(memoKey, imageId, "", "", null, root);
            }

            return Serve(context, root, key, $"image:{imageId}");
        }).WithSummary("A stored key of an image's OME-Zarr (zarr.json, .zattrs, chunks)");
        zarr.MapMethods("/plates/{plateId:long}/{**key}", ["GET", "HEAD"], async (HttpContext context, long plateId, string? key) =>
        {
            var caller = await RequestCaller.OfAsync(context).ConfigureAwait(false);
            var plate = await Repository(context).Catalog.GetPlateAsync(caller.Caller, plateId, context.RequestAborted).ConfigureAwait(false);
            return Serve(context, Repository(context).Resolve(plate.Location), key, $"plate:{plateId}");
        }).WithSummary("A stored key of a plate's OME-Zarr");
        zarr.MapMethods("/{**any}", ["OPTIONS"], (HttpContext context) =>
        {
            AllowCrossOrigin(context.Response);
            context.Response.Headers.AccessControlAllowMethods = "GET, HEAD, OPTIONS";
            context.Response.Headers.AccessControlAllowHeaders = "Range, If-None-Match, If-Modified-Since, Authorization";
            context.Response.Headers.AccessControlMaxAge = "86400";
            return Results.NoContent();
        }).ExcludeFromDescription();
    }

    private static TesseraRepository Repository(HttpContext context) => (TesseraRepository)context.RequestServices.GetService(typeof(TesseraRepository))!;

    private static IResult Serve(HttpContext context, string root, string? key, string what)
    {
        AllowCrossOrigin(context.Response);
        if (!Directory.Exists(root))
        {
            throw new NotFoundException($"{what}: its OME-Zarr is not a folder this server can serve ({root})");
        }

        var path = KeyPath(root, key, what);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new NotFoundException($"{what}: no key '{key}'");
        }

        // Strong validator from size and modification time: stored chunks change only by rewriting the file.
        var etag = new EntityTagHeaderValue($"\"{file.Length:x}-{file.LastWriteTimeUtc.Ticks:x}\"");
        context.Response.Headers.CacheControl = "public, max-age=60";
        return TypedResults.PhysicalFile(path, ContentType(file.Name), lastModified: file.LastWriteTimeUtc, entityTag: etag, enableRangeProcessing: true);
    }

    /// <summary>The file under <paramref name="root"/> for a Zarr key; keys that could leave the image are refused.</summary>
    private static string KeyPath(string root, string? key, string what)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw new NotFoundException($"{what}: name a key (e.g. zarr.json or .zattrs)");
        }

        var segments = key.Split('/');
        if (segments.Any(s => s.Length == 0 || s is "." or ".." || s.Contains('\\', StringComparison.Ordinal) || s.Contains('\0', StringComparison.Ordinal) || s.EndsWith(".partial", StringComparison.Ordinal)))
        {
            throw new ArgumentException($"{what}: '{key}' is not a Zarr key (empty, '.' or '..' segments and backslashes are refused)");
        }

        var full = Path.GetFullPath(Path.Combine(root, Path.Combine(segments)));
        var prefix = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return full.StartsWith(prefix, StringComparison.Ordinal) ? full : throw new ArgumentException($"{what}: '{key}' leaves the image");
    }

    private static string ContentType(string name) =>
        name is "zarr.json" or ".zarray" or ".zattrs" or ".zgroup" or ".zmetadata" || name.EndsWith(".json", StringComparison.Ordinal)
            ? "application/json"
            : "application/octet-stream";

    private static void AllowCrossOrigin(HttpResponse response)
    {
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlExposeHeaders = "Content-Range, Content-Length, ETag, Accept-Ranges, Last-Modified";
    }
}
