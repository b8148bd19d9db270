using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tessera.Catalog;

namespace Tessera.Server;

/// <summary>
/// The repository's web server: JSON API under <c>/api/v1</c>, OME-Zarr under <c>/zarr</c>, rendered thumbnails and
/// tiles, OMERO.web-compatible <c>/webgateway</c> routes, <c>/healthz</c> and the OpenAPI document at
/// <c>/openapi/v1.json</c>. Settings come from appsettings.json beside the program, <c>TESSERA_</c> environment
/// variables and the command line, in that order; the options passed here win.
/// </summary>
public static class TesseraServer
{
    /// <summary>Opens the repository and builds the application (not yet started).</summary>
    public static async Task<WebApplication> BuildAsync(TesseraServerOptions options, string[]? args = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var repository = await TesseraRepository.OpenAsync(options.RepositoryPath, cancellationToken).ConfigureAwait(false);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args ?? [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddEnvironmentVariables("TESSERA_");
        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 64 << 20;
        });

        // Structured logs: one JSON object per line (timestamp, level, category, message, state), on stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(json =>
        {
            json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            json.UseUtcTimestamp = true;
        });
        // Per-request framework lines only at Warning: a line per request would cost more than serving a cached thumbnail.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);

        builder.Services.AddSingleton(repository);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new ThumbnailCache(options.ThumbnailCacheDirectory ?? Path.Combine(repository.Root, "cache", "thumbnails")));
        builder.Services.AddSingleton<ImageSource>();
        builder.Services.AddSingleton<ResponseMemo>();
        builder.Services.AddSingleton<AnonymousCallerCache>();
        builder.Services.AddSingleton<RenderService>();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi("v1");
        builder.Services.Configure<JsonOptions>(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });

        var app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = ProblemResponses.HandleAsync, SuppressDiagnosticsCallback = _ => true });
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (!http.Response.HasStarted && http.Response.ContentLength is null && string.IsNullOrEmpty(http.Response.ContentType))
            {
                var status = http.Response.StatusCode;
                var detail = status == StatusCodes.Status404NotFound ? $"{http.Request.Method} {http.Request.Path}: no such resource" : $"{http.Request.Method} {http.Request.Path}: {ReasonPhrases.GetReasonPhrase(status)}";
                await ProblemResponses.WriteAsync(http, status, ReasonPhrases.GetReasonPhrase(status), detail).ConfigureAwait(false);
            }
        });
        app.Use(async (context, next) =>
        {
            // Read-only mirrors refuse every write before any endpoint runs (405), whatever the route.
            if (options.PublicReadOnly && !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method))
            {
                context.Response.Headers.Allow = "GET, HEAD, OPTIONS";
                await ProblemResponses.WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "Read-only server", new ReadOnlyServerException().Message).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });

        // The web interface's scripts and styles (web/) and OpenSeadragon, copied beside the program at build time.
        var staticRoot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(staticRoot))
        {
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(staticRoot), RequestPath = "/static" });
        }

        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapGet("/healthz", async (TesseraRepository repo, CancellationToken token) =>
        {
            await using var connection = await repo.Catalog.Database.OpenConnectionAsync(token).ConfigureAwait(false);
            return Results.Ok(new { status = "ok", catalog = repo.Catalog.Dialect.ToString().ToLowerInvariant() });
        }).WithTags("Server").WithSummary("Liveness and catalogue reachability");

        AuthEndpoints.Map(app);
        ApiEndpoints.Map(app);
        ZarrEndpoints.Map(app);
        RenderEndpoints.Map(app);
        Web.WebPages.Map(app);
        return app;
    }
}
