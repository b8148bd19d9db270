using Microsoft.AspNetCore.Http;
using static Tessera.Server.Web.HtmlPage;

namespace Tessera.Server.Web;

/// <summary><c>GET /login?return=…</c>: a form that logs in through <c>POST /api/v1/login</c> (login.js) and goes back.</summary>
internal static class LoginPage
{
    public static IResult Render(HttpContext context, RequestCaller caller)
    {
        var back = context.Request.Query["return"].ToString();
        // Only a path on this site: an open redirect would let a link send a fresh login elsewhere.
        if (!back.StartsWith('/') || back.StartsWith("//", StringComparison.Ordinal) || back.StartsWith("/\\", StringComparison.Ordinal))
        {
            back = "/";
        }

        var body = (caller.Caller.IsAnonymous ? "" : $"<p class=\"notice\">You are logged in as {E(caller.Caller.UserName)}.</p>")
            + "<h1>Log in</h1>\n"
            + $"<form id=\"login-form\" class=\"login-form\" method=\"post\" action=\"/api/v1/login\" data-return=\"{E(back)}\">"
            + "<p><label for=\"username\">User name</label><input id=\"username\" name=\"userName\" autocomplete=\"username\" required></p>"
            + "<p><label for=\"password\">Password</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required></p>"
            + "<p id=\"login-error\" class=\"error\" role=\"alert\" hidden></p>"
            + "<button type=\"submit\">Log in</button></form>";
        return HtmlPage.Render(context, caller, "Log in", body, ["/static/login.js"]);
    }
}
