using System.Net;
using System.Net.Http.Headers;

namespace Tessera.Server.Tests;

/// <summary>/zarr/ serves stored keys byte for byte, with ranges, validators and CORS, and nothing outside the image.</summary>
public sealed class ZarrEndpointTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Every_stored_key_comes_back_byte_exact_with_its_content_type()
    {
        using var client = server.Client();
        var root = server.ImagePath(server.PublicImage);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToList();
        Assert.True(files.Count > 10);
        foreach (var file in files)
        {
            var key = Path.GetRelativePath(root, file).Replace('\\', '/');
            var response = await client.GetAsync($"/zarr/{server.PublicImage}/{key}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{key}: {response.StatusCode}");
            Assert.Equal(await File.ReadAllBytesAsync(file), await response.Content.ReadAsByteArrayAsync());
            var expected = key.EndsWith(".zattrs", StringComparison.Ordinal) || key.EndsWith(".zarray", StringComparison.Ordinal) || key.EndsWith(".zgroup", StringComparison.Ordinal) ? "application/json" : "application/octet-stream";
            Assert.Equal(expected, response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }
    }

    [Fact]
    public async Task Ranges_validators_head_and_preflight_follow_HTTP()
    {
        using var client = server.Client();
        var root = server.ImagePath(server.PublicImageV05);
        var chunk = Directory.EnumerateFiles(Path.Combine(root, "0"), "*", SearchOption.AllDirectories).First(f => Path.GetFileName(f) != "zarr.json");
        var key = Path.GetRelativePath(root, chunk).Replace('\\', '/');
        var bytes = await File.ReadAllBytesAsync(chunk);
        var url = $"/zarr/{server.PublicImageV05}/{key}";

        var range = new HttpRequestMessage(HttpMethod.Get, url);
        range.Headers.Range = new RangeHeaderValue(10, 29);
        var partial = await client.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(bytes[10..30], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes 10-29/{bytes.Length}", partial.Content.Headers.ContentRange!.ToString());

        var suffix = new HttpRequestMessage(HttpMethod.Get, url);
        suffix.Headers.Range = new RangeHeaderValue(null, 7);
        Assert.Equal(bytes[^7..], await (await client.SendAsync(suffix)).Content.ReadAsByteArrayAsync());

        var beyond = new HttpRequestMessage(HttpMethod.Get, url);
        beyond.Headers.Range = new RangeHeaderValue(bytes.Length + 10, bytes.Length + 20);
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, (await client.SendAsync(beyond)).StatusCode);

        var full = await client.GetAsync(url);
        var etag = full.Headers.ETag!;
        var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);

        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(bytes.Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());

        var preflight = new HttpRequestMessage(HttpMethod.Options, url);
        preflight.Headers.Add("Origin", "http://viewer.example");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        var allowed = await client.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Contains("Range", allowed.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_that_are_missing_or_leave_the_image_are_refused_and_the_catalogue_stays_unreachable()
    {
        using var client = server.Client();
        var id = server.PublicImage;
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/zarr/{id}/0/99/99/99")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/zarr/{id}/")).StatusCode);
        foreach (var hostile in new[] { "..%2F..%2F..%2Fcatalog.db", "0%2F..%2F..%2F..%2Frepository.json", "%2e%2e/%2e%2e/catalog.db", "0\\..\\..\\x", "a//b" })
        {
            var response = await client.GetAsync($"/zarr/{id}/{hostile}");
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{hostile}: {response.StatusCode}");
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{hostile}: {response.Content.Headers.ContentType}");
            Assert.DoesNotContain("SQLite", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Kestrel itself refuses a NUL in the path, before any of our code runs.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/zarr/{id}/%00")).StatusCode);

        var plate = await client.GetAsync($"/zarr/plates/{server.PublicPlate}/.zattrs");
        Assert.Equal(HttpStatusCode.OK, plate.StatusCode);
        Assert.Contains("\"plate\"", await plate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
