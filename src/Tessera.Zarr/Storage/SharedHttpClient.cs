using System.Net;

namespace Tessera.Zarr.Storage;

/// <summary>
/// The one <see cref="HttpClient"/> that <see cref="HttpStore"/>s share when the caller gives none: one
/// connection pool per process, as HttpClient is meant to be used. Created on first use only.
/// </summary>
internal static class SharedHttpClient
{
    public static HttpClient Instance { get; } = Create();

    private static HttpClient Create()
    {
        var handler = new SocketsHttpHandler
        {
            // Zarr chunks are compressed already, and byte ranges must address the stored bytes, not a
            // transfer encoding of them: never ask for (or undo) content encodings.
            AutomaticDecompression = DecompressionMethods.None,

            // Recycle connections now and then so DNS changes (load balancers, CDNs) are picked up.
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),

            // Shorter than common server keep-alive limits, so a pooled connection is rarely found closed.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),

            // Bounds sockets per host when many arrays read at once (each asks for 16 requests in flight).
            MaxConnectionsPerServer = 64,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            MaxAutomaticRedirections = 5,
            EnableMultipleHttp2Connections = true,
        };

        // HttpStore applies its own per-attempt timeout, which also covers reading the body.
        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }
}
