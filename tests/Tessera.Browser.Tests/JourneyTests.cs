using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Tessera.Browser.Tests;

/// <summary>
/// What a visitor does, in Chromium against the real server: gallery → key-value filter → study → dataset →
/// viewer; the plate grid; the study page's JSON-LD; private data only after login. Screenshots are saved.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class JourneyTests(BrowserFixture site, ITestOutputHelper output)
{
    [Fact]
    public async Task Gallery_filter_study_dataset_and_viewer_reacts_to_channels_z_and_zoom()
    {
        var page = await site.NewPageAsync();
        var tiles = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/render/", StringComparison.Ordinal) && request.Url.Contains("tile=", StringComparison.Ordinal))
            {
                lock (tiles)
                {
                    tiles.Add(request.Url);
                }
            }
        };

        await page.GotoAsync("/");
        Assert.True(await page.Locator("article.study-card").CountAsync() >= 2);
        await site.ScreenshotAsync(page, "gallery");
        await page.Locator("a.kv-filter[data-key='Organism'][data-value='Homo sapiens']").First.ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("kv=", StringComparison.Ordinal));
        var studies = await page.Locator("a.study-link").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.Contains($"/study/project/{site.Demo.ProjectId}", studies);

        await page.Locator($"a.study-link[href='/study/project/{site.Demo.ProjectId}']").ClickAsync();
        await page.Locator($"a.dataset-link[href='/dataset/{site.Demo.StackDatasetId}']").ClickAsync();
        await page.Locator($"a.image-card[href='/viewer/{site.Demo.StackImageId}']").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"/viewer/{site.Demo.StackImageId}", StringComparison.Ordinal));
        await SettleAsync(page);
        var shown = await CanvasAsync(page);
        Assert.True(shown.Lit > 100, $"the viewer's canvas shows nothing ({shown.Lit} lit pixels)");
        await site.ScreenshotAsync(page, "viewer");

        // Channel 1 off: the canvas changes.
        await page.Locator("input.channel-toggle[data-channel='1']").UncheckAsync();
        await SettleAsync(page);
        var withoutFirst = await CanvasAsync(page);
        Assert.NotEqual(shown.Hash, withoutFirst.Hash);
        await page.Locator("input.channel-toggle[data-channel='1']").CheckAsync();

        // Another plane: new tiles for that z, and other pixels.
        var before = await CanvasAsync(page);
        await page.Locator("#z").FillAsync("0");
        await SettleAsync(page);
        Assert.Contains(tiles, t => t.Contains("z=0", StringComparison.Ordinal));
        Assert.NotEqual(before.Hash, (await CanvasAsync(page)).Hash);

        // The large slide: zooming in asks for deeper (higher resolution, lower-numbered) levels.
        await page.GotoAsync($"/viewer/{site.Demo.LargeImageId}");
        await SettleAsync(page);
        int Finest()
        {
            lock (tiles)
            {
                return tiles.Where(t => t.Contains($"/render/{site.Demo.LargeImageId}", StringComparison.Ordinal))
                    .Select(t => int.Parse(Uri.UnescapeDataString(t).Split("tile=")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(int.MaxValue).Min();
            }
        }

        var coarse = Finest();
        Assert.NotEqual(int.MaxValue, coarse);
        await page.EvaluateAsync("() => { const v = window.tesseraViewer; v.viewport.zoomBy(8); v.viewport.applyConstraints(true); }");
        await SettleAsync(page);
        Assert.True(Finest() < coarse, $"zooming in requested no deeper tiles (finest level {Finest()}, before {coarse})");
    }

    [Fact]
    public async Task The_plate_grid_shows_every_well_and_its_load_time_is_measured()
    {
        var page = await site.NewPageAsync();
        var times = new List<double>();
        // The second field: no other test draws it, so the first visit really is cold (nothing rendered yet).
        for (var visit = 0; visit < 2; visit++)
        {
            var clock = Stopwatch.StartNew();
            await page.GotoAsync($"/plate/{site.Demo.PlateId}?field=1");
            await page.WaitForSelectorAsync("body[data-plate-loaded='true']", new PageWaitForSelectorOptions { Timeout = 60_000 });
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        var wells = page.Locator("#plate-grid .well");
        Assert.Equal(site.Demo.WellCount, await wells.CountAsync());
        var imageIds = await wells.EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.imageId || '')");
        Assert.All(imageIds, id => Assert.False(string.IsNullOrEmpty(id)));
        await site.ScreenshotAsync(page, "plate");

        // Printed, not asserted: timings belong to bench/ on this shared machine (targets: < 2 s cold, < 300 ms warm).
        var line = $"plate grid of {site.Demo.WellCount} wells: cold {times[0]:F0} ms, warm {times[1]:F0} ms (navigation until every well is drawn)";
        output.WriteLine(line);
        await File.AppendAllTextAsync(Path.Combine(site.ScreenshotDirectory, "timings.txt"), $"{DateTime.UtcNow:u} {line}\n");

        // Another field, without a page reload.
        await page.EvaluateAsync("() => { document.body.dataset.plateLoaded = 'false'; }");
        await page.SelectOptionAsync("#field", "0");
        await page.WaitForSelectorAsync("body[data-plate-loaded='true']");
    }

    [Fact]
    public async Task A_study_page_carries_schema_org_Dataset_JSON_LD()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync($"/study/screen/{site.Demo.ScreenId}");
        await site.ScreenshotAsync(page, "study");
        var json = await page.Locator("script[type='application/ld+json']").First.TextContentAsync();
        var dataset = JsonNode.Parse(json!)!;
        Assert.Equal("https://schema.org", (string)dataset["@context"]!);
        Assert.Equal("Dataset", (string)dataset["@type"]!);
        foreach (var field in new[] { "name", "description", "url", "identifier", "license", "creator", "dateCreated", "dateModified", "keywords", "distribution", "includedInDataCatalog" })
        {
            Assert.True(dataset[field] is not null, $"JSON-LD lacks {field}");
        }

        Assert.StartsWith(site.BaseAddress.ToString().TrimEnd('/'), (string)dataset["url"]!, StringComparison.Ordinal);
        var downloads = dataset["distribution"]!.AsArray();
        Assert.NotEmpty(downloads);
        Assert.All(downloads, d => Assert.Contains("/zarr/", (string)d!["contentUrl"]!, StringComparison.Ordinal));
        Assert.Equal("DataCatalog", (string)dataset["includedInDataCatalog"]!["@type"]!);
    }

    [Fact]
    public async Task Anonymous_visitors_never_see_the_private_study_and_its_owner_does_after_login()
    {
        var page = await site.NewPageAsync();
        var privateStudy = $"/study/project/{site.Demo.PrivateProjectId}";
        await page.GotoAsync("/");
        Assert.Equal(0, await page.Locator($"a.study-link[href='{privateStudy}']").CountAsync());
        Assert.DoesNotContain("Mus musculus", await page.ContentAsync(), StringComparison.Ordinal);
        await page.GotoAsync("/search?kv=Organism%3DMus%20musculus");
        Assert.Equal(0, await page.Locator("li.search-hit").CountAsync());
        var suggestions = await page.EvaluateAsync<string>("async () => (await (await fetch('/api/v1/search/values?key=Organism&prefix=Mus')).text())");
        Assert.DoesNotContain("Mus musculus", suggestions, StringComparison.Ordinal);
        var direct = await page.GotoAsync(privateStudy);
        Assert.Equal(404, direct!.Status);

        await BrowserFixture.LoginAsync(page, "alice", "alice-demo");
        await page.GotoAsync("/");
        Assert.Equal(1, await page.Locator($"a.study-link[href='{privateStudy}']").CountAsync());
        Assert.Equal(200, (await page.GotoAsync(privateStudy))!.Status);
        await page.GotoAsync("/search?kv=Organism%3DMus%20musculus");
        Assert.True(await page.Locator("li.search-hit").CountAsync() >= 1);

        // A narrow window still shows the gallery's cards.
        var narrow = await site.NewPageAsync(400, 800);
        await narrow.GotoAsync("/");
        Assert.True(await narrow.Locator("article.study-card").First.IsVisibleAsync());
        await site.ScreenshotAsync(narrow, "gallery-narrow");
    }

    private static async Task SettleAsync(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForTimeoutAsync(300);
    }

    /// <summary>How many pixels of the viewer's canvas are not black, and a hash of all of them.</summary>
    private static async Task<(int Lit, string Hash)> CanvasAsync(IPage page)
    {
        var result = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
            () => {
              const canvas = document.querySelector('#viewer canvas');
              const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
              let lit = 0, hash = 0;
              for (let i = 0; i < data.length; i += 4) {
                if (data[i] + data[i + 1] + data[i + 2] > 30) lit++;
                hash = (hash * 31 + data[i] * 7 + data[i + 1] * 3 + data[i + 2]) | 0;
              }
              return { lit, hash: String(hash) };
            }
            """);
        return (result.GetProperty("lit").GetInt32(), result.GetProperty("hash").GetString()!);
    }
}
