using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Tessera.Catalog;

namespace Tessera.Server;

/// <summary>
/// Every error as RFC 7807 problem details: what the caller got wrong is 4xx with a message that names the parameter
/// or object; only the server's own failures (a corrupt chunk, a bug) are 500, logged, and they end that request only.
/// </summary>
public static class ProblemResponses
{
    /// <summary>The status for an exception, and whether it is the server's fault (logged as an error).</summary>
    public static (int Status, string Title, bool ServerFault) Classify(Exception exception) => exception switch
    {
        CatalogNotFoundException => (StatusCodes.Status404NotFound, "Not found", false),
        CatalogForbiddenException => (StatusCodes.Status403Forbidden, "Forbidden", false),
        CsrfException => (StatusCodes.Status403Forbidden, "Missing or wrong CSRF token", false),
        UnauthorizedException => (StatusCodes.Status401Unauthorized, "Not logged in", false),
        ReadOnlyServerException => (StatusCodes.Status405MethodNotAllowed, "Read-only server", false),
        NotFoundException => (StatusCodes.Status404NotFound, "Not found", false),
        BadHttpRequestException b => (b.StatusCode, "Bad request", false),
        CatalogException => (StatusCodes.Status400BadRequest, "Bad request", false),
        ArgumentException or FormatException or JsonException or OverflowException => (StatusCodes.Status400BadRequest, "Bad request", false),
        _ => (StatusCodes.Status500InternalServerError, "Server error", true),
    };

    /// <summary>Writes the problem for the exception that ended the request (the exception handler's last step).</summary>
    public static async Task HandleAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (exception is null)
        {
            return;
        }

        var (status, title, serverFault) = Classify(exception);
        var logger = context.RequestServices.GetService(typeof(ILoggerFactory)) is ILoggerFactory factory ? factory.CreateLogger("Tessera.Server") : null;
        if (serverFault)
        {
            logger?.LogError(exception, "{Method} {Path} failed: {Message}", context.Request.Method, context.Request.Path, exception.Message);
        }

        await WriteAsync(context, status, title, serverFault ? $"{exception.GetType().Name}: {exception.Message}" : exception.Message).ConfigureAwait(false);
    }

    /// <summary>Writes a problem details response.</summary>
    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(
            new ProblemDetails { Status = status, Title = title, Detail = detail, Instance = context.Request.Path },
            (JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted);
    }
}
