using System.Text;
using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Storage;

/// <summary>The store conformance suite and the basics of HTTP addressing, against a real Kestrel server.</summary>
public sealed class HttpStoreTests : ReadableStoreConformance, IAsyncLifetime
{
    private readonly TestDirectory _directory = new();
    private StaticFileServer? _server;
    private int _stores;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _directory.Dispose();
    }

    protected override async Task<IStore> CreateStoreAsync(IReadOnlyDictionary<string, byte[]> contents)
    {
        var (_, store) = await ServeAsync(contents);
        return store;
    }

    [Fact]
    public async Task Ranges_go_out_as_Range_headers_and_come_back_206()
    {
        var (server, store) = await ServeAsync(Sample);
        using var got = await store.GetAsync("a/c/0/0", ByteRange.Slice(10, 10));
        Assert.Equal(Sample["a/c/0/0"][10..20], got!.Span.ToArray());

        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        Assert.EndsWith("/a/c/0/0", "/" + request.Path, StringComparison.Ordinal);
        Assert.Equal("bytes=10-19", request.Range);
        Assert.Equal(206, request.Status);
    }

    [Fact]
    public async Task The_default_client_never_asks_for_a_content_encoding()
    {
        var (server, store) = await ServeAsync(Sample);
        using var got = await store.GetAsync("zarr.json");
        Assert.NotNull(got);
        Assert.Null(Assert.Single(server.Requests).AcceptEncoding);
    }

    [Fact]
    public async Task Values_larger_than_the_first_buffer_read_whole()
    {
        var big = new byte[300_000];
        new Random(7).NextBytes(big);
        var (_, store) = await ServeAsync(new Dictionary<string, byte[]> { ["c/0/0"] = big });
        using var whole = await store.GetAsync("c/0/0");
        Assert.Equal(big, whole!.Span.ToArray());
        using var tail = await store.GetAsync("c/0/0", ByteRange.From(100_000));
        Assert.Equal(big[100_000..], tail!.Span.ToArray());
    }

    [Theory]
    [InlineData("sp ace/per%cent")]
    [InlineData("hash#and?query")]
    [InlineData("plus+amp&eq=semi;")]
    [InlineData("µm/ünïcode/日本")]
    [InlineData(".zattrs")]
    [InlineData("x.y/...")]
    public async Task Keys_are_escaped_segment_by_segment(string key)
    {
        var value = Encoding.UTF8.GetBytes("value of " + key);
        var (server, store) = await ServeAsync(new Dictionary<string, byte[]> { [key] = value });
        using var got = await store.GetAsync(key);
        Assert.Equal(value, got!.Span.ToArray());
        Assert.True(await store.ExistsAsync(key));

        // The server saw the key itself, not a truncated or re-split path.
        Assert.All(server.Requests, r => Assert.EndsWith("/" + key, "/" + r.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void Urls_are_the_base_path_plus_escaped_segments()
    {
        var store = new HttpStore(new Uri("http://127.0.0.1:9/data/img.zarr"));
        Assert.Equal("http://127.0.0.1:9/data/img.zarr/", store.Location);
        Assert.Equal("http://127.0.0.1:9/data/img.zarr/a%20b/c%23d/%C2%B5m", store.UrlOf("a b/c#d/µm").AbsoluteUri);
        Assert.Equal(16, ((IStore)store).PreferredConcurrency);
    }

    [Fact]
    public async Task A_base_url_without_trailing_slash_is_a_directory()
    {
        var (server, _) = await ServeAsync(Sample);
        var name = server.BaseAddress.AbsoluteUri + "store" + _stores; // the folder just written, no slash
        var store = new HttpStore(new Uri(name));
        Assert.Equal(name + "/", store.Location);
        using var got = await store.GetAsync("b/x.y/deep/key");
        Assert.Equal(Sample["b/x.y/deep/key"], got!.Span.ToArray());
    }

    [Theory]
    [InlineData("ftp://user:secret@127.0.0.1/data/")]
    [InlineData("file:///tmp/data/")]
    [InlineData("http://127.0.0.1/data/?token=secret")]
    [InlineData("http://127.0.0.1/data/#fragment")]
    [InlineData("http://user:secret@127.0.0.1/data/")]
    public void Base_urls_that_cannot_hold_keys_are_rejected(string url)
    {
        var e = Assert.Throws<ArgumentException>(() => new HttpStore(new Uri(url)));
        Assert.DoesNotContain("secret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_base_urls_are_rejected() =>
        Assert.Throws<ArgumentException>(() => new HttpStore(new Uri("data/img.zarr", UriKind.Relative)));

    [Fact]
    public async Task Zero_length_ranges_ask_only_whether_the_key_exists()
    {
        var (server, store) = await ServeAsync(Sample);
        using (var empty = await store.GetAsync("a/c/0/0", ByteRange.Slice(5, 0)))
        {
            Assert.Equal(0, empty!.Length);
        }

        using (var empty = await store.GetAsync("a/c/0/0", ByteRange.Suffix(0)))
        {
            Assert.Equal(0, empty!.Length);
        }

        Assert.Null(await store.GetAsync("missing", ByteRange.Slice(5, 0)));
        Assert.All(server.Requests, r => Assert.Equal("HEAD", r.Method));
        Assert.Equal(3, server.RequestCount);
    }

    [Fact]
    public async Task A_caller_supplied_client_is_used_and_not_disposed()
    {
        var (server, _) = await ServeAsync(Sample);
        var counter = new CountingHandler(new SocketsHttpHandler());
        using var client = new HttpClient(counter);
        var store = new HttpStore(new Uri(server.BaseAddress, "store" + _stores + "/"), client);
        using (var got = await store.GetAsync("a/c/0/1"))
        {
            Assert.Equal(Sample["a/c/0/1"], got!.Span.ToArray());
        }

        Assert.True(await store.ExistsAsync("a/zarr.json"));
        Assert.Equal(2, counter.Count);
        using var response = await client.GetAsync(server.BaseAddress); // still usable
        Assert.Equal(1, counter.Count - 2);
    }

    /// <summary>Writes <paramref name="contents"/> into a new folder under the served directory and opens it over HTTP.</summary>
    private async Task<(StaticFileServer Server, HttpStore Store)> ServeAsync(IReadOnlyDictionary<string, byte[]> contents)
    {
        var name = "store" + Interlocked.Increment(ref _stores);
        var files = new FileSystemStore(_directory.Combine(name));
        foreach (var (key, value) in contents)
        {
            await files.SetAsync(key, value);
        }

        _server ??= await StaticFileServer.StartAsync(_directory.Path);
        _server.ClearRequests();
        return (_server, new HttpStore(new Uri(_server.BaseAddress, name + "/")));
    }

    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _count;

        public int Count => _count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
