using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Storage;

/// <summary>HttpStore against servers that misbehave, fail, stall or are not there.</summary>
public sealed class HttpStoreFailureTests : IAsyncLifetime
{
    private static readonly byte[] Value = [.. Enumerable.Range(0, 1000).Select(i => (byte)(i * 31 + 5))];

    private readonly TestDirectory _directory = new();
    private StaticFileServer _server = null!;
    private HttpStore _store = null!;

    public async Task InitializeAsync()
    {
        var files = new FileSystemStore(_directory.Path);
        await files.SetAsync("a/c/0/0", Value);
        await files.SetAsync("a/c/0/1", new byte[] { 1, 2, 3 });
        await files.SetAsync("a/c/1/0", Array.Empty<byte>());
        _server = await StaticFileServer.StartAsync(_directory.Path);
        _store = new HttpStore(_server.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    public static TheoryData<bool> WithAndWithoutContentLength => [true, false];

    [Theory]
    [MemberData(nameof(WithAndWithoutContentLength))]
    public async Task A_server_that_ignores_Range_still_yields_the_right_slices(bool sendContentLength)
    {
        _server.IgnoreRange = true;
        _server.OmitContentLength = !sendContentLength;
        ByteRange[] ranges =
        [
            ByteRange.Slice(0, 10), ByteRange.Slice(500, 1), ByteRange.Slice(990, 100), ByteRange.From(900),
            ByteRange.From(5000), ByteRange.Suffix(16), ByteRange.Suffix(5000), ByteRange.All,
        ];
        foreach (var range in ranges)
        {
            using var got = await _store.GetAsync("a/c/0/0", range);
            var (start, length) = range.Resolve(Value.Length);
            Assert.Equal(Value.AsSpan((int)start, (int)length).ToArray(), got!.Span.ToArray());
        }

        // The store did ask for ranges; the server answered each with the whole body.
        Assert.Equal(ranges.Length, _server.RequestCount);
        Assert.All(_server.Requests.Take(ranges.Length - 1), r => Assert.NotNull(r.Range));
        Assert.All(_server.Requests, r => Assert.Equal(200, r.Status));
    }

    [Fact]
    public async Task Bodies_without_Content_Length_are_read_to_their_end()
    {
        _server.OmitContentLength = true;
        var recorder = new ResponseRecorder(new SocketsHttpHandler());
        using var client = new HttpClient(recorder);
        var store = new HttpStore(_server.BaseAddress, client);
        using (var whole = await store.GetAsync("a/c/0/0"))
        {
            Assert.Equal(Value, whole!.Span.ToArray());
        }

        using (var slice = await store.GetAsync("a/c/0/0", ByteRange.Slice(100, 50)))
        {
            Assert.Equal(Value[100..150], slice!.Span.ToArray());
        }

        // Proves the chunked path was taken: neither response announced its length.
        Assert.Equal(2, recorder.Responses.Count);
        Assert.All(recorder.Responses, r => Assert.Null(r.ContentLength));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PartialContent], recorder.Responses.Select(r => r.Status));
    }

    [Fact]
    public async Task Http_500_is_a_store_exception_naming_the_url_and_status()
    {
        _server.Fail("a/c/0/1", 500);
        var e = await Assert.ThrowsAsync<ZarrStoreException>(async () => await _store.GetAsync("a/c/0/1"));
        Assert.Contains(_store.UrlOf("a/c/0/1").AbsoluteUri, e.Message, StringComparison.Ordinal);
        Assert.Contains("500", e.Message, StringComparison.Ordinal);
        Assert.Equal("a/c/0/1", e.Key);
        Assert.Equal(_store.Location, e.Store);
        Assert.Equal(1, _server.RequestCount); // a server error is not retried

        await Assert.ThrowsAsync<ZarrStoreException>(async () => await _store.ExistsAsync("a/c/0/1"));
    }

    [Fact]
    public async Task Transient_statuses_are_retried()
    {
        _server.Fail("a/c/0/1", 503, times: 2);
        using var got = await _store.GetAsync("a/c/0/1");
        Assert.Equal(new byte[] { 1, 2, 3 }, got!.Span.ToArray());
        Assert.Equal([503, 503, 200], _server.RequestsFor("a/c/0/1").Select(r => r.Status));
    }

    [Fact]
    public async Task Transient_statuses_that_persist_fail_after_the_retries()
    {
        _server.Fail("a/c/0/1", 502);
        var store = new HttpStore(_server.BaseAddress) { MaxRetries = 1 };
        var e = await Assert.ThrowsAsync<ZarrStoreException>(async () => await store.GetAsync("a/c/0/1"));
        Assert.Contains("502", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, _server.RequestCount);
    }

    [Fact]
    public async Task Gone_and_missing_keys_read_as_null()
    {
        _server.Fail("a/c/0/1", 410);
        Assert.Null(await _store.GetAsync("a/c/0/1"));
        Assert.Null(await _store.GetAsync("a/c/0/1", ByteRange.Suffix(2)));
        Assert.False(await _store.ExistsAsync("a/c/0/1"));
        Assert.Null(await _store.GetAsync("a/c/7/7", ByteRange.Slice(0, 4)));
    }

    [Fact]
    public async Task A_range_past_the_end_is_empty()
    {
        using var got = await _store.GetAsync("a/c/0/1", ByteRange.From(10));
        Assert.Equal(0, got!.Length);
        Assert.Equal(416, Assert.Single(_server.Requests).Status); // the 416 path, not a local clamp
    }

    [Fact]
    public async Task Exists_falls_back_to_a_one_byte_get_when_HEAD_is_refused()
    {
        _server.RejectHead = true;
        Assert.True(await _store.ExistsAsync("a/c/0/0"));
        Assert.True(await _store.ExistsAsync("a/c/1/0")); // empty: the one-byte range is unsatisfiable
        Assert.False(await _store.ExistsAsync("a/c/9/9"));
        var requests = _server.Requests;
        Assert.Equal(["HEAD", "GET", "HEAD", "GET", "HEAD", "GET"], requests.Select(r => r.Method));
        Assert.All(requests.Where(r => r.Method == "GET"), r => Assert.Equal("bytes=0-0", r.Range));
        Assert.Equal([405, 206, 405, 416, 405, 404], requests.Select(r => r.Status));
    }

    [Fact]
    public async Task Connection_refused_is_a_store_exception()
    {
        var store = new HttpStore(new Uri($"http://127.0.0.1:{UnusedPort()}/data/")) { MaxRetries = 1 };
        var e = await Assert.ThrowsAsync<ZarrStoreException>(async () => await store.GetAsync("a/c/0/0"));
        Assert.Contains(store.UrlOf("a/c/0/0").AbsoluteUri, e.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(e.InnerException);
        await Assert.ThrowsAsync<ZarrStoreException>(async () => await store.ExistsAsync("a/c/0/0"));
    }

    [Fact]
    public async Task Cancellation_surfaces_as_OperationCanceledException()
    {
        _server.Delay = TimeSpan.FromSeconds(20);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _store.GetAsync("a/c/0/0", ByteRange.Slice(0, 8), cancellation.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(cancellation.Token, e.CancellationToken);

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _store.ExistsAsync("a/c/0/0", cancelled.Token));
    }

    [Fact]
    public async Task A_server_that_stalls_times_out_as_a_store_exception()
    {
        _server.Delay = TimeSpan.FromSeconds(20);
        var store = new HttpStore(_server.BaseAddress) { RequestTimeout = TimeSpan.FromMilliseconds(300), MaxRetries = 0 };
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<ZarrStoreException>(async () => await store.GetAsync("a/c/0/0"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Contains("0.3 s", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_206_for_other_bytes_than_asked_is_rejected()
    {
        // The real server answers correctly; the client-side handler then misreports where the bytes start.
        using var client = new HttpClient(new ContentRangeShifter(new SocketsHttpHandler()));
        var store = new HttpStore(_server.BaseAddress, client);
        var e = await Assert.ThrowsAsync<ZarrStoreException>(async () => await store.GetAsync("a/c/0/0", ByteRange.Slice(100, 10)));
        Assert.Contains("Content-Range", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_retry_counts_are_rejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new HttpStore(_server.BaseAddress) { MaxRetries = -1 });

    private static int UnusedPort()
    {
        // Bind, note the port, close: nothing listens there afterwards.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private sealed class ResponseRecorder(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public List<(HttpStatusCode Status, long? ContentLength)> Responses { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            lock (Responses)
            {
                Responses.Add((response.StatusCode, response.Content.Headers.ContentLength));
            }

            return response;
        }
    }

    private sealed class ContentRangeShifter(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Content.Headers.ContentRange is { From: { } from, To: { } to, Length: { } length })
            {
                response.Content.Headers.ContentRange = new ContentRangeHeaderValue(from + 1, to + 1, length);
            }

            return response;
        }
    }
}
