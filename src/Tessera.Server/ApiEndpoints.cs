using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Catalog;

namespace Tessera.Server;

/// <summary>
/// The JSON API under <c>/api/v1</c>: containers, images, plates with their wells × fields grid, annotations, tags,
/// ROIs as GeoJSON, search with facets and autocomplete, users and groups. Lists are
/// <c>{data, meta: {offset, limit, totalCount}}</c>; writes go through the catalogue, which checks the caller's rights.
/// </summary>
public static class ApiEndpoints
{
    /// <summary>A new container.</summary>
    public sealed record CreateRequest(string? Name, string? Description, long? GroupId);

    /// <summary>New name and/or description (null leaves a field as it is).</summary>
    public sealed record UpdateRequest(string? Name, string? Description);

    /// <summary>A parent–child link, e.g. <c>project:1</c> and <c>dataset:2</c>; <c>From</c> is the parent to leave when moving.</summary>
    public sealed record LinkRequest(string? Parent, string? Child, string? From);

    /// <summary>An annotation to add: <c>map</c> with pairs, <c>tag</c> with a tag, or <c>comment</c> with text.</summary>
    public sealed record AnnotationRequest(string? Kind, List<List<string>>? Pairs, string? Namespace, string? Tag, string? Text);

    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Catalogue");

        api.MapGet("/{collection}", async (HttpContext context, string collection, TesseraRepository repository) =>
        {
            var type = Collection(collection);
            var caller = await RequestCaller.OfAsync(context).ConfigureAwait(false);
            var (offset, limit) = Paging(context.Request);
            var page = await repository.Catalog.ListAsync(caller.Caller, type, null, OptionalLong(context.Request, "group"), OptionalLong(context.Request, "owner"), offset, limit, context.RequestAborted).ConfigureAwait(false);
            return Page(page.Items.Select(Describe), page.Offset, page.Limit, page.TotalCount);
        }).WithSummary("List projects, datasets, images, screens or plates the caller may read (?offset&limit&group&owner)");

        api.MapGet("/{collection}/{id:long}", async (HttpContext context, string collection, long id, TesseraRepository repository) =>
        {
            var type = Collection(collection);
            var caller = (await RequestCaller.OfAsync(context).ConfigureAwait(false)).Caller;
            var catalog = repository.Catalog;
            var token = context.RequestAborted;
            return type switch
            {
                CatalogObjectType.Image => Results.Ok(DescribeImage(await catalog.GetImageAsync(caller, id, token).ConfigureAwait(false))),
                CatalogObjectType.Plate => Results.Ok(DescribePlate(await catalog.GetPlateAsync(caller, id, token).ConfigureAwait(false))),
                _ => Results.Ok(Describe(await catalog.GetAsync(caller, new ObjectRef(type, id), token).ConfigureAwait(false))),
            };
        }).WithSummary("One object; images with sizes, channels and pixel sizes; plates with the wells × fields grid");

        api.MapGet("/{collection}/{id:long}/{children}", async (HttpContext context, string collection, long id, string children, TesseraRepository repository) =>
        {
            var parent = new ObjectRef(Collection(collection), id);
            var caller = (await RequestCaller.OfAsync(context).ConfigureAwait(false)).Caller;
            var catalog = repository.Catalog;
            var token = context.RequestAborted;
            switch (children)
            {
                case "annotations":
                    var kind = context.Request.Query["kind"].ToString() is { Length: > 0 } k ? Enum.Parse<AnnotationKind>(k, ignoreCase: true) : (AnnotationKind?)null;
                    var annotations = await catalog.ListAnnotationsAsync(caller, parent, kind, token).ConfigureAwait(false);
                    return Page(annotations.Select(Describe), 0, annotations.Count, annotations.Count);
                case "rois" when parent.Type == CatalogObjectType.Image:
                    return Results.Text(await catalog.GetRoisAsync(caller, id, token).ConfigureAwait(false), "application/geo+json");
                case "rendering" when parent.Type == CatalogObjectType.Image:
                    return Results.Text(await catalog.GetRenderingSettingsAsync(caller, id, token).ConfigureAwait(false), "application/json");
                default:
                    var (offset, limit) = Paging(context.Request);
                    var page = await catalog.ListAsync(caller, Collection(children), parent, null, null, offset, limit, token).ConfigureAwait(false);
                    return Page(page.Items.Select(Describe), page.Offset, page.Limit, page.TotalCount);
            }
        }).WithSummary("Children (datasets of a project, images of a dataset or well, plates of a screen, wells of a plate), annotations, ROIs (GeoJSON) or rendering settings");

        api.MapGet("/search", async (HttpContext context, TesseraRepository repository) =>
        {
            var caller = (await RequestCaller.OfAsync(context).ConfigureAwait(false)).Caller;
            var request = context.Request;
            var (offset, limit) = Paging(request);
            var filters = request.Query["kv"].Select(f => Parameter("kv", () => KeyValueFilter.Parse(f ?? ""))).ToList();
            var query = new CatalogQuery
            {
                Filters = filters,
                Text = request.Query["text"].ToString() is { Length: > 0 } t ? t : null,
                Type = request.Query["type"].ToString() is { Length: > 0 } type ? Parameter("type", () => CatalogObjectTypes.Parse(type)) : null,
                Offset = offset,
                Limit = limit,
            };
            if (query.Filters.Count == 0 && query.Text is null)
            {
                throw new ArgumentException("search: give at least one kv=Key=Value filter or text");
            }

            var result = await repository.Catalog.SearchAsync(caller, query, context.RequestAborted).ConfigureAwait(false);
            var facets = new List<object>();
            foreach (var key in request.Query["facet"])
            {
                var facet = await repository.Catalog.FacetAsync(caller, key ?? "", query.Type, 20, context.RequestAborted).ConfigureAwait(false);
                facets.Add(DescribeFacet(facet));
            }

            return Results.Ok(new
            {
                data = result.Items.Select(h => new { id = h.Ref.Id, type = CatalogObjectTypes.Name(h.Ref.Type), name = h.Name, ownerId = h.OwnerId, groupId = h.GroupId }),
                meta = new { offset = result.Offset, limit = result.Limit, totalCount = result.TotalCount, totalCountIsLowerBound = result.TotalCountIsLowerBound },
                facets,
            });
        }).WithTags("Search").WithSummary("Search by key=value filters (kv=Gene Symbol=CDK5RAP2, kv=Organism=Homo*) and words (text); facet=KEY adds value counts");

        api.MapGet("/search/facets/{key}", async (HttpContext context, string key, TesseraRepository repository) =>
        {
            var caller = (await RequestCaller.OfAsync(context).ConfigureAwait(false)).Caller;
            var type = context.Request.Query["type"].ToString() is { Length: > 0 } t ? Parameter("type", () => CatalogObjectTypes.Parse(t)) : (CatalogObjectType?)null;
            var (_, limit) = Paging(context.Request, 20);
            return Results.Ok(DescribeFacet(await repository.Catalog.FacetAsync(caller, key, type, limit, context.RequestAborted).ConfigureAwait(false)));
        }).WithTags("Search").WithSummary("The most frequent values of a key among what the caller may read");

        api.MapGet("/search/keys", async (HttpContext context, TesseraRepository repository) =>
        {
            var caller = (await RequestCaller.OfAsync(context).ConfigureAwait(false)).Caller;
            var (_, limit) = Paging(context.Request, 10);
            var keys = await repository.Catalog.SuggestKeysAsync(caller, context.Request.Query["prefix"].ToString(), limit, context.RequestAborted).ConfigureAwait(false);
            return Results.Ok(new { data = keys.Select(v => new { key = v.Value, count = v.Count }) });
        }).WithTags("Search").WithSummary("Key autocomplete (?prefix)");

        api.MapGet("/search/values", async (HttpContext context, TesseraRepository repository) =>
        {
            var caller = (await RequestCaller.OfAsync(context).ConfigureAwait(false)).Caller;
            var (_, limit) = Paging(context.Request, 10);
            var key = context.Request.Query["key"].ToString();
            var values = await repository.Catalog.SuggestValuesAsync(caller, key, context.Request.Query["prefix"].ToString(), limit, context.RequestAborted).ConfigureAwait(false);
            return Results.Ok(new { data = values.Select(v => new { value = v.Value, count = v.Count }) });
        }).WithTags("Search").WithSummary("Value autocomplete for a key (?key&prefix)");

        api.MapGet("/tags", async (HttpContext context, TesseraRepository repository) =>
        {
            var caller = (await RequestCaller.OfAsync(context).ConfigureAwait(false)).Caller;
            var (_, limit) = Paging(context.Request, 20);
            var tags = await repository.Catalog.SuggestTagsAsync(caller, context.Request.Query["prefix"].ToString(), limit, context.RequestAborted).ConfigureAwait(false);
            var sets = await repository.Catalog.ListTagSetsAsync(caller, context.RequestAborted).ConfigureAwait(false);
            return Results.Ok(new { data = tags, tagSets = sets });
        }).WithTags("Annotations").WithSummary("Tags the caller may read (?prefix) and tag sets");

        api.MapGet("/users", async (HttpContext context, TesseraRepository repository) =>
        {
            var caller = (await RequestCaller.OfAsync(context).ConfigureAwait(false)).Caller;
            var users = await repository.Catalog.ListUsersAsync(caller, context.RequestAborted).ConfigureAwait(false);
            return Page(users.Select(AuthEndpoints.Describe), 0, users.Count, users.Count);
        }).WithTags("Accounts").WithSummary("Users the caller may see");

        api.MapGet("/groups", async (HttpContext context, TesseraRepository repository) =>
        {
            var caller = (await RequestCaller.OfAsync(context).ConfigureAwait(false)).Caller;
            var groups = await repository.Catalog.ListGroupsAsync(caller, context.RequestAborted).ConfigureAwait(false);
            return Page(groups.Select(Describe), 0, groups.Count, groups.Count);
        }).WithTags("Accounts").WithSummary("Groups the caller may see, with permission level and public flag");

        MapWrites(api);
    }

    private static void MapWrites(RouteGroupBuilder api)
    {
        api.MapPost("/{collection}", async (HttpContext context, string collection, CreateRequest request, TesseraRepository repository, TesseraServerOptions options) =>
        {
            var caller = await WriterAsync(context, options).ConfigureAwait(false);
            var type = Collection(collection);
            var name = Required(request.Name, "name");
            var group = request.GroupId ?? caller.Groups.Where(g => g.IsMember).Select(g => g.GroupId).Order().FirstOrDefault();
            var catalog = repository.Catalog;
            var token = context.RequestAborted;
            var created = type switch
            {
                CatalogObjectType.Project => await catalog.CreateProjectAsync(caller, group, name, request.Description, token).ConfigureAwait(false),
                CatalogObjectType.Dataset => await catalog.CreateDatasetAsync(caller, group, name, request.Description, token).ConfigureAwait(false),
                CatalogObjectType.Screen => await catalog.CreateScreenAsync(caller, group, name, request.Description, token).ConfigureAwait(false),
                _ => throw new ArgumentException($"{collection}: only projects, datasets and screens are created here (images and plates come by import)"),
            };
            return Results.Created($"/api/v1/{collection}/{created.Ref.Id}", Describe(created));
        }).WithTags("Catalogue").WithSummary("Create a project, dataset or screen (name, description, groupId)");

        api.MapMethods("/{collection}/{id:long}", ["PATCH"], async (HttpContext context, string collection, long id, UpdateRequest request, TesseraRepository repository, TesseraServerOptions options) =>
        {
            var caller = await WriterAsync(context, options).ConfigureAwait(false);
            var updated = await repository.Catalog.UpdateAsync(caller, new ObjectRef(Collection(collection), id), request.Name, request.Description, context.RequestAborted).ConfigureAwait(false);
            return Results.Ok(Describe(updated));
        }).WithTags("Catalogue").WithSummary("Rename or re-describe");

        api.MapDelete("/{collection}/{id:long}", async (HttpContext context, string collection, long id, TesseraRepository repository, TesseraServerOptions options, ResponseMemo memo) =>
        {
            var caller = await WriterAsync(context, options).ConfigureAwait(false);
            await repository.Catalog.DeleteAsync(caller, new ObjectRef(Collection(collection), id), context.RequestAborted).ConfigureAwait(false);
            memo.Clear();
            return Results.NoContent();
        }).WithTags("Catalogue").WithSummary("Delete an object the caller may delete");

        api.MapPost("/links", async (HttpContext context, LinkRequest request, TesseraRepository repository, TesseraServerOptions options) =>
        {
            var caller = await WriterAsync(context, options).ConfigureAwait(false);
            var parent = Parameter("parent", () => ObjectRef.Parse(Required(request.Parent, "parent")));
            var child = Parameter("child", () => ObjectRef.Parse(Required(request.Child, "child")));
            if (request.From is { } from)
            {
                // A move: leave the old parent, join the new one (each checked; the link is made first so nothing is orphaned).
                var old = Parameter("from", () => ObjectRef.Parse(from));
                await repository.Catalog.LinkAsync(caller, parent, child, context.RequestAborted).ConfigureAwait(false);
                await repository.Catalog.UnlinkAsync(caller, old, child, context.RequestAborted).ConfigureAwait(false);
            }
            else
            {
                await repository.Catalog.LinkAsync(caller, parent, child, context.RequestAborted).ConfigureAwait(false);
            }

            return Results.NoContent();
        }).WithTags("Catalogue").WithSummary("Link a child to a parent (project:1 ⟶ dataset:2); with from, move it");

        api.MapDelete("/links", async (HttpContext context, string? parent, string? child, TesseraRepository repository, TesseraServerOptions options) =>
        {
            var caller = await WriterAsync(context, options).ConfigureAwait(false);
            await repository.Catalog.UnlinkAsync(caller, Parameter("parent", () => ObjectRef.Parse(Required(parent, "parent"))), Parameter("child", () => ObjectRef.Parse(Required(child, "child"))), context.RequestAborted).ConfigureAwait(false);
            return Results.NoContent();
        }).WithTags("Catalogue").WithSummary("Unlink (?parent&child)");

        api.MapPost("/{collection}/{id:long}/annotations", async (HttpContext context, string collection, long id, AnnotationRequest request, TesseraRepository repository, TesseraServerOptions options) =>
        {
            var caller = await WriterAsync(context, options).ConfigureAwait(false);
            var target = new ObjectRef(Collection(collection), id);
            var catalog = repository.Catalog;
            var token = context.RequestAborted;
            var annotationId = request.Kind switch
            {
                "map" => await catalog.AddMapAnnotationAsync(caller, target, Pairs(request.Pairs), request.Namespace ?? Catalog.Catalog.ClientMapNamespace, token).ConfigureAwait(false),
                "tag" => await catalog.AddTagAsync(caller, target, Required(request.Tag, "tag"), null, token).ConfigureAwait(false),
                "comment" => await catalog.AddCommentAsync(caller, target, Required(request.Text, "text"), token).ConfigureAwait(false),
                _ => throw new ArgumentException("kind: map, tag or comment"),
            };
            return Results.Created($"/api/v1/{collection}/{id}/annotations", new { id = annotationId });
        }).WithTags("Annotations").WithSummary("Annotate: {kind: map, pairs: [[key, value], …]} | {kind: tag, tag} | {kind: comment, text}");

        api.MapDelete("/{collection}/{id:long}/annotations/{annotationId:long}", async (HttpContext context, string collection, long id, long annotationId, TesseraRepository repository, TesseraServerOptions options) =>
        {
            var caller = await WriterAsync(context, options).ConfigureAwait(false);
            await repository.Catalog.RemoveAnnotationAsync(caller, new ObjectRef(Collection(collection), id), annotationId, context.RequestAborted).ConfigureAwait(false);
            return Results.NoContent();
        }).WithTags("Annotations").WithSummary("Remove an annotation from an object");

        api.MapPost("/images/{id:long}/rois", async (HttpContext context, long id, TesseraRepository repository, TesseraServerOptions options) =>
        {
            var caller = await WriterAsync(context, options).ConfigureAwait(false);
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
            var roi = await repository.Catalog.AddRoiAsync(caller, id, body, context.RequestAborted).ConfigureAwait(false);
            return Results.Created($"/api/v1/images/{id}/rois", new { id = roi });
        }).WithTags("Annotations").WithSummary("Add an ROI from GeoJSON (a Feature or FeatureCollection)");

        api.MapPut("/images/{id:long}/rendering", async (HttpContext context, long id, bool? asDefault, TesseraRepository repository, TesseraServerOptions options, ThumbnailCache cache, ResponseMemo memo) =>
        {
            var caller = await WriterAsync(context, options).ConfigureAwait(false);
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
            await repository.Catalog.SaveRenderingSettingsAsync(caller, id, body, asDefault ?? false, context.RequestAborted).ConfigureAwait(false);
            cache.Invalidate(id);
            memo.Forget(id);
            return Results.NoContent();
        }).WithTags("Rendering").WithSummary("Save rendering settings: the caller's own, or with ?asDefault=true the image's");
    }

    internal static object Describe(ExperimenterGroup group) => new { id = group.Id, name = group.Name, description = group.Description, permissions = GroupPermissionsText.Format(group.Permissions), isPublic = group.IsPublic };

    private static async Task<CatalogCaller> WriterAsync(HttpContext context, TesseraServerOptions options)
    {
        var caller = await RequestCaller.OfAsync(context).ConfigureAwait(false);
        caller.RequireWrite(context, options);
        return caller.Caller;
    }

    private static object Describe(CatalogObject o) => new
    {
        id = o.Ref.Id, type = CatalogObjectTypes.Name(o.Ref.Type), name = o.Name, description = o.Description, ownerId = o.OwnerId, groupId = o.GroupId, createdAt = o.CreatedAt, updatedAt = o.UpdatedAt,
    };

    private static object Describe(AnnotationRecord a) => new
    {
        id = a.Id, kind = a.Kind.ToString().ToLowerInvariant(), ns = a.Namespace, text = a.Text, pairs = a.Pairs.Select(p => new[] { p.Key, p.Value }),
        fileName = a.FilePath is null ? null : Path.GetFileName(a.FilePath), fileSize = a.FileSize, ownerId = a.OwnerId, createdAt = a.CreatedAt,
    };

    private static object DescribeImage(ImageRecord i) => new
    {
        id = i.Id, type = "image", name = i.Name, description = i.Description, ownerId = i.OwnerId, groupId = i.GroupId,
        sizeX = i.SizeX, sizeY = i.SizeY, sizeZ = i.SizeZ, sizeC = i.SizeC, sizeT = i.SizeT, pixelType = i.PixelType,
        physicalSizeX = i.PhysicalSizeX, physicalSizeY = i.PhysicalSizeY, physicalSizeZ = i.PhysicalSizeZ, physicalUnit = i.PhysicalUnit,
        levels = i.Levels, channels = i.Channels.Select(c => new { label = c.Label, color = c.Color, windowStart = c.WindowStart, windowEnd = c.WindowEnd, active = c.Active }),
        originalFiles = i.OriginalFiles, acquiredAt = i.AcquiredAt, importedAt = i.ImportedAt,
        zarr = $"/zarr/{i.Id}/", thumbnail = $"/thumbnail/{i.Id}",
    };

    private static object DescribePlate(PlateRecord p) => new
    {
        id = p.Id, type = "plate", name = p.Name, description = p.Description, ownerId = p.OwnerId, groupId = p.GroupId,
        rows = p.RowNames, columns = p.ColumnNames, fieldCount = p.FieldCount, importedAt = p.ImportedAt,
        acquisitions = p.Acquisitions.Select(a => new { id = a.Id, name = a.Name, maximumFieldCount = a.MaximumFieldCount, startedAt = a.StartedAt, endedAt = a.EndedAt }),
        wells = p.Wells.Select(w => new
        {
            id = w.Id, row = w.RowIndex, column = w.ColumnIndex, name = w.Name,
            fields = w.Samples.Select(s => new { field = s.FieldIndex, imageId = s.ImageId, acquisitionId = s.AcquisitionId }),
        }),
        zarr = $"/zarr/plates/{p.Id}/",
    };

    private static object DescribeFacet(Facet facet) => new { key = facet.Key, values = facet.Values.Select(v => new { value = v.Value, count = v.Count }), distinctValues = facet.DistinctValues };

    private static IResult Page<T>(IEnumerable<T> items, long offset, int limit, long total) =>
        Results.Ok(new { data = items, meta = new { offset, limit, totalCount = total } });

    private static CatalogObjectType Collection(string name) => name switch
    {
        "projects" => CatalogObjectType.Project,
        "datasets" => CatalogObjectType.Dataset,
        "images" => CatalogObjectType.Image,
        "screens" => CatalogObjectType.Screen,
        "plates" => CatalogObjectType.Plate,
        "wells" => CatalogObjectType.Well,
        "rois" => CatalogObjectType.Roi,
        _ => throw new NotFoundException($"/api/v1/{name}: no such collection (projects, datasets, images, screens, plates, wells, rois)"),
    };

    private static (long Offset, int Limit) Paging(HttpRequest request, int defaultLimit = 50)
    {
        var offset = OptionalLong(request, "offset") ?? 0;
        var limit = OptionalLong(request, "limit") ?? defaultLimit;
        if (offset < 0)
        {
            throw new ArgumentException("offset: must be 0 or more");
        }

        return limit is < 1 or > Catalog.Catalog.MaxPageSize
            ? throw new ArgumentException($"limit: must be 1 to {Catalog.Catalog.MaxPageSize}")
            : (offset, (int)limit);
    }

    private static long? OptionalLong(HttpRequest request, string name)
    {
        var text = request.Query[name].ToString();
        return text.Length == 0 ? null
            : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value
            : throw new ArgumentException($"{name}: '{Shorten(text)}' is not a whole number");
    }

    private static T Parameter<T>(string name, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or CatalogException)
        {
            throw new ArgumentException($"{name}: {e.Message}", e);
        }
    }

    private static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{name}: required") : value;

    private static List<KeyValuePair<string, string>> Pairs(List<List<string>>? pairs)
    {
        if (pairs is null || pairs.Count == 0)
        {
            throw new ArgumentException("pairs: a map annotation needs at least one [key, value] pair");
        }

        return pairs.Select((p, i) => p is [var key, var value] && !string.IsNullOrWhiteSpace(key)
            ? new KeyValuePair<string, string>(key, value ?? "")
            : throw new ArgumentException($"pairs[{i}]: must be [key, value] with a non-empty key")).ToList();
    }

    internal static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
