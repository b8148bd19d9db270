using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Tessera.Ngff;
using Tessera.Zarr;
using Tessera.Zarr.Storage;

namespace Tessera.Server.Tests;

/// <summary>
/// Real Zarr clients read images through /zarr/: Debian's zarr-python (0.4 image, fsspec over HTTP) and zarrita.js
/// (0.5 image, its FetchStore). Every level's values must equal what is on disk, read here from the files directly.
/// </summary>
public sealed class PeerReadTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task Zarr_python_reads_the_v04_image_over_http()
    {
        var script = await File.ReadAllTextAsync(PeerScript("read_http.py"));
        var output = await SystemPython.RunAsync(script, new Uri(server.BaseAddress, $"/zarr/{server.PublicImage}").ToString());
        await AssertLevelsMatchDiskAsync(server.PublicImage, JsonNode.Parse(output)!["levels"]!.AsObject());
    }

    [Fact]
    public async Task Zarrita_reads_the_v05_image_over_http()
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot };
        start.ArgumentList.Add(PeerScript("read_http.mjs"));
        start.ArgumentList.Add(new Uri(server.BaseAddress, $"/zarr/{server.PublicImageV05}").ToString());
        Assert.True(Directory.Exists(Path.Combine(RepositoryRoot, "node_modules", "zarrita")), "zarrita is not installed: run ./scripts/setup.sh (npm ci)");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, await stderr);
        await AssertLevelsMatchDiskAsync(server.PublicImageV05, JsonNode.Parse(await stdout)!["levels"]!.AsObject());
    }

    private async Task AssertLevelsMatchDiskAsync(long imageId, JsonObject levels)
    {
        var store = new FileSystemStore(server.ImagePath(imageId));
        var node = await NgffNode.OpenAsync(store);
        var paths = node.Metadata.Multiscales![0].Datasets.Select(d => d.Path).ToList();
        Assert.Equal(paths.Order(), levels.Select(l => l.Key).Order());
        foreach (var path in paths)
        {
            var array = await ZarrArray.OpenAsync(store, path);
            var values = await array.ReadAsync<ushort>(ArrayRegion.Full(array.Shape));
            var expected = Convert.ToHexStringLower(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())));
            var level = levels[path]!;
            Assert.Equal(array.Shape.Select(s => (long)s), level["shape"]!.AsArray().Select(s => (long)s!));
            Assert.True(expected == (string)level["sha256"]!, $"level {path}: the values read over HTTP differ from the files");
        }
    }

    private static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Tessera.slnx")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Tessera.slnx) above " + AppContext.BaseDirectory);
        }
    }

    private static string PeerScript(string name) => Path.Combine(RepositoryRoot, "tests", "Tessera.Server.Tests", "peers", name);
}
