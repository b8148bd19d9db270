using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tessera.Catalog;
using Tessera.Catalog.Import;
using Tessera.Catalog.Tests;
using Tessera.Imaging;
using Tessera.Imaging.Png;
using Tessera.Ngff;
using Tessera.Zarr;
using Tessera.Zarr.Storage;

namespace Tessera.Server.Tests;

/// <summary>
/// Rendering through HTTP on the sample images (uint16 ramps, value = index % 4096): windows, colours, greyscale,
/// inactive channels and projections come back as the pixels the test computes from the stored values.
/// </summary>
public sealed class RenderingEndpointTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Render_applies_window_colour_and_active_channels_as_OMERO_web()
    {
        using var client = server.Client();
        var id = server.PublicImage;
        var plane = await PlaneAsync(id, c: 0, z: 1);
        var red = await PngAsync(client, $"/render/{id}?z=1&c=1|0:4096$FF0000,-2&m=c&format=png&region=0,0,96,96");
        AssertPixels(red, 96, (x, y) => (Scale(plane[y * 96 + x], 0, 4096), 0, 0));

        // Greyscale shows the first active channel; the second channel's own window.
        var second = await PlaneAsync(id, c: 1, z: 1);
        var grey = await PngAsync(client, $"/render/{id}?z=1&c=-1,2|1024:3072&m=g&format=png");
        AssertPixels(grey, 96, (x, y) => Grey(Scale(second[y * 96 + x], 1024, 3072)));

        // Two colours add up; maximum intensity projection over z before windowing.
        var planes = await Task.WhenAll(Enumerable.Range(0, 3).Select(z => PlaneAsync(id, c: 0, z: z)));
        var greens = await Task.WhenAll(Enumerable.Range(0, 3).Select(z => PlaneAsync(id, c: 1, z: z)));
        var projected = await PngAsync(client, $"/render/{id}?c=1|0:4096$FF0000,2|0:4096$00FF00&p=intmax&format=png");
        AssertPixels(projected, 96, (x, y) =>
        {
            var i = y * 96 + x;
            return (Scale(planes.Max(p => p[i]), 0, 4096), Scale(greens.Max(p => p[i]), 0, 4096), 0);
        });

        // The OMERO.web route gives the same bytes for the same request.
        var direct = await client.GetByteArrayAsync($"/render/{id}?z=1&t=0&tile=0,1,0,32,32&c=1|0:4096$FF0000,-2&m=c&format=png");
        var gateway = await client.GetByteArrayAsync($"/webgateway/render_image_region/{id}/1/0/?tile=0,1,0,32,32&c=1|0:4096$FF0000,-2&m=c&format=png");
        Assert.Equal(direct, gateway);
        var tile = PngImage.Decode(direct, "tile");
        Assert.Equal((32, 32), (tile.Width, tile.Height));
        AssertPixels(tile, 32, (x, y) => (Scale(plane[y * 96 + x + 32], 0, 4096), 0, 0));
    }

    [Fact]
    public async Task Thumbnails_come_from_a_small_level_are_cached_and_follow_saved_settings()
    {
        using var alice = await server.LoginAsync("alice", ServerFixture.AlicePassword);
        var id = server.PublicImageV05;
        var first = await alice.GetAsync($"/thumbnail/{id}?size=24");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("image/jpeg", first.Content.Headers.ContentType!.MediaType);
        var jpeg = Tessera.Imaging.Jpeg.JpegImage.Decode(await first.Content.ReadAsByteArrayAsync(), "thumbnail");
        Assert.Equal((24, 24), (jpeg.Width, jpeg.Height));
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(server.Repository.Root, "cache", "thumbnails"), "*", SearchOption.AllDirectories));

        var again = new HttpRequestMessage(HttpMethod.Get, $"/thumbnail/{id}?size=24");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await alice.SendAsync(again)).StatusCode);

        var settings = new JsonObject
        {
            ["model"] = "color",
            ["channels"] = new JsonArray(
                new JsonObject { ["color"] = "FF00FF", ["start"] = 0, ["end"] = 100, ["active"] = true },
                new JsonObject { ["color"] = "00FF00", ["start"] = 0, ["end"] = 4095, ["active"] = false }),
        };
        var saved = await alice.PutAsync($"/api/v1/images/{id}/rendering", new StringContent(settings.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
        var after = await alice.GetAsync($"/thumbnail/{id}?size=24");
        Assert.NotEqual(first.Headers.ETag, after.Headers.ETag);
        var magenta = Tessera.Imaging.Jpeg.JpegImage.Decode(await after.Content.ReadAsByteArrayAsync(), "thumbnail");
        Assert.True(magenta.Pixels.Where((_, i) => i % 3 == 1).Average(v => v) < 16, "green must be off with only a magenta channel active");

        // Anonymous visitors still get the image's own settings, not alice's.
        using var anonymous = server.Client();
        var theirs = await anonymous.GetAsync($"/thumbnail/{id}?size=24");
        Assert.Equal(first.Headers.ETag, theirs.Headers.ETag);
    }

    [Fact]
    public async Task A_settings_change_made_through_another_server_shows_within_the_memo_lifetime()
    {
        var directory = Path.Combine(server.Root, "shared.zarr");
        await OmeZarrSamples.WriteImageAsync(directory, NgffVersion.V0_5, size: 32, planes: 1, levels: 1, name: "shared");
        var owner = await server.Repository.Catalog.CallerAsync("alice");
        var id = (await RepositoryImport.ImportAsync(server.Repository, owner, directory, ImportTarget.Dataset("Shared") with { GroupName = "open-lab" }, false)).Images[0].Id;

        using var anonymous = server.Client();
        var before = (await anonymous.GetAsync($"/thumbnail/{id}?size=16")).Headers.ETag;
        var (other, address) = await ServerFixture.StartAsync(new TesseraServerOptions { RepositoryPath = server.Repository.Root, Urls = "http://127.0.0.1:0" });
        await using (other)
        {
            using var elsewhere = new HttpClient { BaseAddress = address };
            var login = JsonNode.Parse(await (await elsewhere.PostAsJsonAsync("/api/v1/login", new { userName = "alice", password = ServerFixture.AlicePassword })).Content.ReadAsStringAsync())!;
            elsewhere.DefaultRequestHeaders.Add("X-CSRF-Token", (string)login["csrfToken"]!);
            var settings = """{"model":"color","channels":[{"color":"FFFF00","start":0,"end":50,"active":true},{"color":"00FFFF","start":0,"end":50,"active":true}]}""";
            var saved = await elsewhere.PutAsync($"/api/v1/images/{id}/rendering?asDefault=true", new StringContent(settings, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.NoContent, saved.StatusCode);
            await other.StopAsync();
        }

        // This server may answer from its memo for at most ResponseMemo.Lifetime; after that, the new settings.
        await Task.Delay(ResponseMemo.Lifetime + TimeSpan.FromMilliseconds(500));
        var after = (await anonymous.GetAsync($"/thumbnail/{id}?size=16")).Headers.ETag;
        Assert.NotEqual(before, after);
    }

    [Fact]
    public async Task A_plate_sprite_holds_every_well_thumbnail_in_its_layout_cell()
    {
        using var client = server.Client();
        var layout = JsonNode.Parse(await client.GetStringAsync($"/api/v1/plates/{server.PublicPlate}/thumbnails?field=1&size=32"))!;
        Assert.Equal(6, layout["wells"]!.AsArray().Count);
        Assert.All(layout["wells"]!.AsArray(), w => Assert.NotNull(w!["imageId"]));
        var response = await client.GetAsync((string)layout["sprite"]!);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sprite = Tessera.Imaging.Jpeg.JpegImage.Decode(await response.Content.ReadAsByteArrayAsync(), "sprite");
        Assert.Equal(((int)layout["width"]!, (int)layout["height"]!), (sprite.Width, sprite.Height));
        Assert.Equal((96, 64), (sprite.Width, sprite.Height));

        // Each cell matches that well's own thumbnail (JPEG twice: within a tolerance).
        foreach (var well in layout["wells"]!.AsArray())
        {
            var thumbnail = Tessera.Imaging.Jpeg.JpegImage.Decode(await client.GetByteArrayAsync($"/thumbnail/{(long)well!["imageId"]!}?size=32"), "thumbnail");
            var (left, top) = ((int)well["x"]!, (int)well["y"]!);
            double difference = 0;
            for (var y = 0; y < 32; y++)
            {
                for (var x = 0; x < 32; x++)
                {
                    for (var k = 0; k < 3; k++)
                    {
                        difference += Math.Abs(sprite.Pixels[((top + y) * sprite.Width + left + x) * 3 + k] - thumbnail.Pixels[(y * 32 + x) * 3 + k]);
                    }
                }
            }

            Assert.True(difference / (32 * 32 * 3) < 6, $"well {well["name"]}: mean difference {difference / (32 * 32 * 3):F1}");
        }

        var cached = await client.GetAsync((string)layout["sprite"]!);
        Assert.Equal(response.Headers.ETag, cached.Headers.ETag);
    }

    [Fact]
    public async Task Private_images_are_not_found_on_every_rendering_route()
    {
        using var anonymous = server.Client();
        using var alice = await server.LoginAsync("alice", ServerFixture.AlicePassword);
        var id = server.PrivateImage;
        foreach (var url in new[]
        {
            $"/thumbnail/{id}", $"/render/{id}", $"/render/{id}?tile=0,0,0", $"/api/v1/images/{id}/histogram", $"/api/v1/images/{id}/viewer",
            $"/webgateway/render_thumbnail/{id}/", $"/webgateway/render_image/{id}/0/0/", $"/webgateway/render_image_region/{id}/0/0/?tile=0,0,0",
            $"/webgateway/imgData/{id}/", $"/webgateway/histogram_json/{id}/channel/0/",
        })
        {
            Assert.True((await alice.GetAsync(url)).StatusCode == HttpStatusCode.OK, $"alice {url}");
            var response = await anonymous.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"anonymous {url}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task Bad_parameters_and_hostile_strings_are_400_with_problem_details_never_500()
    {
        using var client = server.Client();
        var id = server.PublicImage;
        var urls = new List<string>
        {
            $"/render/{id}?c=1|a:b", $"/render/{id}?c=0", $"/render/{id}?c=1|5:1$GGGGGG", $"/render/{id}?c=,,,", $"/render/{id}?c=1|0:4000$FF0000,1",
            $"/render/{id}?c=99999999999999999999", $"/render/{id}?tile=9,0,0", $"/render/{id}?tile=0,999,0", $"/render/{id}?tile=a,b", $"/render/{id}?tile=0,-1,0",
            $"/render/{id}?region=0,0,100000,100000", $"/render/{id}?region=-5,0,10,10", $"/render/{id}?z=3", $"/render/{id}?z=-1", $"/render/{id}?t=1",
            $"/render/{id}?z=abc", $"/render/{id}?m=x", $"/render/{id}?p=intsum", $"/render/{id}?format=gif", $"/render/{id}?q=7000", $"/render/{id}?q=abc",
            $"/thumbnail/{id}?size=100000", $"/thumbnail/{id}?size=0", $"/thumbnail/{id}?size=-3", $"/thumbnail/{id}?size=1e9",
            $"/webgateway/render_image_region/{id}/0/0/", $"/webgateway/render_image_region/{id}/9/0/?tile=0,0,0", $"/webgateway/render_thumbnail/{id}/100000/",
            $"/api/v1/images/{id}/histogram?c=7", $"/api/v1/images/{id}/histogram?bins=0", $"/api/v1/images/{id}/histogram?bins=99999999",
            $"/api/v1/plates/{server.PublicPlate}/thumbnails?field=-1", $"/plate-sprite/{server.PublicPlate}?size=100000",
            "/api/v1/search", "/api/v1/search?kv=", "/api/v1/search?kv==", "/api/v1/search?kv=%3Dx", "/api/v1/search?kv=Gene&type=bogus",
            "/api/v1/search?kv=a=b&limit=-1", "/api/v1/search?kv=a=b&offset=x", "/api/v1/search?kv=a=b&limit=100000",
            "/api/v1/images?limit=abc", "/api/v1/images?offset=-4", "/api/v1/images/1/annotations?kind=bogus", "/api/v1/search/facets/%20",
        };
        foreach (var url in urls)
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            Assert.False(string.IsNullOrWhiteSpace((string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]));
        }

        // Hostile but well-formed search strings are just searches that find nothing.
        foreach (var hostile in new[] { "Gene Symbol=' OR 1=1 --", "x=%25%25%25", "a=\\", "k=" + new string('v', 3000), "Organism=*", "_=_*", "%00=%00" })
        {
            var response = await client.GetAsync($"/api/v1/search?kv={Uri.EscapeDataString(hostile)}");
            Assert.True((int)response.StatusCode is 200 or 400, $"{hostile}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task A_corrupt_chunk_fails_that_request_only()
    {
        var directory = Path.Combine(server.Root, "broken.zarr");
        await OmeZarrSamples.WriteImageAsync(directory, NgffVersion.V0_5, size: 32, planes: 1, levels: 1, name: "broken");
        var alice = await server.Repository.Catalog.CallerAsync("alice");
        var imported = await RepositoryImport.ImportAsync(server.Repository, alice, directory, ImportTarget.Dataset("Broken") with { GroupName = "open-lab" }, false);
        var id = imported.Images[0].Id;
        var root = server.ImagePath(id);
        var chunk = Directory.EnumerateFiles(Path.Combine(root, "0"), "*", SearchOption.AllDirectories).First(f => Path.GetFileName(f) != "zarr.json");
        await File.WriteAllBytesAsync(chunk, [1, 2, 3]);

        using var client = server.Client();
        var broken = await client.GetAsync($"/render/{id}");
        Assert.Equal(HttpStatusCode.InternalServerError, broken.StatusCode);
        Assert.Equal("application/problem+json", broken.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.InternalServerError, (await client.GetAsync($"/thumbnail/{id}")).StatusCode);

        // Everything else keeps serving, the stored bytes of the broken image too.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/render/{server.PublicImage}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/thumbnail/{server.PublicImageV05}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.Equal([1, 2, 3], await client.GetByteArrayAsync($"/zarr/{id}/{Path.GetRelativePath(root, chunk).Replace('\\', '/')}"));
    }

    private async Task<ushort[]> PlaneAsync(long imageId, int c, int z)
    {
        var array = await ZarrArray.OpenAsync(new FileSystemStore(server.ImagePath(imageId)), "0");
        return await array.ReadAsync<ushort>(new ArrayRegion([c, z, 0, 0], [1, 1, array.Shape[2], array.Shape[3]]));
    }

    private static async Task<DecodedImage> PngAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        return PngImage.Decode(await response.Content.ReadAsByteArrayAsync(), url);
    }

    private static int Scale(double value, double start, double end) => (int)Math.Round(Math.Clamp((value - start) / (end - start), 0, 1) * 255);

    private static (int, int, int) Grey(int v) => (v, v, v);

    private static void AssertPixels(DecodedImage image, int width, Func<int, int, (int R, int G, int B)> expected)
    {
        Assert.Equal(width, image.Width);
        Assert.Equal(3, image.Channels);
        var worst = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var (r, g, b) = expected(x, y);
                var at = (y * image.Width + x) * 3;
                worst = Math.Max(worst, Math.Max(Math.Abs(image.Pixels[at] - r), Math.Max(Math.Abs(image.Pixels[at + 1] - g), Math.Abs(image.Pixels[at + 2] - b))));
            }
        }

        // Exactness is the library's golden tests' business; through HTTP, allow the rounding of one step.
        Assert.True(worst <= 1, $"largest difference {worst}");
    }
}
