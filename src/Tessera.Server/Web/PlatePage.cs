using System.Text;
using Microsoft.AspNetCore.Http;
using Tessera.Catalog;
using static Tessera.Server.Web.HtmlPage;

namespace Tessera.Server.Web;

/// <summary>
/// <c>GET /plate/{id}?field=0</c>: the wells as a rows × columns grid whose thumbnails all come from one sprite
/// (plate.js reads its layout from <c>/api/v1/plates/{id}/thumbnails</c>), a field selector and well annotations on hover.
/// </summary>
internal static class PlatePage
{
    public static async Task<IResult> RenderAsync(HttpContext context, RequestCaller caller, TesseraRepository repository, long id)
    {
        var token = context.RequestAborted;
        var plate = await repository.Catalog.GetPlateAsync(caller.Caller, id, token).ConfigureAwait(false);
        var fieldText = context.Request.Query["field"].ToString();
        var field = fieldText.Length == 0 ? 0 : int.TryParse(fieldText, out var f) && f >= 0 && f < Math.Max(1, plate.FieldCount) ? f
            : throw new ArgumentException($"field: '{fieldText}' is not a field of this plate (0 to {Math.Max(1, plate.FieldCount) - 1})");
        // Big plates get smaller cells so a 384-well plate fits a laptop screen.
        var size = plate.ColumnNames.Count <= 12 ? 96 : 48;
        var wells = plate.Wells.ToDictionary(w => (w.RowIndex, w.ColumnIndex));

        // The sprite's cells are laid out by row and column (PlateSprite.Layout), so the page can place every well's
        // thumbnail itself and the browser can fetch the sprite while the scripts load: no layout round trip first.
        var sprite = $"/plate-sprite/{id}?field={field}&size={size}";

        var html = new StringBuilder();
        html.Append("<nav class=\"breadcrumbs\" aria-label=\"Breadcrumbs\"><a href=\"/\">Studies</a> › <span>").Append(E(plate.Name)).Append("</span></nav>\n");
        html.Append("<h1>").Append(E(plate.Name)).Append("</h1>\n");
        if (!string.IsNullOrWhiteSpace(plate.Description))
        {
            html.Append("<p class=\"description\">").Append(E(plate.Description)).Append("</p>\n");
        }

        html.Append("<p class=\"plate-summary\">").Append(plate.RowNames.Count).Append(" × ").Append(plate.ColumnNames.Count).Append(" positions, ")
            .Append(plate.Wells.Count).Append(" wells · <a class=\"download-link\" href=\"/zarr/plates/").Append(id).Append("/\">OME-Zarr</a></p>\n");
        html.Append("<div class=\"plate-controls\"><label for=\"field\">Field</label> <select id=\"field\">");
        for (var i = 0; i < Math.Max(1, plate.FieldCount); i++)
        {
            html.Append("<option value=\"").Append(i).Append('"').Append(i == field ? " selected" : "").Append('>').Append(i + 1).Append("</option>");
        }

        html.Append("</select> <span id=\"plate-status\" role=\"status\"></span></div>\n");
        html.Append("<div class=\"plate-scroll\"><div id=\"plate-grid\" style=\"display:grid;grid-template-columns:auto repeat(").Append(plate.ColumnNames.Count).Append(", ").Append(size)
            .Append("px)\" data-plate-id=\"").Append(id).Append("\" data-field=\"").Append(field).Append("\" data-size=\"").Append(size)
            .Append("\" data-sprite=\"").Append(E(sprite)).Append("\" aria-label=\"").Append(E($"Wells of {plate.Name}")).Append("\">");
        // Cells are direct children of the grid (no row wrappers), so CSS grid places headers and wells alike.
        html.Append("<span class=\"plate-header corner\" aria-hidden=\"true\"></span>");
        foreach (var column in plate.ColumnNames)
        {
            html.Append("<span class=\"plate-header column-header\">").Append(E(column)).Append("</span>");
        }

        for (var r = 0; r < plate.RowNames.Count; r++)
        {
            html.Append("<span class=\"plate-header row-header\">").Append(E(plate.RowNames[r])).Append("</span>");
            for (var c = 0; c < plate.ColumnNames.Count; c++)
            {
                var name = plate.RowNames[r] + plate.ColumnNames[c];
                if (wells.TryGetValue((r, c), out var well))
                {
                    var image = well.Samples.FirstOrDefault(s => s.FieldIndex == field)?.ImageId;
                    html.Append("<div class=\"well\" data-well-id=\"").Append(well.Id).Append("\" data-image-id=\"").Append(image?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "")
                        .Append("\" data-name=\"").Append(E(name)).Append("\" title=\"").Append(E($"Well {name}")).Append("\" style=\"width:").Append(size).Append("px;height:").Append(size).Append("px")
                        .Append(image is null ? "" : $";background-image:url({sprite});background-position:-{c * size}px -{r * size}px;background-size:{plate.ColumnNames.Count * size}px {plate.RowNames.Count * size}px").Append("\">");
                    html.Append(image is { } imageId
                        ? $"<a class=\"well-link\" href=\"/viewer/{imageId}\" aria-label=\"{E($"Well {name}")}\"></a>"
                        : $"<span class=\"visually-hidden\">Well {E(name)}: no image in this field</span>");
                    html.Append("</div>");
                }
                else
                {
                    html.Append("<div class=\"well empty\" data-well-id=\"\" data-image-id=\"\" data-name=\"").Append(E(name)).Append("\" title=\"")
                        .Append(E($"{name}: no well")).Append("\" style=\"width:").Append(size).Append("px;height:").Append(size).Append("px\"></div>");
                }
            }
        }

        html.Append("</div></div>\n<div id=\"well-details\" class=\"well-details\" aria-live=\"polite\"></div>\n");
        return Render(context, caller, plate.Name, html.ToString(), ["/static/plate.js"], head: $"<link rel=\"preload\" as=\"image\" href=\"{E(sprite)}\">\n");
    }
}
