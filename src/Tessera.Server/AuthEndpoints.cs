using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tessera.Catalog;

namespace Tessera.Server;

/// <summary>
/// Logging in and out (cookie sessions with a CSRF token for writes), API tokens, and who the caller is. Sessions live
/// in the catalogue, so a restart or another server process behind the same catalogue keeps them.
/// </summary>
public static class AuthEndpoints
{
    /// <summary>A login request.</summary>
    public sealed record LoginRequest(string? UserName, string? Password);

    /// <summary>A request for an API token.</summary>
    public sealed record TokenRequest(string? Name, int? Days);

    /// <summary>A token to revoke.</summary>
    public sealed record RevokeRequest(string? Token);

    /// <summary>Maps the routes.</summary>
    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").WithTags("Sessions");
        api.MapPost("/login", async (HttpContext context, LoginRequest request, TesseraRepository repository, TesseraServerOptions options) =>
        {
            if (string.IsNullOrEmpty(request.UserName) || string.IsNullOrEmpty(request.Password))
            {
                throw new ArgumentException("login: userName and password are required");
            }

            var catalog = repository.Catalog;
            var user = await catalog.FindUserAsync(request.UserName, context.RequestAborted).ConfigureAwait(false);
            var hash = user is null ? null : await catalog.PasswordHashAsync(user.Id, context.RequestAborted).ConfigureAwait(false);

            // The same answer (and about the same time) for an unknown user as for a wrong password.
            if (!PasswordHash.Verify(request.Password, hash ?? UnknownUserHash) || user is null)
            {
                throw new UnauthorizedException("login: wrong user name or password");
            }

            var secret = await catalog.CreateSessionAsync(user.Id, "cookie", options.SessionLifetime, context.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent[..Math.Min(agent.Length, 200)] : null, context.RequestAborted).ConfigureAwait(false);
            context.Response.Cookies.Append(RequestCaller.SessionCookie, secret, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps, Path = "/", MaxAge = options.SessionLifetime, IsEssential = true,
            });
            return Results.Ok(new { user = Describe(user), csrfToken = RequestCaller.CsrfToken(secret) });
        }).WithSummary("Log in with user name and password; sets the session cookie and returns the CSRF token for writes");

        api.MapPost("/logout", async (HttpContext context, TesseraRepository repository) =>
        {
            var caller = await RequestCaller.OfAsync(context).ConfigureAwait(false);
            if (caller.SessionSecret is { } secret)
            {
                await repository.Catalog.EndSessionAsync(secret, context.RequestAborted).ConfigureAwait(false);
            }

            context.Response.Cookies.Delete(RequestCaller.SessionCookie, new CookieOptions { Path = "/" });
            return Results.NoContent();
        }).WithSummary("End the cookie session");

        api.MapGet("/session", async (HttpContext context, TesseraRepository repository) =>
        {
            var caller = await RequestCaller.OfAsync(context).ConfigureAwait(false);
            var me = caller.Caller.ExperimenterId is { } id
                ? (await repository.Catalog.ListUsersAsync(caller.Caller, context.RequestAborted).ConfigureAwait(false)).FirstOrDefault(u => u.Id == id)
                : null;
            var groups = await repository.Catalog.ListGroupsAsync(caller.Caller, context.RequestAborted).ConfigureAwait(false);
            return Results.Ok(new
            {
                user = me is null ? null : Describe(me),
                anonymous = me is null,
                groups = groups.Select(ApiEndpoints.Describe),
                csrfToken = caller.SessionSecret is { } s ? RequestCaller.CsrfToken(s) : null,
            });
        }).WithSummary("Who the caller is, their groups, and the CSRF token of a cookie session");

        api.MapPost("/tokens", async (HttpContext context, TokenRequest request, TesseraRepository repository, TesseraServerOptions options) =>
        {
            var caller = await RequestCaller.OfAsync(context).ConfigureAwait(false);
            caller.RequireWrite(context, options);
            if (request.Days is < 1 or > 3650)
            {
                throw new ArgumentException("tokens: days must be 1 to 3650 (or absent for no expiry)");
            }

            var token = await repository.Catalog.CreateSessionAsync(caller.Caller.ExperimenterId!.Value, "token", request.Days is { } d ? TimeSpan.FromDays(d) : null, request.Name, context.RequestAborted).ConfigureAwait(false);
            return Results.Ok(new { token, name = request.Name, usage = "Authorization: Bearer <token>" });
        }).WithSummary("Create an API token for the caller (shown once)");

        api.MapPost("/tokens/revoke", async (HttpContext context, RevokeRequest request, TesseraRepository repository, TesseraServerOptions options) =>
        {
            var caller = await RequestCaller.OfAsync(context).ConfigureAwait(false);
            caller.RequireWrite(context, options);
            if (string.IsNullOrEmpty(request.Token))
            {
                throw new ArgumentException("tokens/revoke: token is required");
            }

            // Only one's own tokens: someone else's is "not found", as if it did not exist.
            if (await repository.Catalog.FindSessionAsync(request.Token, "token", context.RequestAborted).ConfigureAwait(false) != caller.Caller.ExperimenterId)
            {
                throw new NotFoundException("tokens/revoke: no such token of yours");
            }

            await repository.Catalog.EndSessionAsync(request.Token, context.RequestAborted).ConfigureAwait(false);
            return Results.NoContent();
        }).WithSummary("Revoke one of the caller's API tokens");
    }

    internal static object Describe(Experimenter user) => new { id = user.Id, userName = user.UserName, fullName = user.FullName, email = user.Email, isAdmin = user.IsAdmin };

    // Verified against when the user does not exist, so both cases cost one PBKDF2.
    private static readonly string UnknownUserHash = PasswordHash.Create(Guid.NewGuid().ToString());
}
