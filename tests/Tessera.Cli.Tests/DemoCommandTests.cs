using Tessera.Catalog;

namespace Tessera.Cli.Tests;

/// <summary><c>tessera demo REPO --small</c> as run.sh runs it: built once, "already built" after, refused over other data.</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Fact]
    public async Task Builds_the_small_demo_then_says_already_built()
    {
        var repository = _directory.Combine("demo");
        var built = await TesseraProcess.RunAsync("demo", repository, "--small");
        Assert.True(built.ExitCode == 0, built.Error);
        Assert.StartsWith($"built the small demo repository {repository} in ", built.Output, StringComparison.Ordinal);
        Assert.Contains("plate:1 'Demo plate', 2 × 3 wells, 2 fields each", built.Output, StringComparison.Ordinal);
        Assert.Contains("alice  password alice-demo  member of public-data, private-lab", built.Output, StringComparison.Ordinal);
        Assert.Contains("admin  password admin-demo  administrator", built.Output, StringComparison.Ordinal);
        Assert.EndsWith($"serve it with: tessera serve {repository}", built.Output.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("catalogue: importing demo-plate.ome.zarr into screen 'Demo screen' as alice", built.Error, StringComparison.Ordinal);

        // What it built is an ordinary repository for the other commands.
        var search = await TesseraProcess.RunAsync("search", repository, "Gene Symbol=PLK1", "--anonymous");
        Assert.True(search.ExitCode == 0, search.Error);
        Assert.Contains("Demo plate A2", search.Output, StringComparison.Ordinal);
        var hidden = await TesseraProcess.RunAsync("search", repository, "Organism=Mus musculus", "--anonymous");
        Assert.StartsWith("0 matches", hidden.Output, StringComparison.Ordinal);

        var again = await TesseraProcess.RunAsync("demo", repository, "--small");
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.StartsWith($"demo repository {repository} already built (small); nothing to do", again.Output, StringComparison.Ordinal);
        Assert.Equal("", again.Error);
    }

    [Fact]
    public async Task Refuses_a_directory_holding_something_else_with_one_line_naming_it()
    {
        var other = _directory.Combine("notes");
        Directory.CreateDirectory(other);
        await File.WriteAllTextAsync(Path.Combine(other, "todo.txt"), "buy milk");
        var result = await TesseraProcess.RunAsync("demo", other, "--small");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"tessera: error: {other}: exists, is not empty and is not a Tessera demo repository (no demo.json); give a new or empty directory", result.Error.Trim());
        Assert.Equal(["todo.txt"], Directory.EnumerateFileSystemEntries(other).Select(Path.GetFileName));
        Assert.Equal([other], Directory.EnumerateFileSystemEntries(_directory.Path));
    }

    [Fact]
    public async Task The_image_option_still_writes_the_single_demo_image()
    {
        var image = _directory.Combine("demo.zarr");
        var result = await TesseraProcess.RunAsync("demo", "--image", image);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.False(File.Exists(Path.Combine(image, TesseraRepository.ManifestName)));
        var validate = await TesseraProcess.RunAsync("validate", image, "--strict");
        Assert.Equal("valid OME-NGFF 0.5 image (3 groups, 6 arrays checked)", validate.Output.Trim());
    }
}
