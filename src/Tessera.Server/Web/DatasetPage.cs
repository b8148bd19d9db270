using System.Text;
using Microsoft.AspNetCore.Http;
using Tessera.Catalog;
using static Tessera.Server.Web.HtmlPage;

namespace Tessera.Server.Web;

/// <summary><c>GET /dataset/{id}?offset&amp;limit</c>: a grid of image thumbnails, each opening the viewer, with paging links.</summary>
internal static class DatasetPage
{
    private const int DefaultLimit = 48;

    public static async Task<IResult> RenderAsync(HttpContext context, RequestCaller caller, TesseraRepository repository, long id)
    {
        var token = context.RequestAborted;
        var catalog = repository.Catalog;
        var query = context.Request.Query;
        var offset = query["offset"].ToString() is { Length: > 0 } o ? long.TryParse(o, out var off) && off >= 0 ? off : throw new ArgumentException($"offset: '{o}' is not a whole number of 0 or more") : 0;
        var limit = query["limit"].ToString() is { Length: > 0 } l ? int.TryParse(l, out var lim) && lim is > 0 and <= 500 ? lim : throw new ArgumentException($"limit: '{l}' is not 1 to 500") : DefaultLimit;
        var dataset = await catalog.GetAsync(caller.Caller, new ObjectRef(CatalogObjectType.Dataset, id), token).ConfigureAwait(false);
        var page = await catalog.ListAsync(caller.Caller, CatalogObjectType.Image, dataset.Ref, offset: offset, limit: limit, cancellationToken: token).ConfigureAwait(false);
        var annotations = await catalog.ListAnnotationsAsync(caller.Caller, dataset.Ref, AnnotationKind.Map, token).ConfigureAwait(false);

        var html = new StringBuilder();
        html.Append("<nav class=\"breadcrumbs\" aria-label=\"Breadcrumbs\"><a href=\"/\">Studies</a> › <span>").Append(E(dataset.Name)).Append("</span></nav>\n");
        html.Append("<h1>").Append(E(dataset.Name)).Append("</h1>\n");
        if (!string.IsNullOrWhiteSpace(dataset.Description))
        {
            html.Append("<p class=\"description\">").Append(E(dataset.Description)).Append("</p>\n");
        }

        if (annotations.Count > 0)
        {
            html.Append(KeyValueTable(annotations.SelectMany(a => a.Pairs), $"Key-value annotations of {dataset.Name}"));
        }

        var last = Math.Min(page.TotalCount, offset + page.Items.Count);
        html.Append("<p class=\"image-count\">").Append(page.TotalCount == 0 ? "No images" : $"Images {offset + 1}–{last} of {page.TotalCount}").Append("</p>\n<div class=\"image-grid\">");
        foreach (var image in page.Items)
        {
            html.Append("<a class=\"image-card\" href=\"/viewer/").Append(image.Ref.Id).Append("\" data-image-id=\"").Append(image.Ref.Id).Append("\"><img alt=\"")
                .Append(E($"Thumbnail of {image.Name}")).Append("\" src=\"/thumbnail/").Append(image.Ref.Id).Append("?size=192\" width=\"192\" height=\"192\" loading=\"lazy\"><span class=\"image-name\">")
                .Append(E(image.Name)).Append("</span></a>\n");
        }

        html.Append("</div>\n<nav class=\"paging\" aria-label=\"Image pages\">");
        if (offset > 0)
        {
            html.Append("<a rel=\"prev\" href=\"/dataset/").Append(id).Append("?offset=").Append(Math.Max(0, offset - limit)).Append("&amp;limit=").Append(limit).Append("\">Previous</a> ");
        }

        if (offset + page.Items.Count < page.TotalCount)
        {
            html.Append("<a rel=\"next\" href=\"/dataset/").Append(id).Append("?offset=").Append(offset + limit).Append("&amp;limit=").Append(limit).Append("\">Next</a>");
        }

        html.Append("</nav>");
        return Render(context, caller, dataset.Name, html.ToString());
    }
}
