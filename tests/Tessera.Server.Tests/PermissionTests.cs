using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Tessera.Server.Tests;

/// <summary>Objects the caller may not read are "not found" on every endpoint, and a public read-only server writes nothing.</summary>
public sealed class PermissionTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private string[] PrivateUrls =>
    [
        $"/api/v1/images/{server.PrivateImage}",
        $"/api/v1/datasets/{server.PrivateDataset}",
        $"/api/v1/datasets/{server.PrivateDataset}/images",
        $"/api/v1/images/{server.PrivateImage}/annotations",
        $"/api/v1/images/{server.PrivateImage}/rois",
        $"/api/v1/images/{server.PrivateImage}/rendering",
        $"/zarr/{server.PrivateImage}/zarr.json",
        $"/zarr/{server.PrivateImage}/0/zarr.json",
    ];

    [Fact]
    public async Task Anonymous_and_other_members_get_404_for_private_objects_and_see_nothing_of_them_in_search()
    {
        using var anonymous = server.Client();
        using var bob = await server.LoginAsync("bob", ServerFixture.BobPassword);
        using var alice = await server.LoginAsync("alice", ServerFixture.AlicePassword);
        foreach (var url in PrivateUrls)
        {
            Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync(url)).StatusCode);
            foreach (var (who, client) in new[] { ("anonymous", anonymous), ("bob", bob) })
            {
                var response = await client.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{who} {url}: {response.StatusCode}");
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            }
        }

        foreach (var (who, client, expected) in new[] { ("anonymous", anonymous, 0), ("bob", bob, 0), ("alice", alice, 1) })
        {
            var search = JsonNode.Parse(await client.GetStringAsync("/api/v1/search?kv=Gene%20Symbol=SECRET1"))!;
            Assert.True(expected == (long)search["meta"]!["totalCount"]!, $"{who}: search");
            var organism = JsonNode.Parse(await client.GetStringAsync("/api/v1/search?kv=Organism=Homo%20sapiens&facet=Gene%20Symbol"))!;
            Assert.Equal(1 + expected, (long)organism["meta"]!["totalCount"]!);
            var genes = organism["facets"]![0]!["values"]!.AsArray().Select(v => (string)v!["value"]!).ToList();
            Assert.Equal(expected == 1, genes.Contains("SECRET1"));
            var values = JsonNode.Parse(await client.GetStringAsync("/api/v1/search/values?key=Gene%20Symbol&prefix=SEC"))!["data"]!.AsArray();
            Assert.Equal(expected, values.Count);
            var tags = JsonNode.Parse(await client.GetStringAsync("/api/v1/tags?prefix=class"))!["data"]!.AsArray();
            Assert.Equal(expected, tags.Count);
            var images = JsonNode.Parse(await client.GetStringAsync("/api/v1/images?limit=100"))!["data"]!.AsArray().Select(i => (long)i!["id"]!).ToList();
            Assert.Equal(expected == 1, images.Contains(server.PrivateImage));
            Assert.Contains(server.PublicImage, images);
        }
    }

    [Fact]
    public async Task A_public_read_only_server_refuses_every_write_and_shows_public_groups_only()
    {
        var (app, address) = await ServerFixture.StartAsync(new TesseraServerOptions { RepositoryPath = server.Repository.Root, Urls = "http://127.0.0.1:0", PublicReadOnly = true });
        await using (app)
        {
            using var client = new HttpClient { BaseAddress = address };
            foreach (var (method, url) in new[]
            {
                ("POST", "/api/v1/login"), ("POST", "/api/v1/projects"), ("PATCH", $"/api/v1/images/{server.PublicImage}"), ("DELETE", $"/api/v1/images/{server.PublicImage}"),
                ("POST", "/api/v1/links"), ("PUT", $"/api/v1/images/{server.PublicImage}/rendering"), ("POST", $"/api/v1/images/{server.PublicImage}/annotations"),
                ("PUT", $"/zarr/{server.PublicImage}/zarr.json"), ("POST", "/nowhere"),
            })
            {
                var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = JsonContent.Create(new { name = "x", userName = "alice", password = ServerFixture.AlicePassword }) });
                Assert.True(response.StatusCode == HttpStatusCode.MethodNotAllowed, $"{method} {url}: {response.StatusCode}");
            }

            // Even a valid session cookie from the normal server counts for nothing here.
            using var alice = await server.LoginAsync("alice", ServerFixture.AlicePassword);
            var handler = new HttpClientHandler { UseCookies = false };
            using var withCookie = new HttpClient(handler) { BaseAddress = address };
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/images/{server.PrivateImage}");
            request.Headers.Add("Cookie", $"tessera_session={await SessionCookieAsync()}");
            Assert.Equal(HttpStatusCode.NotFound, (await withCookie.SendAsync(request)).StatusCode);
            var groups = JsonNode.Parse(await client.GetStringAsync("/api/v1/groups"))!["data"]!.AsArray().Select(g => (string)g!["name"]!).ToList();
            Assert.Equal(["open-lab"], groups);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/zarr/{server.PublicImage}/.zattrs")).StatusCode);
            await app.StopAsync();
        }
    }

    private async Task<string> SessionCookieAsync()
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var client = server.Client(handler);
        (await client.PostAsJsonAsync("/api/v1/login", new { userName = "alice", password = ServerFixture.AlicePassword })).EnsureSuccessStatusCode();
        return handler.CookieContainer.GetCookies(server.BaseAddress)["tessera_session"]!.Value;
    }
}
