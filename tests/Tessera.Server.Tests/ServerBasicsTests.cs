using System.Net;
using System.Text.Json.Nodes;

namespace Tessera.Server.Tests;

/// <summary>Health, the OpenAPI document, problem details for unknown routes, and paging metadata.</summary>
public sealed class ServerBasicsTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Health_and_the_OpenAPI_document_describe_the_running_server()
    {
        using var client = server.Client();
        var health = JsonNode.Parse(await client.GetStringAsync("/healthz"))!;
        Assert.Equal(("ok", "sqlite"), ((string)health["status"]!, (string)health["catalog"]!));

        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        Assert.StartsWith("3.", (string)document["openapi"]!, StringComparison.Ordinal);
        var paths = document["paths"]!.AsObject().Select(p => p.Key).ToList();
        foreach (var expected in new[] { "/api/v1/login", "/api/v1/search", "/api/v1/{collection}/{id}", "/zarr/{imageId}/{key}", "/thumbnail/{id}", "/render/{id}", "/webgateway/imgData/{id}" })
        {
            Assert.Contains(expected, paths);
        }
    }

    [Fact]
    public async Task Unknown_routes_are_problem_details_and_lists_carry_paging_metadata()
    {
        using var client = server.Client();
        var missing = await client.GetAsync("/no/such/thing");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);

        var page = JsonNode.Parse(await client.GetStringAsync("/api/v1/images?offset=1&limit=1"))!;
        Assert.Equal((1L, 1L), ((long)page["meta"]!["offset"]!, (long)page["meta"]!["limit"]!));
        Assert.True((long)page["meta"]!["totalCount"]! >= 3);
        Assert.Single(page["data"]!.AsArray());

        var plate = JsonNode.Parse(await client.GetStringAsync($"/api/v1/plates/{server.PublicPlate}"))!;
        Assert.Equal(6, plate["wells"]!.AsArray().Count);
        Assert.All(plate["wells"]!.AsArray(), w => Assert.Equal(2, w!["fields"]!.AsArray().Count));
        Assert.Equal(["A", "B"], plate["rows"]!.AsArray().Select(r => (string)r!));
    }
}
