using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Tessera.Zarr.Buffers;

namespace Tessera.Zarr.Storage;

/// <summary>
/// A read-only store over HTTP(S): each key is a URL below a base URL, byte ranges are <c>Range</c> requests.
/// Works with any static file server, object store or CDN. A missing key (404, 410) reads as null; a server
/// that ignores <c>Range</c> still works (the store slices the whole body). Transient failures (connection
/// errors, 502, 503, 504) are retried a few times with a short backoff.
/// </summary>
public sealed class HttpStore : IStore
{
    private readonly HttpClient _client;
    private readonly string _baseUrl;

    /// <summary>Creates a store reading keys below <paramref name="baseUri"/>.</summary>
    /// <param name="baseUri">An absolute http or https URL without query, fragment or user info; a trailing slash is implied.</param>
    /// <param name="client">
    /// The client to send requests with (the store does not dispose it). When null, a process-wide client is
    /// used that pools connections and never asks for content encodings, so ranges address stored bytes.
    /// </param>
    public HttpStore(Uri baseUri, HttpClient? client = null)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        if (!baseUri.IsAbsoluteUri || (baseUri.Scheme != Uri.UriSchemeHttp && baseUri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{Redacted(baseUri)}' is not an absolute http or https URL", nameof(baseUri));
        }

        // Keys are appended to the path, and the base URL appears in every error message: no query or
        // fragment to append after, no credentials to leak.
        if (baseUri.Query.Length > 0 || baseUri.Fragment.Length > 0 || baseUri.UserInfo.Length > 0)
        {
            throw new ArgumentException($"the base URL '{Redacted(baseUri)}…' must not have a query, fragment or user info", nameof(baseUri));
        }

        var text = baseUri.GetLeftPart(UriPartial.Path);
        _baseUrl = text.EndsWith('/') ? text : text + "/";
        _client = client ?? SharedHttpClient.Instance;
    }

    /// <summary>The base URL, ending with <c>/</c>.</summary>
    public Uri BaseUri => new(_baseUrl);

    /// <inheritdoc />
    public string Location => _baseUrl;

    /// <summary>Remote latency, not decoding, bounds throughput: keep many requests in flight.</summary>
    public int PreferredConcurrency => 16;

    /// <summary>
    /// Time allowed for one attempt of a request, from sending it to the end of its body; past it the
    /// request fails with <see cref="ZarrStoreException"/> (not retried). Default 60 seconds.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Retries after a transient failure (connection error, connection lost mid-body, HTTP 502, 503 or
    /// 504), waiting 100 ms, 200 ms, 400 ms… before each. Default 2; 0 disables retrying.
    /// </summary>
    public int MaxRetries
    {
        get;
        init => field = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(MaxRetries), value, "must be 0 or more");
    } = 2;

    /// <summary>The URL of <paramref name="key"/>: each segment escaped, below the base URL.</summary>
    /// <exception cref="ArgumentException">The key is not a normalized relative key.</exception>
    public Uri UrlOf(string key)
    {
        StoreKey.Validate(key);
        return new Uri(_baseUrl + string.Join('/', key.Split('/').Select(Uri.EscapeDataString)), UriKind.Absolute);
    }

    /// <inheritdoc />
    /// <exception cref="ZarrStoreException">The server answered an unexpected status, or could not be reached in time.</exception>
    public async ValueTask<PooledBuffer?> GetAsync(string key, ByteRange range = default, CancellationToken cancellationToken = default)
    {
        var url = UrlOf(key);
        if (range.IsEmpty)
        {
            // No bytes wanted, and HTTP cannot express an empty range: only existence decides null or empty.
            return await ExistsAsync(key, cancellationToken).ConfigureAwait(false) ? PooledBuffer.Rent(0) : null;
        }

        return await SendAsync(
            key,
            url,
            HttpMethod.Get,
            range.ToHttpRange(),
            (response, token) => ReadGetResponseAsync(key, url, range, response, token),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="ZarrStoreException">The server answered an unexpected status, or could not be reached in time.</exception>
    public async ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        var url = UrlOf(key);
        var exists = await SendAsync(key, url, HttpMethod.Head, null, (response, _) => ValueTask.FromResult(ExistsFrom(key, url, HttpMethod.Head, response)), cancellationToken).ConfigureAwait(false);
        if (exists is { } known)
        {
            return known;
        }

        // HEAD is not allowed here (some signed-URL gateways): ask for one byte instead.
        const string firstByte = "bytes=0-0";
        return await SendAsync(key, url, HttpMethod.Get, firstByte, (response, _) => ValueTask.FromResult(ExistsFrom(key, url, HttpMethod.Get, response) is true), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override string ToString() => _baseUrl;

    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    private static bool IsTransient(Exception exception) => exception switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded } => true,
        HttpIOException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded or HttpRequestError.Unknown } => true,
        HttpIOException => false,
        IOException => true, // the connection broke while the body was being read
        _ => false,
    };

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(100 << Math.Min(attempt, 6));

    /// <summary>
    /// Sends a request, retrying transient failures, and hands the response to <paramref name="handle"/>,
    /// which reads what it needs before the response is disposed.
    /// </summary>
    private async ValueTask<T> SendAsync<T>(
        string key, Uri url, HttpMethod method, string? range, Func<HttpResponseMessage, CancellationToken, ValueTask<T>> handle, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(RequestTimeout);
                try
                {
                    using var request = new HttpRequestMessage(method, url);
                    if (range is not null)
                    {
                        request.Headers.TryAddWithoutValidation("Range", range);
                    }

                    using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                    if (!IsTransient(response.StatusCode) || attempt >= MaxRetries)
                    {
                        return await handle(response, timeout.Token).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException($"{method} {url} was cancelled", e, cancellationToken);
                }
                catch (OperationCanceledException e)
                {
                    // Our per-attempt timeout, or else the caller-supplied client's own Timeout.
                    var limit = timeout.IsCancellationRequested ? RequestTimeout : _client.Timeout;
                    throw new ZarrStoreException(_baseUrl, key, $"{method} {url}{RangeNote(range)}: no complete response within {limit.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", e);
                }
                catch (Exception e) when (IsTransient(e) && attempt < MaxRetries)
                {
                    // Retried below, after the backoff.
                }
                catch (Exception e) when (e is HttpRequestException or IOException)
                {
                    var attempts = attempt + 1;
                    throw new ZarrStoreException(_baseUrl, key, $"{method} {url}{RangeNote(range)} failed{(attempts > 1 ? $" {attempts} times" : "")}: {e.Message}", e);
                }
            }

            await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask<PooledBuffer?> ReadGetResponseAsync(string key, Uri url, ByteRange range, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        switch (response.StatusCode)
        {
            case HttpStatusCode.NotFound or HttpStatusCode.Gone:
                return null;
            case HttpStatusCode.RequestedRangeNotSatisfiable when !range.IsAll:
                return PooledBuffer.Rent(0); // the range starts past the end: the bytes that exist are none
            case HttpStatusCode.OK:
                {
                    var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    await using (body.ConfigureAwait(false))
                    {
                        return range.IsAll
                            ? await HttpResponseBody.ReadAsync(body, response.Content.Headers.ContentLength, long.MaxValue, Describe(key), cancellationToken).ConfigureAwait(false)
                            : await SliceWholeBodyAsync(key, range, body, response.Content.Headers.ContentLength, cancellationToken).ConfigureAwait(false);
                    }
                }

            case HttpStatusCode.PartialContent when !range.IsAll:
                {
                    CheckContentRange(key, url, range, response.Content.Headers.ContentRange);

                    // A server may send more than asked; never hand back more than the range covers.
                    var limit = range.Kind == ByteRangeKind.FromOffset ? long.MaxValue : range.Length;
                    var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    await using (body.ConfigureAwait(false))
                    {
                        return await HttpResponseBody.ReadAsync(body, response.Content.Headers.ContentLength, limit, Describe(key), cancellationToken).ConfigureAwait(false);
                    }
                }

            default:
                throw StatusFailure(key, url, HttpMethod.Get, response);
        }
    }

    /// <summary>The server ignored <c>Range</c> and sent the whole value: keep only the range.</summary>
    private static async ValueTask<PooledBuffer> SliceWholeBodyAsync(string key, ByteRange range, Stream body, long? contentLength, CancellationToken cancellationToken)
    {
        if (contentLength is { } total)
        {
            // The length is known up front: skip to the start and read only the range.
            var (start, length) = range.Resolve(total);
            var skipped = await HttpResponseBody.SkipAsync(body, start, cancellationToken).ConfigureAwait(false);
            if (skipped < start)
            {
                throw new IOException($"the response body ended after {skipped} of {total} bytes");
            }

            return await HttpResponseBody.ReadAsync(body, length, length, Describe(key), cancellationToken).ConfigureAwait(false);
        }

        // Unknown length (chunked): a suffix needs the end, so read everything and move the range to the front.
        var buffer = await HttpResponseBody.ReadToEndAsync(body, long.MaxValue, Describe(key), cancellationToken).ConfigureAwait(false);
        var (from, count) = range.Resolve(buffer.Length);
        buffer.Span.Slice((int)from, (int)count).CopyTo(buffer.Span); // overlapping copy is safe for spans
        buffer.Truncate((int)count);
        return buffer;
    }

    /// <summary>Rejects a 206 whose bytes start elsewhere than asked: reading them would corrupt chunks silently.</summary>
    private void CheckContentRange(string key, Uri url, ByteRange range, ContentRangeHeaderValue? contentRange)
    {
        if (contentRange is not { HasRange: true, From: { } from })
        {
            return;
        }

        long? expected = range.Kind switch
        {
            ByteRangeKind.Suffix => contentRange.Length is { } total ? total - Math.Min(range.Length, total) : null,
            _ => range.Offset,
        };
        if (expected is { } start && from != start)
        {
            throw new ZarrStoreException(_baseUrl, key, $"GET {url} with Range {range.ToHttpRange()} answered 'Content-Range: {contentRange}', which does not start at byte {start}");
        }
    }

    /// <summary>True or false from a HEAD or one-byte GET; null when HEAD is not allowed and GET must be tried.</summary>
    private bool? ExistsFrom(string key, Uri url, HttpMethod method, HttpResponseMessage response) => response.StatusCode switch
    {
        HttpStatusCode.NotFound or HttpStatusCode.Gone => false,
        HttpStatusCode.OK or HttpStatusCode.PartialContent or HttpStatusCode.NoContent => true,
        HttpStatusCode.RequestedRangeNotSatisfiable when method == HttpMethod.Get => true, // an empty value
        HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented when method == HttpMethod.Head => null,
        _ => throw StatusFailure(key, url, method, response),
    };

    private ZarrStoreException StatusFailure(string key, Uri url, HttpMethod method, HttpResponseMessage response) =>
        new(_baseUrl, key, $"{method} {url} answered HTTP {(int)response.StatusCode} ({response.ReasonPhrase ?? response.StatusCode.ToString()})");

    /// <summary>The URL without user info, query or fragment, which may hold secrets.</summary>
    private static string Redacted(Uri uri) =>
        uri.IsAbsoluteUri ? $"{uri.Scheme}://{uri.Authority}{uri.AbsolutePath}" : uri.OriginalString;

    private static string Describe(string key) => $"value '{key}'";

    private static string RangeNote(string? range) => range is null ? "" : $" ({range})";
}
