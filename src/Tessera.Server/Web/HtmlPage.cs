using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tessera.Server.Web;

/// <summary>
/// The frame every page shares (skip link, header with the account, a <c>main</c>, the site stylesheet) and the
/// encoders: all text and attribute values go through <see cref="HtmlEncoder"/>, JSON islands through
/// <see cref="JavaScriptEncoder"/>, so nothing from the catalogue can become markup or script.
/// </summary>
internal static class HtmlPage
{
    private static readonly JsonSerializerOptions ScriptJson = new() { Encoder = JavaScriptEncoder.Default, WriteIndented = false };

    /// <summary>Encodes text or an attribute value.</summary>
    public static string E(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <summary>Encodes a number or other invariant value.</summary>
    public static string E(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Escapes one query-string or path component.</summary>
    public static string U(string text) => Uri.EscapeDataString(text);

    /// <summary>JSON safe inside a <c>script</c> element ('&lt;', '&gt;' and '&amp;' escaped as \u003C…).</summary>
    public static string Json(object value) => JsonSerializer.Serialize(value, ScriptJson);

    /// <summary>The site root as the request saw it (for absolute URLs in JSON-LD).</summary>
    public static string Root(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

    /// <summary>A whole page.</summary>
    public static IResult Render(HttpContext context, RequestCaller caller, string title, string body, IEnumerable<string>? modules = null, string head = "", int status = StatusCodes.Status200OK)
    {
        var html = new StringBuilder(4096 + body.Length);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(E(title)).Append(" · Tessera</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"/static/site.css\">\n")
            .Append(head)
            .Append("</head>\n<body>\n<a class=\"skip-link\" href=\"#main\">Skip to content</a>\n")
            .Append("<header class=\"site-header\"><a class=\"brand\" href=\"/\">Tessera</a>")
            .Append("<nav aria-label=\"Site\"><a href=\"/\">Studies</a><a href=\"/search\">Search</a></nav><div class=\"account\">");
        if (caller.Caller.IsAnonymous)
        {
            var back = context.Request.Path.StartsWithSegments("/login") ? "/" : $"{context.Request.Path}{context.Request.QueryString}";
            html.Append("<a id=\"login\" href=\"/login?return=").Append(E(U(back))).Append("\">Log in</a>");
        }
        else
        {
            html.Append("<span class=\"user-name\">").Append(E(caller.Caller.UserName)).Append("</span>")
                .Append("<button id=\"logout\" type=\"button\">Log out</button>");
        }

        html.Append("</div></header>\n<main id=\"main\" tabindex=\"-1\">\n").Append(body).Append("\n</main>\n")
            .Append("<script type=\"module\" src=\"/static/site.js\"></script>\n");
        foreach (var module in modules ?? [])
        {
            html.Append("<script type=\"module\" src=\"").Append(E(module)).Append("\"></script>\n");
        }

        html.Append("</body>\n</html>\n");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    /// <summary>A problem (404, 400…) as a page, for browsers.</summary>
    public static IResult Problem(HttpContext context, RequestCaller? caller, int status, string title, string detail)
    {
        var body = $"<h1>{E(title)}</h1>\n<p class=\"problem-detail\">{E(detail)}</p>\n<p><a href=\"/\">Back to the studies</a></p>";
        return caller is null
            ? Results.Content($"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(title)} · Tessera</title><link rel=\"stylesheet\" href=\"/static/site.css\"></head><body><main id=\"main\">{body}</main></body></html>", "text/html; charset=utf-8", Encoding.UTF8, status)
            : Render(context, caller, title, body, status: status);
    }

    /// <summary>A definition table of key-value pairs (map annotations).</summary>
    public static string KeyValueTable(IEnumerable<KeyValuePair<string, string>> pairs, string caption)
    {
        var rows = pairs.ToList();
        if (rows.Count == 0)
        {
            return $"<p class=\"kv-empty\">No key-value annotations.</p>";
        }

        var html = new StringBuilder("<table class=\"kv-table\"><caption>").Append(E(caption)).Append("</caption><thead><tr><th scope=\"col\">Key</th><th scope=\"col\">Value</th></tr></thead><tbody>");
        foreach (var (key, value) in rows)
        {
            html.Append("<tr><th scope=\"row\">").Append(E(key)).Append("</th><td>").Append(E(value)).Append("</td></tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }
}
