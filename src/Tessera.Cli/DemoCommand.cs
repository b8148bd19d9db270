using System.CommandLine;
using System.Globalization;
using Tessera.Catalog.Demo;
using Tessera.Zarr.Storage;

namespace Tessera.Cli;

/// <summary>
/// <c>tessera demo REPO [--small] [--postgres CONNSTRING]</c>: builds a demo repository from generated data (or says it
/// is built already); <c>tessera demo --image DIR</c> writes the single small demo image instead.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var path = new Argument<string>("REPO") { Description = "The demo repository to build (a new or empty directory; a complete demo there is left as it is)" };
        var small = new Option<bool>("--small") { Description = "Build the reduced demo (a 2 × 3 plate, a 2048² slide) in seconds, for tests" };
        var postgres = new Option<string?>("--postgres") { Description = "Keep the catalogue in this empty PostgreSQL database (a connection string) instead of a SQLite file in REPO" };
        var image = new Option<bool>("--image") { Description = "Only write the small demo OME-Zarr image (OME-NGFF 0.5, 3 levels, 2 channels, a label image) to REPO, replacing an earlier one" };
        var command = new Command("demo", "Build a demo repository: a 384-well plate, a 3-D stack and a 16384² slide with annotations, ROIs, a public and a private group, and users with demo passwords")
        {
            path, small, postgres, image,
        };
        command.SetAction((result, token) => CommandFailure.RunAsync(async () =>
        {
            var target = result.GetValue(path)!;
            if (result.GetValue(image))
            {
                var store = new FileSystemStore(target);
                await DemoImage.WriteAsync(store, token).ConfigureAwait(false);
                Console.Error.WriteLine($"wrote the demo image to {store.Root}");
                return 0;
            }

            var options = (result.GetValue(small) ? DemoOptions.Small : DemoOptions.Full) with { PostgresConnectionString = result.GetValue(postgres) };
            var summary = await DemoRepository.CreateAsync(target, options, new ProgressLines(), token).ConfigureAwait(false);
            Console.Write(Describe(summary));
            return 0;
        }));
        return command;
    }

    private static string Describe(DemoSummary s)
    {
        var lines = new List<string>
        {
            s.AlreadyBuilt
                ? $"demo repository {s.Repository} already built{(s.IsSmall ? " (small)" : "")}; nothing to do"
                : $"built the {(s.IsSmall ? "small " : "")}demo repository {s.Repository} in {s.BuildSeconds:0.0} s (catalogue: {(s.UsesPostgres ? "PostgreSQL" : "SQLite catalog.db")})",
            $"  group '{s.PublicGroup.Name}' (read-only, public: anonymous visitors see it):",
            $"    screen:{s.ScreenId} 'Demo screen' → plate:{s.PlateId} '{s.PlateName}', {s.PlateRows} × {s.PlateColumns} wells, {s.FieldsPerWell} fields each, 3 channels + nuclei labels (OME-NGFF 0.4)",
            $"    project:{s.ProjectId} 'Demo project' → dataset:{s.StackDatasetId} 'Stacks' → image:{s.StackImageId} (3-D stack, OME-NGFF 0.5)",
            $"                        → dataset:{s.LargeDatasetId} 'Large' → image:{s.LargeImageId} ({s.LargeImageSize} × {s.LargeImageSize} RGB slide, OME-NGFF 0.5, sharded)",
            $"  group '{s.PrivateGroup.Name}' (private: only alice and the administrator see it):",
            $"    project:{s.PrivateProjectId} 'Lab notebook' → dataset:{s.PrivateDatasetId} 'Unpublished' → image:{s.PrivateImageId}",
            string.Create(CultureInfo.InvariantCulture, $"  {s.ImageCount} images, {s.WellCount} wells, {s.MapAnnotationCount} key-value annotations, {s.TagLinkCount} tag links, {s.RoiCount} ROIs, {s.CommentCount} comments"),
            "  users (demo passwords, not secrets):",
        };
        lines.AddRange(s.Accounts.Select(a => $"    {a.UserName,-6} password {a.Password,-11} {(a.IsAdmin ? "administrator" : "member of " + string.Join(", ", a.Groups))}"));
        lines.Add($"serve it with: tessera serve {s.Repository}");
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    /// <summary>Progress as plain lines on stderr, written as they come (no synchronisation context to post to).</summary>
    private sealed class ProgressLines : IProgress<string>
    {
        private readonly Lock _lock = new();

        public void Report(string value)
        {
            lock (_lock)
            {
                Console.Error.WriteLine(value);
            }
        }
    }
}
