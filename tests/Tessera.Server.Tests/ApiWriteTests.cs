using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Tessera.Server.Tests;

/// <summary>Writes through the JSON API — create, rename, annotate, link and move, delete — as the caller's rights allow.</summary>
public sealed class ApiWriteTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Owners_create_rename_annotate_move_and_delete_and_others_are_refused()
    {
        using var alice = await server.LoginAsync("alice", ServerFixture.AlicePassword);
        using var bob = await server.LoginAsync("bob", ServerFixture.BobPassword);
        var groups = JsonNode.Parse(await alice.GetStringAsync("/api/v1/groups"))!["data"]!.AsArray();
        var open = (long)groups.First(g => (string)g!["name"]! == "open-lab")!["id"]!;

        var project = await CreatedAsync(alice, "/api/v1/projects", new { name = "Mitosis", description = "cells dividing", groupId = open });
        var first = await CreatedAsync(alice, "/api/v1/datasets", new { name = "Day 1", groupId = open });
        var second = await CreatedAsync(alice, "/api/v1/projects", new { name = "Archive", groupId = open });
        Assert.Equal(HttpStatusCode.NoContent, (await alice.PostAsJsonAsync("/api/v1/links", new { parent = $"project:{project}", child = $"dataset:{first}" })).StatusCode);
        Assert.Equal(1L, (long)JsonNode.Parse(await alice.GetStringAsync($"/api/v1/projects/{project}/datasets"))!["meta"]!["totalCount"]!);

        // Move: into the archive, out of the first project.
        Assert.Equal(HttpStatusCode.NoContent, (await alice.PostAsJsonAsync("/api/v1/links", new { parent = $"project:{second}", child = $"dataset:{first}", from = $"project:{project}" })).StatusCode);
        Assert.Equal(0L, (long)JsonNode.Parse(await alice.GetStringAsync($"/api/v1/projects/{project}/datasets"))!["meta"]!["totalCount"]!);
        Assert.Equal(1L, (long)JsonNode.Parse(await alice.GetStringAsync($"/api/v1/projects/{second}/datasets"))!["meta"]!["totalCount"]!);

        var renamed = await alice.PatchAsJsonAsync($"/api/v1/projects/{project}", new { name = "Mitosis 2" });
        Assert.Equal("Mitosis 2", (string)JsonNode.Parse(await renamed.Content.ReadAsStringAsync())!["name"]!);

        var annotated = await alice.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { kind = "map", pairs = new[] { new[] { "Study Type", "time course" } } });
        Assert.Equal(HttpStatusCode.Created, annotated.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { kind = "tag", tag = "mitosis" })).StatusCode);
        var annotations = JsonNode.Parse(await alice.GetStringAsync($"/api/v1/projects/{project}/annotations"))!["data"]!.AsArray();
        Assert.Equal(["map", "tag"], annotations.Select(a => (string)a!["kind"]!).Order());
        var found = JsonNode.Parse(await bob.GetStringAsync("/api/v1/search?kv=Study%20Type=time%20course"))!;
        Assert.Equal(project, (long)found["data"]![0]!["id"]!);

        // bob reads alice's data in the read-only group but may not change, annotate or delete it.
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"/api/v1/projects/{project}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.PatchAsJsonAsync($"/api/v1/projects/{project}", new { name = "mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { kind = "comment", text = "hi" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.DeleteAsync($"/api/v1/projects/{project}")).StatusCode);
        // …and alice's private group does not exist for him.
        Assert.Equal(HttpStatusCode.NotFound, (await bob.DeleteAsync($"/api/v1/datasets/{server.PrivateDataset}")).StatusCode);

        var bad = await alice.PostAsJsonAsync($"/api/v1/projects/{project}/annotations", new { kind = "map", pairs = new[] { new[] { "only a key" } } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("pairs[0]", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.PostAsJsonAsync("/api/v1/images", new { name = "no" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.PostAsJsonAsync("/api/v1/links", new { parent = "project:x", child = "dataset:1" })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync($"/api/v1/projects/{project}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/api/v1/projects/{project}")).StatusCode);
        var events = await server.Repository.Catalog.ListEventsAsync(server.AdminCaller, limit: 20);
        Assert.Contains(events, e => e.Action == "delete" && e.ObjectId == project);
    }

    private static async Task<long> CreatedAsync(HttpClient client, string url, object body)
    {
        var response = await client.PostAsJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.NotNull(response.Headers.Location);
        return (long)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
    }
}
