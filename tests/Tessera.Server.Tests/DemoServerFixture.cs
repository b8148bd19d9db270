using Microsoft.AspNetCore.Builder;
using Tessera.Catalog;
using Tessera.Catalog.Demo;

namespace Tessera.Server.Tests;

/// <summary>The small demo repository (`tessera demo --small`), served by the real server on 127.0.0.1.</summary>
public sealed class DemoServerFixture : IAsyncLifetime
{
    private readonly TestDirectory _directory = new();
    private WebApplication? _app;

    public DemoSummary Demo { get; private set; } = null!;

    public TesseraRepository Repository { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public string ImagePath(long imageId) =>
        Repository.Resolve(Repository.Catalog.GetImageAsync(Repository.CallerAsync("admin").GetAwaiter().GetResult(), imageId).GetAwaiter().GetResult().Location);

    public async Task InitializeAsync()
    {
        Demo = await DemoRepository.CreateAsync(_directory.Combine("demo"), DemoOptions.Small, null, default);
        Repository = await TesseraRepository.OpenAsync(Demo.Repository);
        (_app, BaseAddress) = await ServerFixture.StartAsync(new TesseraServerOptions { RepositoryPath = Demo.Repository, Urls = "http://127.0.0.1:0" });
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _directory.Dispose();
    }
}
