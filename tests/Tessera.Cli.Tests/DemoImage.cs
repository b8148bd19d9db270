namespace Tessera.Cli.Tests;

/// <summary>One <c>tessera demo</c> image shared by a test class; tests that damage it work on a <see cref="CopyTo"/>.</summary>
public sealed class DemoImage : IAsyncLifetime
{
    private readonly string _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tessera-demo-" + Guid.NewGuid().ToString("N")[..10]);

    public string Path => System.IO.Path.Combine(_directory, "demo.zarr");

    public async Task InitializeAsync()
    {
        var result = await TesseraProcess.RunAsync("demo", "--image", Path);
        Assert.True(result.ExitCode == 0, result.Error);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>Copies the demo directory to <paramref name="target"/> and returns it.</summary>
    public string CopyTo(string target)
    {
        foreach (var file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
        {
            var copy = System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(Path, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }
}
