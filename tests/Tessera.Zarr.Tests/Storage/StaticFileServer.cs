using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Logging;

namespace Tessera.Zarr.Tests.Storage;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (a free port) serving a directory with range support: every file,
/// dotfiles (.zarray) and extensionless names (c/0/0) included. Records each request and has switches to
/// misbehave (ignore Range, fail a path, delay, refuse HEAD, send bodies without Content-Length).
/// </summary>
public sealed class StaticFileServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, Failure> _failures = new(StringComparer.Ordinal);

    private StaticFileServer(WebApplication app, string root)
    {
        _app = app;
        Root = root;
    }

    /// <summary>The served directory.</summary>
    public string Root { get; }

    /// <summary>The server's root URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>When set, Range headers are dropped before serving, so every GET answers 200 with the whole file.</summary>
    public bool IgnoreRange { get; set; }

    /// <summary>When set, HEAD requests answer 405 Method Not Allowed.</summary>
    public bool RejectHead { get; set; }

    /// <summary>When set, responses carry no Content-Length (Kestrel sends them chunked).</summary>
    public bool OmitContentLength { get; set; }

    /// <summary>How long to wait before answering each request.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Every request received so far, in order of arrival.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Number of requests received so far.</summary>
    public int RequestCount => _requests.Count;

    /// <summary>Requests for one path (relative, unescaped, as a store key).</summary>
    public IReadOnlyList<RecordedRequest> RequestsFor(string path) => [.. _requests.Where(r => r.Path == path)];

    /// <summary>Forgets the requests recorded so far.</summary>
    public void ClearRequests() => _requests.Clear();

    /// <summary>Answers requests for <paramref name="path"/> with <paramref name="status"/>, the next <paramref name="times"/> times (default: always).</summary>
    public void Fail(string path, int status, int times = int.MaxValue) => _failures[path] = new Failure(status, times);

    /// <summary>Starts serving <paramref name="root"/>.</summary>
    public static async Task<StaticFileServer> StartAsync(string root)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = root, EnvironmentName = "Production" });
        builder.Logging.ClearProviders();

        // Loopback only, port chosen by the OS; an explicit Listen overrides any ASPNETCORE_URLS setting.
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new StaticFileServer(app, root);
        app.Use(server.InterceptAsync);
        app.UseStaticFiles(new StaticFileOptions
        {
            // The default filter hides dotfiles, and unknown extensions are refused by default: Zarr needs both.
            FileProvider = new PhysicalFileProvider(root, ExclusionFilters.None),
            ServeUnknownFileTypes = true,
            DefaultContentType = "application/octet-stream",
        });
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task InterceptAsync(HttpContext context, Func<Task> next)
    {
        var path = context.Request.Path.Value?.TrimStart('/') ?? "";
        var request = new RecordedRequest(
            context.Request.Method,
            path,
            context.Request.Headers.Range.Count == 0 ? null : context.Request.Headers.Range.ToString(),
            context.Request.Headers.AcceptEncoding.Count == 0 ? null : context.Request.Headers.AcceptEncoding.ToString());
        _requests.Enqueue(request);

        // Recorded as the response starts, so it is known before the client can see the answer.
        context.Response.OnStarting(() =>
        {
            request.Status = context.Response.StatusCode;
            return Task.CompletedTask;
        });

        if (Delay > TimeSpan.Zero)
        {
            // Ends early when the client goes away or the server stops, so disposal never waits on a delay.
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _app.Lifetime.ApplicationStopping);
            try
            {
                await Task.Delay(Delay, wait.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (_failures.TryGetValue(path, out var failure) && failure.TryUse())
        {
            context.Response.StatusCode = failure.Status;
            return;
        }

        if (RejectHead && HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }

        if (IgnoreRange)
        {
            context.Request.Headers.Remove("Range");
            context.Request.Headers.Remove("If-Range");
        }

        if (OmitContentLength)
        {
            context.Response.OnStarting(() =>
            {
                context.Response.ContentLength = null;
                return Task.CompletedTask;
            });
        }

        await next();
    }

    private sealed class Failure(int status, int times)
    {
        private int _remaining = times;

        public int Status => status;

        public bool TryUse() => Interlocked.Decrement(ref _remaining) >= 0;
    }
}
