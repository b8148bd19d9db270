using System.Diagnostics;
using Dapper;
using Tessera.Catalog;
using Tessera.Catalog.Tests;
using Tessera.Ngff;
using Tessera.Zarr.Storage;

namespace Tessera.Cli.Tests;

/// <summary>
/// <c>tessera init</c> and <c>tessera import</c> as a user runs them (issue 5, points 3 and 5): summaries, one-line
/// errors with exit codes, and an import killed mid-way that leaves no rows and does not block the rerun.
/// </summary>
public sealed class ImportCommandTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Init_then_import_images_and_plates_with_summaries_and_one_line_errors()
    {
        var repository = _directory.Combine("repo");
        var image = _directory.Combine("cells.ome.zarr");
        var plate = _directory.Combine("plate.zarr");
        await OmeZarrSamples.WriteImageAsync(image, NgffVersion.V0_5);
        await OmeZarrSamples.WritePlateAsync(plate, NgffVersion.V0_5, rows: 2, columns: 3, fields: 2, size: 32, name: "P1");

        var init = await TesseraProcess.RunAsync("init", repository, "--user", "alice");
        Assert.True(init.ExitCode == 0, init.Error);
        Assert.Equal($"initialised repository {repository} (catalogue: SQLite catalog.db; administrator 'alice' in group 'default')", init.Output.Trim());
        var again = await TesseraProcess.RunAsync("init", repository);
        Assert.Equal((1, $"tessera: error: {repository}: already a Tessera repository"), (again.ExitCode, again.Error.Trim()));

        var copied = await TesseraProcess.RunAsync("import", repository, image, "--project", "P", "--dataset", "D");
        Assert.True(copied.ExitCode == 0, copied.Error);
        Assert.Matches(@"^imported image:1 'sample image' into dataset 'D' in project 'P' \[copied to pixels/cells-[0-9a-f]{8}\.ome\.zarr\]$", copied.Output.Trim());
        Assert.Contains("import: validating", copied.Error, StringComparison.Ordinal);

        var inPlace = await TesseraProcess.RunAsync("import", repository, plate, "--screen", "S", "--in-place", "--quiet");
        Assert.True(inPlace.ExitCode == 0, inPlace.Error);
        Assert.Equal("imported plate:1 'P1' (6 wells, 12 images) into screen 'S' [in place]", inPlace.Output.Trim());
        Assert.Equal("", inPlace.Error);

        var twice = await TesseraProcess.RunAsync("import", repository, plate, "--screen", "S", "--quiet");
        Assert.Equal((1, $"tessera: error: {plate}: already imported as plate:1"), (twice.ExitCode, twice.Error.Trim()));
        var notZarr = await TesseraProcess.RunAsync("import", repository, _directory.Path, "--dataset", "D", "--quiet");
        Assert.Equal((1, $"tessera: error: {_directory.Path}: not an OME-Zarr directory (no zarr.json, .zattrs or .zgroup at its root)"), (notZarr.ExitCode, notZarr.Error.Trim()));
        var nobody = await TesseraProcess.RunAsync("import", repository, image, "--dataset", "D", "--user", "bob");
        Assert.Equal((1, "tessera: error: user 'bob': no such user"), (nobody.ExitCode, nobody.Error.Trim()));
        var noRepository = await TesseraProcess.RunAsync("import", _directory.Path, image, "--dataset", "D");
        Assert.Equal(1, noRepository.ExitCode);
        Assert.StartsWith($"tessera: error: {_directory.Path}: not a Tessera repository", noRepository.Error, StringComparison.Ordinal);

        foreach (var (arguments, message) in new[]
        {
            (new[] { "--dataset", "D", "--screen", "S" }, "--dataset and --screen: give one"),
            (new[] { "--project", "P" }, "--project needs --dataset"),
            (Array.Empty<string>(), "say where to import"),
        })
        {
            var usage = await TesseraProcess.RunAsync(["import", repository, image, .. arguments]);
            Assert.Equal(2, usage.ExitCode);
            Assert.StartsWith($"tessera: {message}", usage.Error, StringComparison.Ordinal);
        }

        var opened = await TesseraRepository.OpenAsync(repository);
        Assert.Equal((1L, 1L, 13L), await CountsAsync(opened));
    }

    [Fact]
    public async Task Killed_import_leaves_no_rows_and_the_rerun_cleans_up_and_succeeds()
    {
        var repository = _directory.Combine("repo");
        var plate = _directory.Combine("plate.zarr");
        await OmeZarrSamples.WritePlateAsync(plate, NgffVersion.V0_4, rows: 4, fields: 2, name: "P1");
        Assert.Equal(0, (await TesseraProcess.RunAsync("init", repository)).ExitCode);
        var pixels = Path.Combine(repository, "pixels");
        string[] import = ["import", repository, plate, "--screen", "S"];

        // First while copying (files in .partial, no transaction yet), then while registering (rows written, not
        // committed). The import stalls at the named progress line, so the kill lands there on any machine.
        await KillAsync(import, "copied ");
        var opened = await TesseraRepository.OpenAsync(repository);
        Assert.Equal((0L, 0L, 0L), await CountsAsync(opened));
        var partial = Assert.Single(Entries(pixels), e => e.EndsWith(".partial", StringComparison.Ordinal));
        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(pixels, partial), "*", SearchOption.AllDirectories));

        await KillAsync(import, "registered 8 of 48 wells");
        Assert.Equal((0L, 0L, 0L), await CountsAsync(opened));

        var rerun = await TesseraProcess.RunAsync(import);
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        Assert.Contains("interrupted import(s) left", rerun.Error, StringComparison.Ordinal);
        var copy = Assert.Single(Entries(pixels));
        Assert.Matches(@"^plate-[0-9a-f]{8}\.ome\.zarr$", copy);
        Assert.EndsWith($"[copied to pixels/{copy}]", rerun.Output.Trim(), StringComparison.Ordinal);
        Assert.Equal((0L, 1L, 96L), await CountsAsync(opened));
        Assert.True((await NgffValidator.ValidateAsync(new FileSystemStore(Path.Combine(pixels, copy)))).Valid);
    }

    /// <summary>Starts tessera stalled at the progress line starting with <paramref name="stage"/> and kills it (SIGKILL) there.</summary>
    private static async Task KillAsync(string[] arguments, string stage)
    {
        var start = TesseraProcess.StartInfo(arguments);
        start.Environment["TESSERA_IMPORT_STALL_AT"] = stage;
        using var process = new Process { StartInfo = start };
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.StartsWith($"import: {stage}", StringComparison.Ordinal) == true)
            {
                reached.TrySetResult();
            }
        };
        process.Start();
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var ended = process.WaitForExitAsync();
        var first = await Task.WhenAny(reached.Task, ended, Task.Delay(TimeSpan.FromMinutes(2)));
        Assert.True(first == reached.Task, $"the import never reached '{stage}' (exited: {process.HasExited})");
        process.Kill();
        await process.WaitForExitAsync();
        Assert.Equal(137, process.ExitCode);
    }

    private static async Task<(long InDatasets, long Plates, long Images)> CountsAsync(TesseraRepository repository)
    {
        await using var connection = await repository.Catalog.Database.OpenConnectionAsync();
        var images = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM dataset_image");
        var plates = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM plate");
        var all = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM image");
        return (images, plates, all);
    }

    private static List<string> Entries(string directory) =>
        [.. Directory.EnumerateFileSystemEntries(directory, "*", new EnumerationOptions { AttributesToSkip = 0 }).Select(e => Path.GetFileName(e)!)];
}
