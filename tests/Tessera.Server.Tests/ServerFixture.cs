using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Tessera.Catalog;
using Tessera.Catalog.Import;
using Tessera.Catalog.Tests;
using Tessera.Ngff;

namespace Tessera.Server.Tests;

/// <summary>
/// A repository with a public and a private group, users with passwords, an OME-NGFF 0.4 and a 0.5 image and a plate,
/// served by the real server (Kestrel on 127.0.0.1, a free port) for the tests of one class.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    public const string AlicePassword = "alice-secret";
    public const string BobPassword = "bob-secret";

    private readonly TestDirectory _directory = new();
    private WebApplication? _app;

    public TesseraRepository Repository { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Public group (read-only, public): a 0.4 image and a plate, owned by alice.</summary>
    public long PublicImage { get; private set; }

    /// <summary>Public group: a 0.5 image.</summary>
    public long PublicImageV05 { get; private set; }

    /// <summary>Public group: a 2 × 3 plate with 2 fields.</summary>
    public long PublicPlate { get; private set; }

    /// <summary>Private group of alice: an image nobody else may see.</summary>
    public long PrivateImage { get; private set; }

    public long PrivateDataset { get; private set; }

    public string Root => _directory.Path;

    public string ImagePath(long imageId) => Repository.Resolve(Repository.Catalog.GetImageAsync(AdminCaller, imageId).GetAwaiter().GetResult().Location);

    public CatalogCaller AdminCaller { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Repository = await TesseraRepository.InitAsync(_directory.Combine("repo"), userName: "admin");
        var catalog = Repository.Catalog;
        var open = await catalog.CreateGroupAsync("open-lab", GroupPermissions.ReadOnly, isPublic: true);
        var closed = await catalog.CreateGroupAsync("closed-lab", GroupPermissions.Private);
        var alice = await catalog.CreateUserAsync("alice", "Alice", passwordHash: PasswordHash.Create(AlicePassword, 10_000));
        var bob = await catalog.CreateUserAsync("bob", "Bob", passwordHash: PasswordHash.Create(BobPassword, 10_000));
        await catalog.AddMemberAsync(open.Id, alice.Id);
        await catalog.AddMemberAsync(closed.Id, alice.Id);
        await catalog.AddMemberAsync(open.Id, bob.Id);
        AdminCaller = await catalog.CallerAsync("admin");
        var caller = await catalog.CallerAsync("alice");

        await OmeZarrSamples.WriteImageAsync(_directory.Combine("v04.zarr"), NgffVersion.V0_4, size: 96, planes: 3, levels: 3, name: "public v0.4");
        await OmeZarrSamples.WriteImageAsync(_directory.Combine("v05.zarr"), NgffVersion.V0_5, size: 96, planes: 3, levels: 3, name: "public v0.5");
        await OmeZarrSamples.WriteImageAsync(_directory.Combine("private.zarr"), NgffVersion.V0_5, size: 64, planes: 2, levels: 2, name: "private image");
        await OmeZarrSamples.WritePlateAsync(_directory.Combine("plate.zarr"), NgffVersion.V0_4, rows: 2, columns: 3, fields: 2, size: 64, levels: 2, name: "P1");

        PublicImage = (await RepositoryImport.ImportAsync(Repository, caller, _directory.Combine("v04.zarr"), ImportTarget.Dataset("Open data", "Open project") with { GroupName = "open-lab" }, false)).Images[0].Id;
        PublicImageV05 = (await RepositoryImport.ImportAsync(Repository, caller, _directory.Combine("v05.zarr"), ImportTarget.Dataset("Open data", "Open project") with { GroupName = "open-lab" }, false)).Images[0].Id;
        PublicPlate = (await RepositoryImport.ImportAsync(Repository, caller, _directory.Combine("plate.zarr"), ImportTarget.Screen("Open screen") with { GroupName = "open-lab" }, false)).Plate!.Value.Id;
        var hidden = await RepositoryImport.ImportAsync(Repository, caller, _directory.Combine("private.zarr"), ImportTarget.Dataset("Secret data") with { GroupName = "closed-lab" }, false);
        PrivateImage = hidden.Images[0].Id;
        PrivateDataset = hidden.Container.Id;
        await catalog.AddMapAnnotationAsync(caller, new ObjectRef(CatalogObjectType.Image, PublicImage), [new("Organism", "Homo sapiens"), new("Gene Symbol", "CDK5RAP2")]);
        await catalog.AddMapAnnotationAsync(caller, new ObjectRef(CatalogObjectType.Image, PrivateImage), [new("Organism", "Homo sapiens"), new("Gene Symbol", "SECRET1")]);
        await catalog.AddTagAsync(caller, new ObjectRef(CatalogObjectType.Image, PrivateImage), "classified");
        await catalog.AddRoiAsync(caller, PrivateImage, """{"type":"Feature","geometry":{"type":"Point","coordinates":[3,4]},"properties":{}}""");

        (_app, BaseAddress) = await StartAsync(new TesseraServerOptions { RepositoryPath = Repository.Root, Urls = "http://127.0.0.1:0" });
    }

    /// <summary>Starts another server on the same repository (e.g. read-only, or a second process's worth of state).</summary>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(TesseraServerOptions options)
    {
        var app = await TesseraServer.BuildAsync(options);
        await app.StartAsync();
        return (app, new Uri(app.Urls.First()));
    }

    public HttpClient Client(HttpMessageHandler? handler = null) =>
        new(handler ?? new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = BaseAddress };

    /// <summary>A client logged in by cookie, with the CSRF header set for writes.</summary>
    public async Task<HttpClient> LoginAsync(string user, string password, bool withCsrf = true)
    {
        var client = Client();
        var response = await client.PostAsJsonAsync("/api/v1/login", new { userName = user, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if (withCsrf)
        {
            client.DefaultRequestHeaders.Add("X-CSRF-Token", (string)body["csrfToken"]!);
        }

        return client;
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
