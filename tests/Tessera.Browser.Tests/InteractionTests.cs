using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Tessera.Browser.Tests;

/// <summary>Autocomplete by keyboard, a shared viewer link that reopens the view, and saving rendering settings.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InteractionTests(BrowserFixture site)
{
    [Fact]
    public async Task Search_autocompletes_keys_then_values_and_works_from_the_keyboard()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/");
        await page.FocusAsync("#search");
        await page.Keyboard.TypeAsync("Gene Sym");
        await page.WaitForSelectorAsync("#suggestions li[role=option]");
        Assert.Contains("Gene Symbol", await page.Locator("#suggestions").InnerTextAsync(), StringComparison.Ordinal);

        // Arrow down + Enter picks the key; then the values of that key are offered.
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("Gene Symbol: ", await page.InputValueAsync("#search"));
        await page.Keyboard.TypeAsync("TU");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#suggestions li')].some(li => li.textContent.startsWith('TUBB'))");
        await page.Keyboard.PressAsync("ArrowDown");
        await Task.WhenAll(page.WaitForURLAsync(url => url.Contains("/search", StringComparison.Ordinal)), page.Keyboard.PressAsync("Enter"));
        Assert.True(await page.Locator("li.search-hit").CountAsync() >= 1);
        Assert.Contains("Cell stack", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_shared_viewer_link_reopens_the_same_view_and_a_user_saves_settings()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync($"/viewer/{site.Demo.StackImageId}");
        await page.WaitForSelectorAsync("body[data-viewer-ready='true']");
        await page.Locator("#z").FillAsync("1");
        await page.Locator("input.channel-toggle[data-channel='2']").UncheckAsync();
        await page.SelectOptionAsync("#model", "g");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var shared = page.Url;
        Assert.Contains("z=1", shared, StringComparison.Ordinal);

        var other = await site.NewPageAsync();
        await other.GotoAsync(shared);
        await other.WaitForSelectorAsync("body[data-viewer-ready='true']");
        Assert.Equal("1", await other.InputValueAsync("#z"));
        Assert.False(await other.Locator("input.channel-toggle[data-channel='2']").IsCheckedAsync());
        Assert.Equal("g", await other.InputValueAsync("#model"));

        // Anonymous visitors get no save button; a logged-in reader saves their own settings.
        Assert.True(await other.Locator("#save-settings").IsHiddenAsync());
        await BrowserFixture.LoginAsync(page, "bob", "bob-demo");
        await page.GotoAsync(shared);
        await page.WaitForSelectorAsync("body[data-viewer-ready='true']");
        var saved = page.WaitForResponseAsync(r => r.Url.Contains($"/api/v1/images/{site.Demo.StackImageId}/rendering", StringComparison.Ordinal) && r.Request.Method == "PUT");
        await page.ClickAsync("#save-settings");
        Assert.Equal(204, (await saved).Status);
        var settings = JsonNode.Parse(await page.EvaluateAsync<string>($"async () => await (await fetch('/api/v1/images/{site.Demo.StackImageId}/rendering')).text()"))!;
        Assert.Equal("greyscale", (string)settings["model"]!);
        Assert.False((bool)settings["channels"]![1]!["active"]!);
    }

    [Fact]
    public async Task Pages_have_titles_alt_text_and_are_reachable_by_keyboard()
    {
        var page = await site.NewPageAsync();
        foreach (var url in new[] { "/", $"/study/project/{site.Demo.ProjectId}", $"/dataset/{site.Demo.StackDatasetId}", $"/plate/{site.Demo.PlateId}", $"/viewer/{site.Demo.StackImageId}", "/login" })
        {
            await page.GotoAsync(url);
            Assert.False(string.IsNullOrWhiteSpace(await page.TitleAsync()), $"{url}: no title");
            Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
            Assert.Equal(1, await page.Locator("main").CountAsync());
            var missingAlt = await page.Locator("img:not([alt])").CountAsync();
            Assert.True(missingAlt == 0, $"{url}: {missingAlt} images without alt text");
        }

        // From the top of the gallery, Tab reaches a study link and Enter follows it.
        await page.GotoAsync("/");
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("() => document.activeElement?.classList.contains('study-link') ?? false"))
            {
                await Task.WhenAll(page.WaitForURLAsync(u => u.Contains("/study/", StringComparison.Ordinal)), page.Keyboard.PressAsync("Enter"));
                return;
            }
        }

        Assert.Fail("no study link is reachable with Tab");
    }
}
