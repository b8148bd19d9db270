using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;
using Tessera.Catalog;
using Tessera.Catalog.Demo;
using Tessera.Server;

namespace Tessera.Browser.Tests;

/// <summary>
/// The demo repository — its full 384-well plate (16 × 24 wells, 2 fields of 256² px), with the small stack and
/// slide — served by the real server on 127.0.0.1, and Debian's Chromium driven by Playwright (launched from
/// /usr/bin/chromium: Playwright's own browser download is not used). Screenshots and timings go to
/// $TESSERA_TEST_OUTPUT or test-output/browser in the repository (not committed), for a person to look at.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly TestDirectory _directory = new();
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public DemoSummary Demo { get; private set; } = null!;

    public TesseraRepository Repository { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string ScreenshotDirectory { get; } = Environment.GetEnvironmentVariable("TESSERA_TEST_OUTPUT") ?? RepositoryRoot.Combine("test-output", "browser");

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: run ./scripts/setup.sh (Debian package chromium)");
        var plate = DemoOptions.Full;
        Demo = await DemoRepository.CreateAsync(_directory.Combine("demo"), DemoOptions.Small with
        {
            PlateRows = plate.PlateRows, PlateColumns = plate.PlateColumns, FieldsPerWell = plate.FieldsPerWell, FieldSize = plate.FieldSize,
        }, null, default);
        Repository = await TesseraRepository.OpenAsync(Demo.Repository);
        _app = await TesseraServer.BuildAsync(new TesseraServerOptions { RepositoryPath = Demo.Repository, Urls = "http://127.0.0.1:0" });
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.First());
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Without the background-networking flags Chromium keeps dialling Google's hosts on this closed network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A fresh browser context (no cookies) with a 1280×800 window and a page on it.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height }, BaseURL = BaseAddress.ToString() });
        return await context.NewPageAsync();
    }

    /// <summary>Logs the page's context in through the login page.</summary>
    public static async Task LoginAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/login");
        await page.FillAsync("#username", user);
        await page.FillAsync("#password", password);
        await Task.WhenAll(page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal)), page.ClickAsync("button[type=submit]"));
    }

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _directory.Dispose();
    }
}
