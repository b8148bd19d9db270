using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Tessera.Ngff;
using Tessera.Zarr;
using Tessera.Zarr.Storage;

namespace Tessera.Server.Tests;

/// <summary>
/// Real Zarr clients read the demo repository's images through /zarr/: Debian's zarr-python (a 0.4 plate field,
/// fsspec over HTTP) and zarrita.js (the sharded 0.5 stack, its FetchStore). Every level's values must equal what
/// is on disk, read here from the files directly; anonymous, as the images are in the public group.
/// </summary>
public sealed class PeerReadTests(DemoServerFixture server) : IClassFixture<DemoServerFixture>
{
    [Fact]
    public async Task Zarr_python_reads_a_v04_plate_field_over_http()
    {
        var admin = await server.Repository.CallerAsync("admin");
        var plate = await server.Repository.Catalog.GetPlateAsync(admin, server.Demo.PlateId);
        var field = plate.Wells[^1].Samples[^1].ImageId;
        var script = await File.ReadAllTextAsync(PeerScript("read_http.py"));
        var output = await SystemPython.RunAsync(script, new Uri(server.BaseAddress, $"/zarr/{field}").ToString());
        await AssertLevelsMatchDiskAsync(field, JsonNode.Parse(output)!["levels"]!.AsObject());
    }

    [Fact]
    public async Task Zarrita_reads_the_sharded_v05_stack_over_http()
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot.Path };
        start.ArgumentList.Add(PeerScript("read_http.mjs"));
        start.ArgumentList.Add(new Uri(server.BaseAddress, $"/zarr/{server.Demo.StackImageId}").ToString());
        Assert.True(Directory.Exists(RepositoryRoot.Combine("node_modules", "zarrita")), "zarrita is not installed: run ./scripts/setup.sh (npm ci)");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, await stderr);
        await AssertLevelsMatchDiskAsync(server.Demo.StackImageId, JsonNode.Parse(await stdout)!["levels"]!.AsObject());
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

    private static string PeerScript(string name) => RepositoryRoot.Combine("tests", "Tessera.Server.Tests", "peers", name);
}
