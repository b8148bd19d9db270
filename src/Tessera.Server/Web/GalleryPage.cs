using System.Text;
using Microsoft.AspNetCore.Http;
using Tessera.Catalog;
using static Tessera.Server.Web.HtmlPage;

namespace Tessera.Server.Web;

/// <summary><c>GET /</c>: a card per study the caller may read, category filters from facets, and the search box.</summary>
internal static class GalleryPage
{
    /// <summary>The keys offered as category filters when they have values.</summary>
    public static readonly string[] CategoryKeys = ["Organism", "Study Type", "Imaging Method", "Phenotype"];

    public static async Task<IResult> RenderAsync(HttpContext context, RequestCaller caller, TesseraRepository repository)
    {
        var token = context.RequestAborted;
        var filters = context.Request.Query["kv"].Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => ParseFilter(f!)).ToList();
        var studies = await StudyIndex.StudiesAsync(repository, caller.Caller, token).ConfigureAwait(false);
        if (filters.Count > 0)
        {
            var matching = await StudyIndex.MatchingStudiesAsync(repository, caller.Caller, filters, token).ConfigureAwait(false);
            studies = studies.Where(s => matching.Contains(s.Study.Ref)).ToList();
        }

        var html = new StringBuilder();
        html.Append("<h1>Studies</h1>\n").Append(SearchForm(""));
        html.Append("<section class=\"filters\" aria-labelledby=\"filters-title\"><h2 id=\"filters-title\">Browse by category</h2>");
        foreach (var key in CategoryKeys)
        {
            var facet = await repository.Catalog.FacetAsync(caller.Caller, key, null, 12, token).ConfigureAwait(false);
            if (facet.Values.Count == 0)
            {
                continue;
            }

            html.Append("<div class=\"filter-group\"><h3>").Append(E(key)).Append("</h3><ul>");
            foreach (var value in facet.Values)
            {
                var active = filters.Any(f => string.Equals(f.Key, key, StringComparison.OrdinalIgnoreCase) && string.Equals(f.Value, value.Value, StringComparison.OrdinalIgnoreCase) && !f.Prefix);
                html.Append("<li><a class=\"kv-filter").Append(active ? " active\" aria-current=\"true" : "").Append("\" data-key=\"").Append(E(key)).Append("\" data-value=\"").Append(E(value.Value))
                    .Append("\" href=\"/?kv=").Append(E(U($"{key}={value.Value}"))).Append("\">").Append(E(value.Value)).Append(" (").Append(E(value.Count)).Append(")</a></li>");
            }

            html.Append("</ul></div>");
        }

        html.Append("</section>\n");
        if (filters.Count > 0)
        {
            html.Append("<p class=\"active-filters\">Showing studies with ").Append(E(string.Join(" and ", filters.Select(f => f.ToString()))))
                .Append(" · <a href=\"/\">show all</a></p>\n");
        }

        html.Append("<section aria-labelledby=\"studies-title\"><h2 id=\"studies-title\" class=\"visually-hidden\">").Append(studies.Count).Append(" studies</h2>");
        if (studies.Count == 0)
        {
            html.Append("<p class=\"empty\">No studies to show.</p>");
        }

        html.Append("<div class=\"study-grid\">");
        foreach (var study in studies)
        {
            html.Append(Card(study));
        }

        html.Append("</div></section>");
        return Render(context, caller, "Studies", html.ToString(), ["/static/search.js"]);
    }

    /// <summary>The search box with its suggestion list (autocomplete is search.js).</summary>
    public static string SearchForm(string query) =>
        "<form id=\"search-form\" class=\"search-form\" action=\"/search\" method=\"get\" role=\"search\">"
        + "<label for=\"search\">Search</label><div class=\"search-box\">"
        + $"<input id=\"search\" name=\"q\" type=\"search\" autocomplete=\"off\" value=\"{E(query)}\" placeholder=\"Gene Symbol: CDK5RAP2, or words\" "
        + "role=\"combobox\" aria-autocomplete=\"list\" aria-expanded=\"false\" aria-controls=\"suggestions\">"
        + "<ul id=\"suggestions\" role=\"listbox\" aria-label=\"Suggestions\" hidden></ul></div>"
        + "<button type=\"submit\">Search</button></form>\n";

    /// <summary>Parses a <c>kv</c> parameter, naming it in the error.</summary>
    public static KeyValueFilter ParseFilter(string text)
    {
        try
        {
            return KeyValueFilter.Parse(text);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"kv: {e.Message}", e);
        }
    }

    private static string Card(StudySummary study)
    {
        var isProject = study.Study.Ref.Type == CatalogObjectType.Project;
        var kind = isProject ? "project" : "screen";
        var href = $"/study/{kind}/{study.Study.Ref.Id}";
        var counts = isProject
            ? $"{study.Children} {(study.Children == 1 ? "dataset" : "datasets")} · {study.Grandchildren} {(study.Grandchildren == 1 ? "image" : "images")}"
            : $"{study.Children} {(study.Children == 1 ? "plate" : "plates")} · {study.Grandchildren} {(study.Grandchildren == 1 ? "well" : "wells")}";
        var html = new StringBuilder("<article class=\"study-card\" data-type=\"").Append(kind).Append("\" data-id=\"").Append(study.Study.Ref.Id).Append("\">");
        html.Append("<a class=\"study-link\" href=\"").Append(E(href)).Append("\">");
        if (study.FirstImageId is { } image)
        {
            html.Append("<img src=\"/thumbnail/").Append(image).Append("?size=192\" width=\"192\" height=\"192\" loading=\"lazy\" alt=\"")
                .Append(E($"Representative image of {study.Study.Name}")).Append("\">");
        }
        else
        {
            html.Append("<span class=\"no-thumbnail\" aria-hidden=\"true\"></span>");
        }

        html.Append("<h3 class=\"study-name\">").Append(E(study.Study.Name)).Append("</h3></a>");
        html.Append("<p class=\"study-kind\">").Append(isProject ? "Project" : "Screen").Append("</p>");
        html.Append("<p class=\"study-counts\">").Append(E(counts)).Append("</p>");
        if (!string.IsNullOrWhiteSpace(study.Study.Description))
        {
            var text = study.Study.Description.Length > 200 ? study.Study.Description[..200] + "…" : study.Study.Description;
            html.Append("<p class=\"study-description\">").Append(E(text)).Append("</p>");
        }

        return html.Append("</article>\n").ToString();
    }
}
