using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Tessera.Catalog;
using static Tessera.Server.Web.HtmlPage;

namespace Tessera.Server.Web;

/// <summary>
/// <c>GET /viewer/{id}</c>: OpenSeadragon over rendered tiles (viewer.js), rendering controls, ROI overlay, scale bar
/// and the image's key-value annotations. The page holds the frame; the controls are built from
/// <c>/api/v1/images/{id}/viewer</c>, which carries the caller's rendering settings and rights.
/// </summary>
internal static class ViewerPage
{
    public static async Task<IResult> RenderAsync(HttpContext context, RequestCaller caller, TesseraRepository repository, long id)
    {
        var token = context.RequestAborted;
        var image = await repository.Catalog.GetImageAsync(caller.Caller, id, token).ConfigureAwait(false);
        var annotations = await repository.Catalog.ListAnnotationsAsync(caller.Caller, new ObjectRef(CatalogObjectType.Image, id), null, token).ConfigureAwait(false);
        var tags = annotations.Where(a => a.Kind == AnnotationKind.Tag && !string.IsNullOrWhiteSpace(a.Text)).Select(a => a.Text!).Distinct().ToList();

        var html = new StringBuilder();
        html.Append("<nav class=\"breadcrumbs\" aria-label=\"Breadcrumbs\"><a href=\"/\">Studies</a> › <span>").Append(E(image.Name)).Append("</span></nav>\n");
        html.Append("<h1>").Append(E(image.Name)).Append("</h1>\n");
        html.Append("<div class=\"viewer-layout\" data-image-id=\"").Append(id).Append("\">\n");
        html.Append("<div class=\"viewer-stage\"><div id=\"viewer\" role=\"img\" aria-label=\"").Append(E($"Zoomable view of {image.Name}")).Append("\"></div>")
            .Append("<svg id=\"roi-overlay\" class=\"roi-overlay\" aria-hidden=\"true\" preserveAspectRatio=\"none\" hidden></svg>")
            .Append("<div id=\"scale-bar\" class=\"scale-bar\" aria-live=\"off\"><span class=\"scale-bar-line\"></span><span class=\"scale-bar-label\"></span></div></div>\n");
        html.Append("<aside class=\"viewer-panel\" aria-label=\"Rendering and metadata\">");
        html.Append("<form id=\"viewer-controls\" class=\"viewer-controls\" onsubmit=\"return false\">")
            .Append("<fieldset id=\"channels\"><legend>Channels</legend></fieldset>")
            .Append("<p><label for=\"model\">Colour model</label> <select id=\"model\"><option value=\"c\">color</option><option value=\"g\">greyscale</option></select></p>")
            .Append("<div id=\"planes\"></div>")
            .Append("<p><input type=\"checkbox\" id=\"projection\"> <label for=\"projection\">Maximum intensity projection</label></p>")
            .Append("<p><input type=\"checkbox\" id=\"rois\"> <label for=\"rois\">Show ROIs</label> <span id=\"roi-count\"></span></p>")
            .Append("<p class=\"viewer-actions\"><button type=\"button\" id=\"save-settings\" hidden>Save rendering settings</button> <span id=\"save-status\" role=\"status\"></span></p>")
            .Append("</form>");
        html.Append("<section aria-labelledby=\"image-meta\"><h2 id=\"image-meta\">Image</h2><dl class=\"image-facts\">")
            .Append("<dt>Size</dt><dd>").Append(E(string.Create(CultureInfo.InvariantCulture, $"{image.SizeX} × {image.SizeY} px, {image.SizeZ} z, {image.SizeC} c, {image.SizeT} t ({image.PixelType})"))).Append("</dd>");
        if (image.PhysicalSizeX is { } px)
        {
            html.Append("<dt>Pixel size</dt><dd>").Append(E(string.Create(CultureInfo.InvariantCulture, $"{px:G4} {image.PhysicalUnit ?? "micrometer"}"))).Append("</dd>");
        }

        html.Append("<dt>Download</dt><dd><a class=\"download-link\" href=\"/zarr/").Append(id).Append("/\">OME-Zarr</a></dd></dl>");
        if (!string.IsNullOrWhiteSpace(image.Description))
        {
            html.Append("<p class=\"description\">").Append(E(image.Description)).Append("</p>");
        }

        if (tags.Count > 0)
        {
            html.Append("<ul class=\"tags\" aria-label=\"Tags\">").Append(string.Concat(tags.Select(t => $"<li class=\"tag\">{E(t)}</li>"))).Append("</ul>");
        }

        html.Append("</section><section aria-labelledby=\"kv-title\"><h2 id=\"kv-title\">Annotations</h2>")
            .Append(KeyValueTable(annotations.Where(a => a.Kind == AnnotationKind.Map).SelectMany(a => a.Pairs), $"Key-value annotations of {image.Name}"))
            .Append("</section></aside></div>\n");
        var head = "<script src=\"/static/vendor/openseadragon/openseadragon.min.js\" defer></script>\n";
        return Render(context, caller, image.Name, html.ToString(), ["/static/viewer.js"], head);
    }
}
