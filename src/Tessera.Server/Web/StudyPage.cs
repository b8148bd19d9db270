using System.Text;
using Microsoft.AspNetCore.Http;
using Tessera.Catalog;
using static Tessera.Server.Web.HtmlPage;

namespace Tessera.Server.Web;

/// <summary>
/// <c>GET /study/project/{id}</c> and <c>/study/screen/{id}</c>: name, description, key-value annotations, datasets
/// or plates, OME-Zarr download links and a schema.org <c>Dataset</c> in JSON-LD for dataset search engines.
/// </summary>
internal static class StudyPage
{
    /// <summary>The licence stated when a study names none (the repository's default).</summary>
    public const string DefaultLicense = "https://creativecommons.org/licenses/by/4.0/";

    // A study page lists at most this many image downloads; the rest are a click away on the dataset pages.
    private const int MaxDownloads = 200;

    public static async Task<IResult> RenderAsync(HttpContext context, RequestCaller caller, TesseraRepository repository, string kind, long id)
    {
        var type = kind switch
        {
            "project" => CatalogObjectType.Project,
            "screen" => CatalogObjectType.Screen,
            _ => throw new NotFoundException($"/study/{kind}: a study is a project or a screen"),
        };
        var token = context.RequestAborted;
        var catalog = repository.Catalog;
        var study = await catalog.GetAsync(caller.Caller, new ObjectRef(type, id), token).ConfigureAwait(false);
        var annotations = await catalog.ListAnnotationsAsync(caller.Caller, study.Ref, null, token).ConfigureAwait(false);
        var pairs = annotations.Where(a => a.Kind == AnnotationKind.Map).SelectMany(a => a.Pairs).ToList();
        var tags = annotations.Where(a => a.Kind == AnnotationKind.Tag && !string.IsNullOrWhiteSpace(a.Text)).Select(a => a.Text!).Distinct().ToList();
        var owner = (await catalog.ListUsersAsync(caller.Caller, token).ConfigureAwait(false)).FirstOrDefault(u => u.Id == study.OwnerId);
        // Anonymous visitors may not list users, but whoever may read a study may know who made it (as in OMERO).
        var ownerName = owner?.FullName ?? owner?.UserName ?? (await catalog.CallerAsync(study.OwnerId, token).ConfigureAwait(false)).UserName;
        var children = await StudyIndex.AllAsync(catalog, caller.Caller, type == CatalogObjectType.Project ? CatalogObjectType.Dataset : CatalogObjectType.Plate, study.Ref, token).ConfigureAwait(false);

        var downloads = new List<(string Name, string Url)>();
        if (type == CatalogObjectType.Project)
        {
            foreach (var dataset in children)
            {
                foreach (var image in await StudyIndex.AllAsync(catalog, caller.Caller, CatalogObjectType.Image, dataset.Ref, token, MaxDownloads - downloads.Count).ConfigureAwait(false))
                {
                    if (downloads.Count < MaxDownloads)
                    {
                        downloads.Add((image.Name, $"/zarr/{image.Ref.Id}/"));
                    }
                }
            }
        }
        else
        {
            downloads.AddRange(children.Select(p => (p.Name, $"/zarr/plates/{p.Ref.Id}/")));
        }

        var root = Root(context.Request);
        var url = $"{root}/study/{kind}/{id}";
        var license = pairs.FirstOrDefault(p => string.Equals(p.Key, "License", StringComparison.OrdinalIgnoreCase) || string.Equals(p.Key, "Licence", StringComparison.OrdinalIgnoreCase)).Value;
        var jsonLd = new Dictionary<string, object?>
        {
            ["@context"] = "https://schema.org",
            ["@type"] = "Dataset",
            ["@id"] = url,
            ["name"] = study.Name,
            ["description"] = string.IsNullOrWhiteSpace(study.Description) ? $"{(type == CatalogObjectType.Project ? "Project" : "Screen")} {study.Name} in the Tessera image repository." : study.Description,
            ["url"] = url,
            ["identifier"] = new[] { $"tessera:{kind}:{id}", url },
            ["license"] = string.IsNullOrWhiteSpace(license) ? DefaultLicense : license,
            ["creator"] = new Dictionary<string, object?> { ["@type"] = "Person", ["name"] = ownerName },
            ["dateCreated"] = study.CreatedAt.ToString("O"),
            ["dateModified"] = study.UpdatedAt.ToString("O"),
            ["keywords"] = tags.Concat(pairs.Where(p => !string.Equals(p.Key, "License", StringComparison.OrdinalIgnoreCase)).Select(p => p.Value)).Where(v => v.Length is > 0 and < 200).Distinct().ToList(),
            ["distribution"] = downloads.Select(d => new Dictionary<string, object?>
            {
                ["@type"] = "DataDownload", ["name"] = d.Name, ["contentUrl"] = root + d.Url, ["encodingFormat"] = "application/vnd.ome.zarr",
            }).ToList(),
            ["includedInDataCatalog"] = new Dictionary<string, object?> { ["@type"] = "DataCatalog", ["name"] = "Tessera", ["url"] = root + "/" },
        };
        var html = new StringBuilder();
        html.Append("<nav class=\"breadcrumbs\" aria-label=\"Breadcrumbs\"><a href=\"/\">Studies</a> › <span>").Append(E(study.Name)).Append("</span></nav>\n");
        html.Append("<h1>").Append(E(study.Name)).Append("</h1>\n<p class=\"study-kind\">").Append(type == CatalogObjectType.Project ? "Project" : "Screen")
            .Append(" · owner ").Append(E(ownerName)).Append(" · updated <time datetime=\"").Append(E(study.UpdatedAt.ToString("O"))).Append("\">")
            .Append(E(study.UpdatedAt.ToString("yyyy-MM-dd"))).Append("</time></p>\n");
        if (!string.IsNullOrWhiteSpace(study.Description))
        {
            html.Append("<p class=\"description\">").Append(E(study.Description)).Append("</p>\n");
        }

        html.Append("<p class=\"license\">Licence: ").Append(string.IsNullOrWhiteSpace(license)
            ? $"<a rel=\"license\" href=\"{DefaultLicense}\">CC BY 4.0</a> (the repository's default: this study states none)"
            : Uri.IsWellFormedUriString(license, UriKind.Absolute) ? $"<a rel=\"license\" href=\"{E(license)}\">{E(license)}</a>" : E(license)).Append("</p>\n");
        if (tags.Count > 0)
        {
            html.Append("<ul class=\"tags\" aria-label=\"Tags\">").Append(string.Concat(tags.Select(t => $"<li class=\"tag\">{E(t)}</li>"))).Append("</ul>\n");
        }

        html.Append("<section aria-labelledby=\"kv-title\"><h2 id=\"kv-title\">Annotations</h2>").Append(KeyValueTable(pairs, $"Key-value annotations of {study.Name}")).Append("</section>\n");
        html.Append("<section aria-labelledby=\"children-title\"><h2 id=\"children-title\">").Append(type == CatalogObjectType.Project ? "Datasets" : "Plates").Append(" (").Append(children.Count).Append(")</h2><ul class=\"children\">");
        foreach (var child in children)
        {
            html.Append(type == CatalogObjectType.Project
                ? $"<li><a class=\"dataset-link\" href=\"/dataset/{child.Ref.Id}\">{E(child.Name)}</a></li>"
                : $"<li><a class=\"plate-link\" href=\"/plate/{child.Ref.Id}\">{E(child.Name)}</a></li>");
        }

        html.Append("</ul></section>\n");
        html.Append("<section aria-labelledby=\"downloads-title\"><h2 id=\"downloads-title\">Download (OME-Zarr)</h2>")
            .Append("<p>Each link is an OME-Zarr group: open it with any OME-Zarr reader (napari, zarr-python, vizarr…).</p><ul class=\"downloads\">");
        foreach (var (name, link) in downloads)
        {
            html.Append("<li><a class=\"download-link\" href=\"").Append(E(link)).Append("\" type=\"application/vnd.ome.zarr\">").Append(E(name)).Append("</a> <code>").Append(E(root + link)).Append("</code></li>");
        }

        html.Append("</ul></section>\n");
        var head = $"<script type=\"application/ld+json\">{Json(jsonLd)}</script>\n<link rel=\"canonical\" href=\"{E(url)}\">\n<meta name=\"description\" content=\"{E(study.Description ?? study.Name)}\">\n";
        return Render(context, caller, study.Name, html.ToString(), head: head);
    }
}
