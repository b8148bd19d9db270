using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Catalog;

/// <summary>
/// A repository on disk: <c>repository.json</c> (which catalogue, which default user), the catalogue (a SQLite file
/// <c>catalog.db</c> by default, or a PostgreSQL database), <c>pixels/</c> for OME-Zarr data copied in, and
/// <c>files/</c> for attachments.
/// </summary>
public sealed class TesseraRepository
{
    /// <summary>The file that marks a directory as a repository.</summary>
    public const string ManifestName = "repository.json";

    private TesseraRepository(string root, Catalog catalog, string defaultUser)
    {
        Root = root;
        Catalog = catalog;
        DefaultUser = defaultUser;
    }

    /// <summary>The repository directory (absolute).</summary>
    public string Root { get; }

    /// <summary>Where copied OME-Zarr data lives; image locations are relative to it.</summary>
    public string PixelsDirectory => Path.Combine(Root, "pixels");

    /// <summary>Where attached files live.</summary>
    public string FilesDirectory => Path.Combine(Root, "files");

    /// <summary>The catalogue.</summary>
    public Catalog Catalog { get; }

    /// <summary>The user local commands act as when none is named (the administrator created by init).</summary>
    public string DefaultUser { get; }

    /// <summary>
    /// Creates a repository in <paramref name="root"/> (which must not be a repository already): the directories, the
    /// catalogue, an administrator <paramref name="userName"/> (default: the login name) and a read-annotate group
    /// "default" it owns.
    /// </summary>
    /// <param name="root">Directory to create or fill.</param>
    /// <param name="postgresConnectionString">Use this PostgreSQL database instead of a SQLite file.</param>
    /// <param name="userName">Name of the first (administrator) user.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="CatalogException">It is a repository already, or the catalogue cannot be created.</exception>
    public static async Task<TesseraRepository> InitAsync(string root, string? postgresConnectionString = null, string? userName = null, CancellationToken cancellationToken = default)
    {
        root = Path.GetFullPath(root);
        if (File.Exists(Path.Combine(root, ManifestName)))
        {
            throw new CatalogException($"{root}: already a Tessera repository");
        }

        if (File.Exists(root))
        {
            throw new CatalogException($"{root}: is a file, not a directory");
        }

        Directory.CreateDirectory(Path.Combine(root, "pixels"));
        Directory.CreateDirectory(Path.Combine(root, "files"));
        userName ??= string.IsNullOrWhiteSpace(Environment.UserName) ? "admin" : Environment.UserName;
        var catalogNode = postgresConnectionString is null
            ? new JsonObject { ["dialect"] = "sqlite", ["path"] = "catalog.db" }
            : new JsonObject { ["dialect"] = "postgresql", ["connection"] = postgresConnectionString };
        var database = await OpenDatabaseAsync(root, catalogNode, cancellationToken).ConfigureAwait(false);
        var catalog = new Catalog(database);
        var user = await catalog.FindUserAsync(userName, cancellationToken).ConfigureAwait(false)
            ?? await catalog.CreateUserAsync(userName, isAdmin: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        var group = await catalog.FindGroupAsync("default", cancellationToken).ConfigureAwait(false)
            ?? await catalog.CreateGroupAsync("default", GroupPermissions.ReadAnnotate, description: "Created by tessera init", cancellationToken: cancellationToken).ConfigureAwait(false);
        await catalog.AddMemberAsync(group.Id, user.Id, isGroupOwner: true, cancellationToken).ConfigureAwait(false);

        // The manifest is written last: a directory without it is not a repository, so a failed init can be rerun.
        var manifest = new JsonObject
        {
            ["format"] = "tessera-repository",
            ["version"] = 1,
            ["catalog"] = catalogNode,
            ["defaultUser"] = userName,
        };
        var temporary = Path.Combine(root, ManifestName + ".partial");
        await File.WriteAllTextAsync(temporary, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, Path.Combine(root, ManifestName), overwrite: false);
        return new TesseraRepository(root, catalog, userName);
    }

    /// <summary>Opens the repository in <paramref name="root"/>, migrating its catalogue if needed.</summary>
    /// <exception cref="CatalogException">It is not a repository, or its manifest or catalogue is unusable.</exception>
    public static async Task<TesseraRepository> OpenAsync(string root, CancellationToken cancellationToken = default)
    {
        root = Path.GetFullPath(root);
        var file = Path.Combine(root, ManifestName);
        if (!File.Exists(file))
        {
            throw new CatalogException($"{root}: not a Tessera repository (no {ManifestName}; create one with 'tessera init')");
        }

        JsonObject manifest;
        try
        {
            manifest = JsonNode.Parse(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)) as JsonObject
                ?? throw new CatalogException($"{file}: not a JSON object");
        }
        catch (JsonException e)
        {
            throw new CatalogException($"{file}: not valid JSON: {e.Message}", e);
        }

        if ((string?)manifest["format"] != "tessera-repository" || manifest["catalog"] is not JsonObject catalogNode)
        {
            throw new CatalogException($"{file}: not a Tessera repository manifest (format and catalog are required)");
        }

        var database = await OpenDatabaseAsync(root, catalogNode, cancellationToken).ConfigureAwait(false);
        return new TesseraRepository(root, new Catalog(database), (string?)manifest["defaultUser"] ?? "admin");
    }

    /// <summary>The caller for a local command: the named user, or the repository's default user.</summary>
    public Task<CatalogCaller> CallerAsync(string? userName = null, CancellationToken cancellationToken = default) =>
        Catalog.CallerAsync(userName ?? DefaultUser, cancellationToken);

    /// <summary>Where an image or plate location points: URLs and absolute paths as they are, relative paths under <see cref="PixelsDirectory"/>.</summary>
    public string Resolve(string location) =>
        location.Contains("://", StringComparison.Ordinal) || Path.IsPathRooted(location) ? location : Path.Combine(PixelsDirectory, location);

    private static Task<CatalogDatabase> OpenDatabaseAsync(string root, JsonObject catalog, CancellationToken cancellationToken) => (string?)catalog["dialect"] switch
    {
        "sqlite" => CatalogDatabase.OpenSqliteAsync(Path.Combine(root, (string?)catalog["path"] ?? "catalog.db"), cancellationToken),
        "postgresql" => CatalogDatabase.OpenAsync((string?)catalog["connection"] ?? throw new CatalogException($"{root}: {ManifestName}: catalog.connection is missing"), CatalogDialect.PostgreSql, cancellationToken),
        var other => throw new CatalogException($"{root}: {ManifestName}: unknown catalogue dialect '{other}' (sqlite or postgresql)"),
    };
}
