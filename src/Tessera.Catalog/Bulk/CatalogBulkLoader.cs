using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Tessera.Catalog.Bulk;

/// <summary>
/// Loads many images with their map annotations straight into the catalogue's tables — for migrating an existing
/// collection (an OMERO or IDR export) or seeding a benchmark — far faster than one import per image: PostgreSQL
/// through binary COPY, SQLite through prepared commands reused for every row. It writes what a single import plus
/// <see cref="Catalog.AddMapAnnotationAsync(CatalogCaller, ObjectRef, IReadOnlyList{KeyValuePair{string, string}}, string?, CancellationToken)"/>
/// would (image, initial rendering settings, dataset link, map annotation with its ordered pairs and link, name
/// words), rebuilds the key/value search tables set-based, commits, then refreshes the planner's statistics.
/// </summary>
/// <remarks>
/// An administrative act, like creating groups: the owner and group of each image are taken as given, checked only
/// against the membership tables (the owner must be a member of the group, or an administrator). Everything up to the
/// commit is one transaction, so a failure leaves the catalogue as it was.
/// </remarks>
public sealed class CatalogBulkLoader
{
    // The tables the load fills, whose secondary indexes DeferIndexes drops and recreates: the rows' before the search
    // tables are rebuilt (the rebuild reads through them), the search tables' after.
    private static readonly string[] RowTables = ["image", "rendering_settings", "dataset_image", "annotation", "map_value", "annotation_link", "text_term"];
    private static readonly string[] SearchTables = ["kv_search", "kv_count", "kv_key", "kv_value"];
    private static readonly string[] Tables = [.. RowTables, .. SearchTables];

    // The same JSON as a single import writes (Catalog serialises channels and files with the web defaults).
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly CatalogDatabase _database;
    private readonly BulkLoadOptions _options;

    /// <summary>A loader for <paramref name="database"/>.</summary>
    public CatalogBulkLoader(CatalogDatabase database, BulkLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _options = options ?? new BulkLoadOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.BatchSize, 1, "options.BatchSize");
    }

    /// <summary>
    /// Loads <paramref name="images"/> (read once, in order, a batch at a time, so they may be generated lazily).
    /// </summary>
    /// <exception cref="CatalogException">
    /// An image's owner is not a member of its group, its dataset is missing or in another group, a key is empty, or
    /// the database refused a row; nothing of the load is kept.
    /// </exception>
    public async Task<BulkLoadResult> LoadAsync(IEnumerable<BulkImage> images, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        var dialect = _database.Dialect;
        var timeout = _options.CommandTimeoutSeconds;
        var clock = Stopwatch.StartNew();
        var ids = new List<long>();
        long pairs = 0, terms = 0;
        TimeSpan rowsElapsed, indexesElapsed = TimeSpan.Zero, searchElapsed;
        await using var connection = await _database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (dialect == CatalogDialect.Sqlite)
            {
                // Index pages of millions of rows stay in memory instead of going back and forth to the page cache.
                await connection.ExecuteAsync("PRAGMA cache_size = -1048576").ConfigureAwait(false);
            }

            await using (var transaction = dialect == CatalogDialect.Sqlite
                ? ((SqliteConnection)connection).BeginTransaction(deferred: false)
                : await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                var rules = await LoadRulesAsync(connection, transaction).ConfigureAwait(false);
                var deferredRows = _options.DeferIndexes
                    ? await DeferredConstraints.DropAsync(connection, transaction, dialect, RowTables, timeout).ConfigureAwait(false)
                    : null;
                var deferredSearch = _options.DeferIndexes
                    ? await DeferredConstraints.DropAsync(connection, transaction, dialect, SearchTables, timeout).ConfigureAwait(false)
                    : null;
                await using (var writer = await BulkWriter.CreateAsync(dialect, connection, transaction, _options.MapNamespace, DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false))
                {
                    var batch = new List<BulkImage>(_options.BatchSize);
                    foreach (var image in images)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        batch.Add(image);
                        if (batch.Count == _options.BatchSize)
                        {
                            (var p, var t) = await WriteBatchAsync(writer, batch, rules, ids, cancellationToken).ConfigureAwait(false);
                            (pairs, terms) = (pairs + p, terms + t);
                            batch.Clear();
                        }
                    }

                    if (batch.Count > 0)
                    {
                        (var p, var t) = await WriteBatchAsync(writer, batch, rules, ids, cancellationToken).ConfigureAwait(false);
                        (pairs, terms) = (pairs + p, terms + t);
                    }
                }

                rowsElapsed = clock.Elapsed;
                if (deferredRows is not null)
                {
                    await deferredRows.RecreateAsync(connection, transaction, timeout).ConfigureAwait(false);
                }

                var phase = clock.Elapsed;
                await SearchIndex.RebuildPairsAsync(connection, transaction, timeout).ConfigureAwait(false);
                var rebuilt = clock.Elapsed;
                if (deferredSearch is not null)
                {
                    await deferredSearch.RecreateAsync(connection, transaction, timeout).ConfigureAwait(false);
                }

                indexesElapsed = (phase - rowsElapsed) + (clock.Elapsed - rebuilt);
                await connection.ExecuteAsync(
                    "INSERT INTO event (at, experimenter_id, action, object_type, object_id, detail) VALUES (@at, NULL, 'import', 'image', NULL, @detail)",
                    new
                    {
                        at = CatalogClock.Now(dialect),
                        detail = ids.Count == 0 ? "bulk load: no images" : string.Create(CultureInfo.InvariantCulture, $"bulk load: {ids.Count} images, ids {ids.Min()}-{ids.Max()}, {pairs} pairs"),
                    },
                    transaction).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                searchElapsed = clock.Elapsed - rowsElapsed - indexesElapsed;
            }

            await RefreshStatisticsAsync(connection, dialect, timeout).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw new CatalogException($"catalogue ({dialect}): bulk load failed and was rolled back: {e.Message}", e);
        }
        finally
        {
            if (dialect == CatalogDialect.Sqlite && connection.State == System.Data.ConnectionState.Open)
            {
                // The pooled connection goes back with SQLite's default cache, not the load's gigabyte.
                await connection.ExecuteAsync("PRAGMA cache_size = -2000").ConfigureAwait(false);
            }
        }

        return new BulkLoadResult(ids, pairs, terms, rowsElapsed, indexesElapsed, searchElapsed, clock.Elapsed - rowsElapsed - indexesElapsed - searchElapsed);
    }

    private async Task<(long Pairs, long Terms)> WriteBatchAsync(BulkWriter writer, List<BulkImage> batch, LoadRules rules, List<long> ids, CancellationToken cancellationToken)
    {
        var imageIds = await writer.ReserveIdsAsync("image", batch.Count, cancellationToken).ConfigureAwait(false);
        var annotated = batch.Count(b => b.Pairs.Count > 0);
        var annotationIds = await writer.ReserveIdsAsync("annotation", annotated, cancellationToken).ConfigureAwait(false);
        var rows = new List<BulkRow>(batch.Count);
        long pairs = 0, terms = 0;
        for (int i = 0, a = 0; i < batch.Count; i++)
        {
            var row = Prepare(batch[i], ids.Count + i, imageIds[i], batch[i].Pairs.Count > 0 ? annotationIds[a++] : 0, rules);
            rows.Add(row);
            pairs += row.Pairs.Length;
            terms += row.Terms.Length;
        }

        await writer.WriteAsync(rows, cancellationToken).ConfigureAwait(false);
        ids.AddRange(imageIds);
        _options.Progress?.Report(ids.Count);
        return (pairs, terms);
    }

    private static BulkRow Prepare(BulkImage item, int index, long imageId, long annotationId, LoadRules rules)
    {
        ArgumentNullException.ThrowIfNull(item);
        var image = item.Image;
        string Where() => $"bulk load, image {index} '{image.Name}'";
        if (string.IsNullOrWhiteSpace(image.Name))
        {
            throw new CatalogException($"bulk load, image {index}: the name must not be empty");
        }

        if (!rules.Admins.Contains(image.OwnerId) && !rules.Members.Contains((image.GroupId, image.OwnerId)))
        {
            throw new CatalogException($"{Where()}: user {image.OwnerId} is not a member of group {image.GroupId}");
        }

        if (item.DatasetId is { } dataset && (!rules.DatasetGroups.TryGetValue(dataset, out var datasetGroup) || datasetGroup != image.GroupId))
        {
            throw new CatalogException($"{Where()}: dataset {dataset} does not exist in group {image.GroupId}");
        }

        var pairs = new (string, string, string, string)[item.Pairs.Count];
        for (var p = 0; p < pairs.Length; p++)
        {
            var (key, value) = item.Pairs[p];
            if (string.IsNullOrWhiteSpace(key))
            {
                throw new CatalogException($"{Where()}: key {p} must not be empty");
            }

            value ??= "";
            pairs[p] = (key.Trim(), value.Trim(), SearchIndex.Fold(key), SearchIndex.Fold(value));
        }

        return new BulkRow
        {
            Image = image,
            ImageId = imageId,
            AnnotationId = annotationId,
            DatasetId = item.DatasetId,
            Pairs = pairs,
            Terms = SearchIndex.Terms(image.Name).Concat(SearchIndex.Terms(image.Description)).Distinct(StringComparer.Ordinal).ToArray(),
            ChannelsJson = JsonSerializer.Serialize(image.Channels, Json),
            OriginalFilesJson = JsonSerializer.Serialize(image.OriginalFiles, Json),
            RenderingSettingsJson = RenderingSettingsJson.Initial(image.Channels),
        };
    }

    private static async Task<LoadRules> LoadRulesAsync(DbConnection connection, DbTransaction transaction)
    {
        var members = (await connection.QueryAsync<(long, long)>("SELECT group_id, experimenter_id FROM group_member", transaction: transaction).ConfigureAwait(false)).ToHashSet();
        var admins = (await connection.QueryAsync<long>("SELECT id FROM experimenter WHERE is_admin = @yes", new { yes = true }, transaction).ConfigureAwait(false)).ToHashSet();
        var datasets = (await connection.QueryAsync<(long, long)>("SELECT id, group_id FROM dataset", transaction: transaction).ConfigureAwait(false))
            .ToDictionary(d => d.Item1, d => d.Item2);
        return new LoadRules(members, admins, datasets);
    }

    private static async Task RefreshStatisticsAsync(DbConnection connection, CatalogDialect dialect, int timeout)
    {
        if (dialect == CatalogDialect.Sqlite)
        {
            // ANALYZE gives the planner row counts for the loaded tables; the checkpoint folds the load's WAL back into
            // the database file and truncates it.
            foreach (var table in Tables)
            {
                await connection.ExecuteAsync($"ANALYZE {table}", commandTimeout: timeout).ConfigureAwait(false);
            }

            await connection.ExecuteAsync("PRAGMA optimize; PRAGMA wal_checkpoint(TRUNCATE)", commandTimeout: timeout).ConfigureAwait(false);
            return;
        }

        // VACUUM sets the visibility map, without which index-only scans visit the heap for every row of a fresh load.
        foreach (var table in Tables)
        {
            await connection.ExecuteAsync($"VACUUM (ANALYZE) {table}", commandTimeout: timeout).ConfigureAwait(false);
        }
    }

    private sealed record LoadRules(HashSet<(long, long)> Members, HashSet<long> Admins, Dictionary<long, long> DatasetGroups);
}
