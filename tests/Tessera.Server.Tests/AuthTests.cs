using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Tessera.Server.Tests;

/// <summary>Logins, cookie sessions with CSRF, API tokens, garbage credentials, and sessions shared by server processes.</summary>
public sealed class AuthTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Login_sets_a_session_that_survives_a_second_server_and_ends_at_logout()
    {
        using var anonymous = server.Client();
        var before = JsonNode.Parse(await anonymous.GetStringAsync("/api/v1/session"))!;
        Assert.True((bool)before["anonymous"]!);

        var wrong = await anonymous.PostAsJsonAsync("/api/v1/login", new { userName = "alice", password = "nope" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var unknown = await anonymous.PostAsJsonAsync("/api/v1/login", new { userName = "mallory", password = "nope" });
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(
            JsonNode.Parse(await wrong.Content.ReadAsStringAsync())!["detail"]!.ToString(),
            JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["detail"]!.ToString());

        var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var alice = server.Client(handler);
        var login = await alice.PostAsJsonAsync("/api/v1/login", new { userName = "alice", password = ServerFixture.AlicePassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var cookie = login.Headers.GetValues("Set-Cookie").Single();
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("alice", (string)JsonNode.Parse(await alice.GetStringAsync("/api/v1/session"))!["user"]!["userName"]!);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/api/v1/images/{server.PrivateImage}")).StatusCode);

        // Another server process on the same catalogue knows the session (nothing lives only in one server's memory).
        var (second, address) = await ServerFixture.StartAsync(new TesseraServerOptions { RepositoryPath = server.Repository.Root, Urls = "http://127.0.0.1:0" });
        await using (second)
        {
            using var elsewhere = new HttpClient(new HttpClientHandler { CookieContainer = handler.CookieContainer.WithHost(server.BaseAddress, address) }) { BaseAddress = address };
            Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync($"/api/v1/images/{server.PrivateImage}")).StatusCode);
            await second.StopAsync();
        }

        var csrf = (string)JsonNode.Parse(await login.Content.ReadAsStringAsync())!["csrfToken"]!;
        alice.DefaultRequestHeaders.Add("X-CSRF-Token", csrf);
        Assert.Equal(HttpStatusCode.NoContent, (await alice.PostAsync("/api/v1/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/api/v1/images/{server.PrivateImage}")).StatusCode);
    }

    [Fact]
    public async Task Cookie_writes_need_the_CSRF_token_and_tokens_do_not()
    {
        using var noCsrf = await server.LoginAsync("alice", ServerFixture.AlicePassword, withCsrf: false);
        var refused = await noCsrf.PostAsJsonAsync("/api/v1/projects", new { name = "forged" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("X-CSRF-Token", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        noCsrf.DefaultRequestHeaders.Add("X-CSRF-Token", "0123456789abcdef0123456789abcdef");
        Assert.Equal(HttpStatusCode.Forbidden, (await noCsrf.PostAsJsonAsync("/api/v1/projects", new { name = "forged" })).StatusCode);

        using var alice = await server.LoginAsync("alice", ServerFixture.AlicePassword);
        var created = await alice.PostAsJsonAsync("/api/v1/projects", new { name = "by cookie" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var token = (string)JsonNode.Parse(await (await alice.PostAsJsonAsync("/api/v1/tokens", new { name = "script", days = 30 })).Content.ReadAsStringAsync())!["token"]!;
        using var script = server.Client();
        script.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Created, (await script.PostAsJsonAsync("/api/v1/projects", new { name = "by token" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await script.PostAsJsonAsync("/api/v1/tokens/revoke", new { token })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/v1/projects")).StatusCode);

        using var anonymous = server.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/projects", new { name = "anonymous" })).StatusCode);
    }

    [Fact]
    public async Task Garbage_cookies_and_tokens_get_4xx_or_anonymous_never_500()
    {
        foreach (var cookie in new[] { "x", new string('A', 4000), "%00%ff", "\"quoted\"", "a=b; c", "%E2%98%83" })
        {
            using var client = server.Client(new HttpClientHandler { UseCookies = false });
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/images/{server.PublicImage}");
            request.Headers.TryAddWithoutValidation("Cookie", $"tessera_session={cookie}");
            var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"cookie {cookie[..Math.Min(10, cookie.Length)]}: {response.StatusCode}");
            var secret = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/images/{server.PrivateImage}");
            secret.Headers.TryAddWithoutValidation("Cookie", $"tessera_session={cookie}");
            Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(secret)).StatusCode);
        }

        foreach (var header in new[] { "Bearer ", "Bearer x", "Bearer " + new string('z', 300), "Basic YWxpY2U6YWxpY2U=" })
        {
            using var client = server.Client();
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/projects");
            request.Headers.TryAddWithoutValidation("Authorization", header);
            var response = await client.SendAsync(request);
            Assert.True((int)response.StatusCode is 200 or 401, $"{header}: {response.StatusCode}");
        }

        using var bad = server.Client();
        var malformed = await bad.PostAsync("/api/v1/login", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }
}
