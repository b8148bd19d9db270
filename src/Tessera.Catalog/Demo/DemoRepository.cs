using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Tessera.Catalog.Demo;

/// <summary>
/// Builds a demo repository from generated data: a 384-well plate with label images (OME-NGFF 0.4), a 3-D
/// multichannel stack and a large 2-D slide (0.5, sharded), imported by copy into a public read-only group, a
/// private group with alice's unpublished image, map annotations, tags, a tag set, ROIs, comments, and users with
/// fixed passwords. docs/decisions/0013-demo-repository.md says why it is built this way.
/// </summary>
/// <remarks>
/// The repository is built in a sibling directory <c>.NAME.partial</c> and renamed to its name only when complete,
/// with <see cref="MarkerName"/> written just before: a directory with the marker is a complete demo (built again
/// only if deleted), and whatever an interrupted build left is removed by the next one.
/// </remarks>
public static class DemoRepository
{
    /// <summary>The file, written last, that makes a repository a complete demo: its <see cref="DemoSummary"/> as JSON.</summary>
    public const string MarkerName = "demo.json";

    /// <summary>The file a build in progress keeps in its partial directory: which catalogue it has been filling.</summary>
    private const string BuildMarkerName = "demo-build.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// Builds the demo repository at <paramref name="repositoryPath"/>, or returns the summary of the one there.
    /// </summary>
    /// <param name="repositoryPath">A directory that does not exist, is empty, or is a complete demo repository.</param>
    /// <param name="options">Sizes and catalogue (<see cref="DemoOptions.Full"/> or <see cref="DemoOptions.Small"/>).</param>
    /// <param name="progress">Told what is being built, a line at a time.</param>
    /// <param name="cancellationToken">Cancels the build; nothing of it is kept.</param>
    /// <returns>What the repository holds; <see cref="DemoSummary.AlreadyBuilt"/> when it was there already.</returns>
    /// <exception cref="CatalogException">
    /// The path is a file or a non-empty directory that is not a demo repository, or the PostgreSQL database named
    /// holds a catalogue already.
    /// </exception>
    public static async Task<DemoSummary> CreateAsync(string repositoryPath, DemoOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repositoryPath);
        ArgumentNullException.ThrowIfNull(options);
        CheckOptions(options);
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryPath));
        if (await ReadSummaryAsync(root, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing with { AlreadyBuilt = true };
        }

        if (File.Exists(root))
        {
            throw new CatalogException($"{root}: is a file, not a directory; the demo repository needs a new or empty directory");
        }

        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new CatalogException($"{root}: exists, is not empty and is not a Tessera demo repository (no {MarkerName}); give a new or empty directory");
        }

        var parent = Path.GetDirectoryName(root) ?? throw new CatalogException($"{root}: cannot build a repository at the file system's root");
        var partial = Path.Combine(parent, "." + Path.GetFileName(root) + ".partial");
        Directory.CreateDirectory(parent);
        await RemoveLeftoversAsync(partial, options, progress, cancellationToken).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        try
        {
            var summary = await BuildAsync(root, partial, options, progress, cancellationToken).ConfigureAwait(false);
            summary = summary with { BuildSeconds = Math.Round(clock.Elapsed.TotalSeconds, 1) };
            await File.WriteAllTextAsync(Path.Combine(partial, MarkerName), JsonSerializer.Serialize(summary, Json), cancellationToken).ConfigureAwait(false);
            File.Delete(Path.Combine(partial, BuildMarkerName));

            // SQLite keeps pooled connections (and the WAL) open; closed, the catalogue is one self-contained file.
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(root))
            {
                Directory.Delete(root);
            }

            Directory.Move(partial, root);
            progress?.Report($"built {root} in {summary.BuildSeconds:0.0} s");
            return summary;
        }
        catch when (!options.LeaveLeftoversOnFailure)
        {
            try
            {
                await RemoveLeftoversAsync(partial, options, null, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CatalogException or System.Data.Common.DbException)
            {
                // The build's own failure is the one to report; the next build removes what is left.
            }

            throw;
        }
    }

    /// <summary>The summary of the complete demo repository at <paramref name="root"/>, or null when it is not one.</summary>
    private static async Task<DemoSummary?> ReadSummaryAsync(string root, CancellationToken cancellationToken)
    {
        var marker = Path.Combine(root, MarkerName);
        if (!File.Exists(marker) || !File.Exists(Path.Combine(root, TesseraRepository.ManifestName)))
        {
            return null;
        }

        try
        {
            var summary = JsonSerializer.Deserialize<DemoSummary>(await File.ReadAllTextAsync(marker, cancellationToken).ConfigureAwait(false), Json);
            return summary is null ? null : summary with { Repository = root };
        }
        catch (JsonException e)
        {
            throw new CatalogException($"{marker}: not a demo summary: {e.Message}", e);
        }
    }

    private static void CheckOptions(DemoOptions options)
    {
        if (options.PlateRows is < 1 or > 26 || options.PlateColumns < 3 || options.FieldsPerWell < 1)
        {
            throw new ArgumentException($"the plate needs 1–26 rows, at least 3 columns and a field per well, not {options.PlateRows} × {options.PlateColumns} × {options.FieldsPerWell}", nameof(options));
        }

        if (options.FieldSize < 32 || options.StackSize < 64 || options.StackPlanes < 1 || options.LargeImageSize < 256 || options.PrivateImageSize < 256)
        {
            throw new ArgumentException("fields need at least 32 pixels, the stack 64, the slides 256", nameof(options));
        }
    }

    private static async Task<DemoSummary> BuildAsync(string root, string partial, DemoOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(partial);
        if (options.PostgresConnectionString is { } connection)
        {
            await RequireEmptyAsync(root, connection, cancellationToken).ConfigureAwait(false);
        }

        // Written before the first row (and only once the database is known to be empty, so that a database holding
        // someone else's catalogue is never named here): if this build is killed, the next one knows whose rows to clear.
        var buildMarker = new JsonObject { ["postgres"] = options.PostgresConnectionString, ["started"] = DateTimeOffset.UtcNow.ToString("O") };
        await File.WriteAllTextAsync(Path.Combine(partial, BuildMarkerName), buildMarker.ToJsonString(), cancellationToken).ConfigureAwait(false);

        // Generated outside pixels/ and imported by copy, like any user's data; removed once imported.
        var generated = Path.Combine(partial, "generated");
        Directory.CreateDirectory(generated);
        var platePath = Path.Combine(generated, "demo-plate.ome.zarr");
        var stackPath = Path.Combine(generated, "cell-stack.ome.zarr");
        var largePath = Path.Combine(generated, "tissue-slide.ome.zarr");
        var privatePath = Path.Combine(generated, "unpublished-slide.ome.zarr");
        progress?.Report($"plate: {options.PlateRows} × {options.PlateColumns} wells, {options.FieldsPerWell} fields of {options.FieldSize}² pixels, 3 channels and labels (OME-NGFF 0.4)");
        var plateNuclei = await DemoPixels.WritePlateAsync(platePath, options, progress, cancellationToken).ConfigureAwait(false);
        progress?.Report($"stack: 3 channels × {options.StackPlanes} z × {options.StackSize}² pixels and labels (OME-NGFF 0.5)");
        var stackNuclei = await DemoPixels.WriteStackAsync(stackPath, options, cancellationToken).ConfigureAwait(false);
        progress?.Report($"slide: {options.LargeImageSize}² RGB pixels (OME-NGFF 0.5, sharded)");
        await DemoPixels.WriteSlideAsync(largePath, DemoPixels.LargeName, options.LargeImageSize, 7, options, progress, cancellationToken).ConfigureAwait(false);
        await DemoPixels.WriteSlideAsync(privatePath, DemoPixels.PrivateName, options.PrivateImageSize, 11, options, null, cancellationToken).ConfigureAwait(false);

        var repository = await TesseraRepository.InitAsync(partial, options.PostgresConnectionString, DemoCatalogue.AdminName, cancellationToken).ConfigureAwait(false);
        var sources = new DemoCatalogue.Sources(platePath, stackPath, largePath, privatePath, plateNuclei, stackNuclei);
        var summary = await new DemoCatalogue(repository, options, progress).BuildAsync(root, sources, cancellationToken).ConfigureAwait(false);
        Directory.Delete(generated, recursive: true);
        return summary;
    }

    /// <summary>Refuses a PostgreSQL database that holds someone's catalogue: the demo fills an empty one.</summary>
    private static async Task RequireEmptyAsync(string root, string connection, CancellationToken cancellationToken)
    {
        var database = await CatalogDatabase.OpenAsync(connection, CatalogDialect.PostgreSql, cancellationToken).ConfigureAwait(false);
        await using var open = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var users = await open.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM experimenter").ConfigureAwait(false);
        if (users > 0)
        {
            throw new CatalogException($"{root}: the PostgreSQL database given holds a catalogue already ({users} users); the demo needs an empty database");
        }
    }

    /// <summary>
    /// Removes what an interrupted build left: the partial directory and, when that build filled the same PostgreSQL
    /// database (its build marker says so), the catalogue rows it wrote there.
    /// </summary>
    private static async Task RemoveLeftoversAsync(string partial, DemoOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(partial))
        {
            return;
        }

        progress?.Report($"removing what an interrupted build left in {partial}");
        var marker = Path.Combine(partial, BuildMarkerName);
        if (File.Exists(marker) && options.PostgresConnectionString is { } connection)
        {
            string? used = null;
            try
            {
                used = (string?)JsonNode.Parse(await File.ReadAllTextAsync(marker, cancellationToken).ConfigureAwait(false))?["postgres"];
            }
            catch (JsonException)
            {
                // A marker cut short by the kill: the build had not touched a database yet.
            }

            if (used == connection)
            {
                await ClearPostgresAsync(connection, cancellationToken).ConfigureAwait(false);
            }
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(partial, recursive: true);
    }

    /// <summary>Empties every catalogue table (ids restart at 1), keeping the schema and its migration record.</summary>
    private static async Task ClearPostgresAsync(string connection, CancellationToken cancellationToken)
    {
        var database = await CatalogDatabase.OpenAsync(connection, CatalogDialect.PostgreSql, cancellationToken).ConfigureAwait(false);
        await using var open = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var tables = (await open.QueryAsync<string>("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'schema_migration'").ConfigureAwait(false)).ToList();
        if (tables.Count > 0)
        {
            await open.ExecuteAsync($"TRUNCATE {string.Join(", ", tables.Select(t => "\"" + t + "\""))} RESTART IDENTITY CASCADE").ConfigureAwait(false);
        }
    }
}
