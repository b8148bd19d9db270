using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Tessera.Catalog;

namespace Tessera.Server;

/// <summary>
/// Who is asking: resolved once per request from the session cookie or an API token (<c>Authorization: Bearer</c>),
/// else the anonymous public role. With <see cref="TesseraServerOptions.PublicReadOnly"/> everyone is anonymous.
/// </summary>
public sealed class RequestCaller
{
    /// <summary>The session cookie's name.</summary>
    public const string SessionCookie = "tessera_session";

    /// <summary>The header a cookie-authenticated write must carry with the session's CSRF token.</summary>
    public const string CsrfHeader = "X-CSRF-Token";

    private static readonly object ItemsKey = new();

    private RequestCaller(CatalogCaller caller, string? sessionSecret, bool byToken)
    {
        Caller = caller;
        SessionSecret = sessionSecret;
        ByToken = byToken;
    }

    /// <summary>The catalogue caller whose rights every query applies.</summary>
    public CatalogCaller Caller { get; }

    /// <summary>Who this is for memoised answers: one key for every anonymous visitor, one per user.</summary>
    public string Key => Caller.ExperimenterId is { } id ? $"u{id}" : "anonymous";

    /// <summary>The cookie session's secret, when the caller came by cookie.</summary>
    public string? SessionSecret { get; }

    /// <summary>Whether the caller came with an API token (no CSRF check: browsers never send it by themselves).</summary>
    public bool ByToken { get; }

    /// <summary>The CSRF token that belongs to a cookie session: derived from its secret, so nothing more is stored.</summary>
    public static string CsrfToken(string sessionSecret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("tessera-csrf:" + sessionSecret)))[..32];

    /// <summary>The caller of <paramref name="context"/>, resolved on first use.</summary>
    public static async ValueTask<RequestCaller> OfAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemsKey, out var known) && known is RequestCaller resolved)
        {
            return resolved;
        }

        var services = context.RequestServices;
        var repository = (TesseraRepository)services.GetService(typeof(TesseraRepository))!;
        var options = (TesseraServerOptions)services.GetService(typeof(TesseraServerOptions))!;
        var anonymous = (AnonymousCallerCache)services.GetService(typeof(AnonymousCallerCache))!;
        var catalog = repository.Catalog;
        var token = context.RequestAborted;
        RequestCaller caller;
        if (options.PublicReadOnly)
        {
            caller = new RequestCaller(await anonymous.GetAsync(token).ConfigureAwait(false), null, false);
        }
        else if (Bearer(context.Request) is { } secret)
        {
            // A token that is unknown or expired is an error, not a silent downgrade to anonymous.
            var id = await catalog.FindSessionAsync(secret, "token", token).ConfigureAwait(false)
                ?? throw new UnauthorizedException("the API token is unknown, revoked or expired");
            caller = new RequestCaller(await catalog.CallerAsync(id, token).ConfigureAwait(false), null, true);
        }
        else if (context.Request.Cookies.TryGetValue(SessionCookie, out var cookie) && !string.IsNullOrEmpty(cookie)
                 && await catalog.FindSessionAsync(cookie, "cookie", token).ConfigureAwait(false) is { } user)
        {
            caller = new RequestCaller(await catalog.CallerAsync(user, token).ConfigureAwait(false), cookie, false);
        }
        else
        {
            // A stale or garbage cookie is simply no session: the visitor is anonymous, as after logging out.
            caller = new RequestCaller(await anonymous.GetAsync(token).ConfigureAwait(false), null, false);
        }

        context.Items[ItemsKey] = caller;
        return caller;
    }

    /// <summary>Checks that a write may go ahead: not on a public read-only server, and with the CSRF token when by cookie.</summary>
    public void RequireWrite(HttpContext context, TesseraServerOptions options)
    {
        if (options.PublicReadOnly)
        {
            throw new ReadOnlyServerException();
        }

        if (Caller.ExperimenterId is null)
        {
            throw new UnauthorizedException("log in (POST /api/v1/login) or send an API token to change anything");
        }

        if (SessionSecret is { } secret && !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(context.Request.Headers[CsrfHeader].ToString()), Encoding.ASCII.GetBytes(CsrfToken(secret))))
        {
            throw new CsrfException();
        }
    }

    private static string? Bearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
    }
}
