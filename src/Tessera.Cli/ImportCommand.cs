using System.CommandLine;
using System.Globalization;
using Tessera.Catalog;
using Tessera.Catalog.Import;

namespace Tessera.Cli;

/// <summary>
/// <c>tessera import REPO PATH (--project P --dataset D | --dataset D | --screen S) [--in-place] [--group NAME] [--user NAME]</c>:
/// registers an OME-Zarr image, collection or plate (copied into the repository, or in place), or converts and
/// registers an image file.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var repository = new Argument<string>("REPO") { Description = "The repository (made by 'tessera init')" };
        var path = new Argument<string>("PATH") { Description = "An OME-Zarr directory (image, bioformats2raw collection or plate), or a TIFF, OME-TIFF, PNG or JPEG file to convert" };
        var project = new Option<string?>("--project") { Description = "Put the dataset into this project (found by name among yours in the group, else created)" };
        var dataset = new Option<string?>("--dataset") { Description = "Put images into this dataset (found by name among yours in the group, else created)" };
        var screen = new Option<string?>("--screen") { Description = "Put a plate into this screen (found by name among yours in the group, else created)" };
        var inPlace = new Option<bool>("--in-place") { Description = "Reference the OME-Zarr where it is instead of copying it into REPO/pixels (not for image files, which are converted)" };
        var group = new Option<string?>("--group") { Description = "Import into this group (default: your first group)" };
        var user = new Option<string?>("--user") { Description = "Import as this user (default: the repository's administrator)" };
        var quiet = new Option<bool>("--quiet") { Description = "Print no progress, only the summary" };
        var command = new Command("import", "Import an OME-Zarr image or plate, or an image file, into a repository's catalogue; all of it or nothing")
        {
            repository, path, project, dataset, screen, inPlace, group, user, quiet,
        };
        command.SetAction((result, token) => CommandFailure.RunAsync(async () =>
        {
            var target = Target(result.GetValue(project), result.GetValue(dataset), result.GetValue(screen)) with { GroupName = result.GetValue(group) };
            var opened = await TesseraRepository.OpenAsync(result.GetValue(repository)!, token).ConfigureAwait(false);
            var caller = await opened.CallerAsync(result.GetValue(user), token).ConfigureAwait(false);
            var progress = result.GetValue(quiet) ? null : new ProgressLines();
            var imported = await RepositoryImport.ImportAsync(opened, caller, result.GetValue(path)!, target, result.GetValue(inPlace), progress, token).ConfigureAwait(false);
            Console.WriteLine(Summary(imported, target, opened));
            return 0;
        }));
        return command;
    }

    /// <summary>The target from the options: exactly one of --dataset and --screen; --project only with --dataset.</summary>
    private static ImportTarget Target(string? project, string? dataset, string? screen) => (project, dataset, screen) switch
    {
        (_, not null, not null) => throw new FormatException("--dataset and --screen: give one (images go into a dataset, plates into a screen)"),
        (not null, null, _) => throw new FormatException("--project needs --dataset (images go into a dataset inside the project)"),
        (_, not null, null) => string.IsNullOrWhiteSpace(dataset) || project is { } p && string.IsNullOrWhiteSpace(p)
            ? throw new FormatException("--project and --dataset: names must not be empty")
            : ImportTarget.Dataset(dataset, project),
        (null, null, not null) => string.IsNullOrWhiteSpace(screen) ? throw new FormatException("--screen: the name must not be empty") : ImportTarget.Screen(screen),
        _ => throw new FormatException("say where to import: --dataset D (optionally with --project P) for images, or --screen S for a plate"),
    };

    private static string Summary(ImportResult imported, ImportTarget target, TesseraRepository repository)
    {
        var where = imported.InPlace ? "in place"
            : (imported.Converted ? "converted to " : "copied to ") + Path.GetRelativePath(repository.Root, repository.Resolve(imported.Location));
        var what = imported.Plate is { } plate
            ? string.Create(CultureInfo.InvariantCulture, $"{plate} '{imported.Name}' ({imported.WellCount} wells, {imported.Images.Count} images)")
            : imported.Images.Count == 1
                ? $"{imported.Images[0]} '{imported.Name}'"
                : string.Create(CultureInfo.InvariantCulture, $"{imported.Images.Count} images of '{imported.Name}' ({string.Join(", ", imported.Images)})");
        return $"imported {what} into {target} [{where}]";
    }

    /// <summary>Progress as plain lines on stderr, written as they come (no synchronisation context to post to).</summary>
    private sealed class ProgressLines : IProgress<string>
    {
        // Fault injection for the crash tests: stop for good after the first line that starts with this text, so a
        // test can SIGKILL the import at a known stage however fast the machine is.
        private static readonly string? StallAt = Environment.GetEnvironmentVariable("TESSERA_IMPORT_STALL_AT");

        public void Report(string value)
        {
            Console.Error.WriteLine($"import: {value}");
            if (!string.IsNullOrEmpty(StallAt) && value.StartsWith(StallAt, StringComparison.Ordinal))
            {
                Thread.Sleep(Timeout.Infinite);
            }
        }
    }
}
