using Dapper;

namespace Tessera.Catalog.Tests;

/// <summary>A fresh repository folder whose catalogue is a SQLite file in it or a fresh PostgreSQL database.</summary>
public sealed class TestRepository : IAsyncDisposable
{
    private readonly TestDirectory _directory;
    private readonly CatalogBackend? _backend;

    private TestRepository(TestDirectory directory, CatalogBackend? backend, TesseraRepository repository)
    {
        _directory = directory;
        _backend = backend;
        Repository = repository;
    }

    public TesseraRepository Repository { get; }

    public static async Task<TestRepository> CreateAsync(CatalogDialect dialect, PostgresServer server)
    {
        var directory = new TestDirectory();
        var backend = dialect == CatalogDialect.PostgreSql ? await CatalogBackend.CreateAsync(dialect, server) : null;
        var repository = await TesseraRepository.InitAsync(directory.Combine("repo"), backend?.ConnectionString, "alice");
        return new TestRepository(directory, backend, repository);
    }

    /// <summary>Rows of every table an import writes, to show that a failed one wrote none.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountsAsync()
    {
        await using var connection = await Repository.Catalog.Database.OpenConnectionAsync();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in new[] { "project", "dataset", "screen", "image", "plate", "plate_acquisition", "well", "well_sample", "dataset_image", "screen_plate", "project_dataset", "rendering_settings" })
        {
            counts[table] = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
        }

        return counts;
    }

    /// <summary>Everything in the pixel store, hidden entries included, relative to it.</summary>
    public IReadOnlyList<string> PixelEntries() =>
        [.. Directory.EnumerateFileSystemEntries(Repository.PixelsDirectory, "*", new EnumerationOptions { AttributesToSkip = 0 }).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }

        _directory.Dispose();
    }
}
