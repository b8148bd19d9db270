using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Tessera.Catalog;
using static Tessera.Server.Web.HtmlPage;

namespace Tessera.Server.Web;

/// <summary>
/// <c>GET /search?q=…&amp;kv=K=V</c>: hits with links, and facets whose counts are what adding that value would find.
/// <c>q</c> of the form "Key: Value" (what autocomplete fills in) is a key-value filter; any other text searches names
/// and descriptions.
/// </summary>
internal static partial class SearchPage
{
    private const int PageSize = 50;

    public static async Task<IResult> RenderAsync(HttpContext context, RequestCaller caller, TesseraRepository repository)
    {
        var token = context.RequestAborted;
        var request = context.Request;
        var q = request.Query["q"].ToString().Trim();
        var kv = request.Query["kv"].Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => f!).ToList();
        var filters = kv.Select(GalleryPage.ParseFilter).ToList();
        string? text = null;
        if (q.Length > 0)
        {
            if (KeyValueQuery().Match(q) is { Success: true } m)
            {
                filters.Add(new KeyValueFilter(m.Groups["key"].Value.Trim(), m.Groups["value"].Value.Trim().TrimEnd('*'), m.Groups["value"].Value.Trim().EndsWith('*')));
            }
            else
            {
                text = q;
            }
        }

        var offset = long.TryParse(request.Query["offset"], out var o) && o >= 0 ? o : 0;
        var html = new StringBuilder("<h1>Search</h1>\n").Append(GalleryPage.SearchForm(q));
        if (filters.Count == 0 && text is null)
        {
            html.Append("<p>Type a key and a value (“Gene Symbol: CDK5RAP2”) or words from names and descriptions.</p>");
            return Render(context, caller, "Search", html.ToString(), ["/static/search.js"]);
        }

        var query = new CatalogQuery { Filters = filters, Text = text, Offset = offset, Limit = PageSize };
        var result = await repository.Catalog.SearchAsync(caller.Caller, query, token).ConfigureAwait(false);
        var plates = await StudyIndex.PlatesOfWellsAsync(repository, result.Items.Where(h => h.Ref.Type == CatalogObjectType.Well).Select(h => h.Ref.Id).ToList(), token).ConfigureAwait(false);

        html.Append("<p class=\"search-summary\" role=\"status\">").Append(E(result.TotalCount)).Append(result.TotalCountIsLowerBound ? "+" : "")
            .Append(result.TotalCount == 1 ? " result" : " results").Append(" for ")
            .Append(E(string.Join(" and ", filters.Select(f => f.ToString()).Concat(text is null ? [] : [$"“{text}”"])))).Append("</p>\n");
        html.Append("<div class=\"search-layout\"><aside class=\"facets\" aria-labelledby=\"facets-title\"><h2 id=\"facets-title\">Refine</h2>");
        foreach (var key in GalleryPage.CategoryKeys.Concat(filters.Select(f => f.Key)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var facet = await repository.Catalog.FacetAsync(caller.Caller, key, null, 10, token).ConfigureAwait(false);
            if (facet.Values.Count == 0)
            {
                continue;
            }

            html.Append("<div class=\"facet\"><h3>").Append(E(key)).Append("</h3><ul>");
            foreach (var value in facet.Values)
            {
                var filter = new KeyValueFilter(key, value.Value);
                var chosen = filters.Any(f => string.Equals(f.Key, key, StringComparison.OrdinalIgnoreCase) && string.Equals(f.Value, value.Value, StringComparison.OrdinalIgnoreCase) && !f.Prefix);
                var count = chosen ? result.TotalCount : (await repository.Catalog.SearchAsync(caller.Caller, query with { Filters = [.. filters, filter], Offset = 0, Limit = 1 }, token).ConfigureAwait(false)).TotalCount;
                if (count == 0)
                {
                    continue;
                }

                var link = new StringBuilder("/search?");
                if (q.Length > 0)
                {
                    link.Append("q=").Append(U(q)).Append('&');
                }

                foreach (var f in kv.Append(filter.ToString()).Distinct())
                {
                    link.Append("kv=").Append(U(f)).Append('&');
                }

                html.Append("<li><a class=\"facet-value").Append(chosen ? " active\" aria-current=\"true" : "").Append("\" data-key=\"").Append(E(key)).Append("\" data-value=\"").Append(E(value.Value))
                    .Append("\" href=\"").Append(E(link.ToString().TrimEnd('&'))).Append("\">").Append(E(value.Value))
                    .Append(" <span class=\"count\">(").Append(E(count)).Append(")</span></a></li>");
            }

            html.Append("</ul></div>");
        }

        html.Append("</aside><section class=\"results\" aria-labelledby=\"results-title\"><h2 id=\"results-title\" class=\"visually-hidden\">Results</h2><ol class=\"search-hits\" start=\"").Append(offset + 1).Append("\">");
        foreach (var hit in result.Items)
        {
            var href = hit.Ref.Type switch
            {
                CatalogObjectType.Project => $"/study/project/{hit.Ref.Id}",
                CatalogObjectType.Screen => $"/study/screen/{hit.Ref.Id}",
                CatalogObjectType.Dataset => $"/dataset/{hit.Ref.Id}",
                CatalogObjectType.Image => $"/viewer/{hit.Ref.Id}",
                CatalogObjectType.Plate => $"/plate/{hit.Ref.Id}",
                CatalogObjectType.Well when plates.TryGetValue(hit.Ref.Id, out var plate) => $"/plate/{plate}",
                _ => $"/api/v1/{CatalogObjectTypes.Name(hit.Ref.Type)}s/{hit.Ref.Id}",
            };
            html.Append("<li class=\"search-hit\" data-type=\"").Append(E(CatalogObjectTypes.Name(hit.Ref.Type))).Append("\" data-id=\"").Append(hit.Ref.Id).Append("\">")
                .Append("<span class=\"hit-type\">").Append(E(CatalogObjectTypes.Name(hit.Ref.Type))).Append("</span> ");
            if (hit.Ref.Type == CatalogObjectType.Image)
            {
                html.Append("<img src=\"/thumbnail/").Append(hit.Ref.Id).Append("?size=64\" width=\"64\" height=\"64\" loading=\"lazy\" alt=\"").Append(E($"Thumbnail of {hit.Name}")).Append("\"> ");
            }

            html.Append("<a href=\"").Append(E(href)).Append("\">").Append(E(hit.Name)).Append("</a></li>");
        }

        html.Append("</ol>");
        html.Append(Paging(request, offset, result.Items.Count, result.TotalCount));
        html.Append("</section></div>");
        return Render(context, caller, $"Search: {q}", html.ToString(), ["/static/search.js"]);
    }

    private static string Paging(HttpRequest request, long offset, int shown, long total)
    {
        var html = new StringBuilder("<nav class=\"paging\" aria-label=\"Result pages\">");
        string Link(long to)
        {
            var query = request.Query.Where(p => p.Key != "offset").SelectMany(p => p.Value.Select(v => $"{U(p.Key)}={U(v ?? "")}")).Append($"offset={to}");
            return E("/search?" + string.Join('&', query));
        }

        if (offset > 0)
        {
            html.Append("<a rel=\"prev\" href=\"").Append(Link(Math.Max(0, offset - PageSize))).Append("\">Previous</a> ");
        }

        if (offset + shown < total)
        {
            html.Append("<a rel=\"next\" href=\"").Append(Link(offset + PageSize)).Append("\">Next</a>");
        }

        return html.Append("</nav>").ToString();
    }

    [GeneratedRegex(@"^(?<key>[^:=]+?)\s*[:=]\s*(?<value>.+)$")]
    private static partial Regex KeyValueQuery();
}
