using System.Diagnostics;
using System.Globalization;
using Dapper;
using Npgsql;
using Tessera.Catalog;
using Tessera.Catalog.Bulk;

namespace Tessera.Bench.Catalog;

/// <summary>One backend: create the catalogue, load the generated images in bulk, then time every query kind.</summary>
public sealed class BenchRun(BenchOptions options)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public async Task<BenchResults> RunAsync()
    {
        var loadBefore = LoadAverage();
        if (options.Reuse)
        {
            return await ReuseAsync(loadBefore);
        }

        var database = await CreateDatabaseAsync();
        var catalog = new Tessera.Catalog.Catalog(database);
        var words = new Vocabulary(options.Seed);
        var world = await BenchWorld.CreateAsync(catalog, options.Seed);

        // Generated up front so the load rate is the loader's, not the generator's.
        var clock = Stopwatch.StartNew();
        var images = ImageGenerator.Generate(world, words, options.Images, options.Seed + 1).ToList();
        var generateSeconds = clock.Elapsed.TotalSeconds;
        Log($"generated {images.Count} images in {generateSeconds:F1} s; loading ({options.Backend}{(options.DeferIndexes ? ", deferred indexes" : "")})");
        var progress = new Progress<long>(n =>
        {
            if (n % 100_000 == 0)
            {
                Log($"  {n} images written ({clock.Elapsed.TotalSeconds - generateSeconds:F0} s)");
            }
        });
        var loaded = await new CatalogBulkLoader(database, new BulkLoadOptions { DeferIndexes = options.DeferIndexes, Progress = progress }).LoadAsync(images);
        images = null;
        GC.Collect();
        var bytes = await DatabaseBytesAsync(database);
        var load = new LoadMeasurement(
            generateSeconds, loaded.RowsElapsed.TotalSeconds, loaded.IndexesElapsed.TotalSeconds, loaded.SearchTablesElapsed.TotalSeconds, loaded.StatisticsElapsed.TotalSeconds, bytes,
            options.DeferIndexes ? "deferred indexes" : "indexes kept");
        Log($"loaded {loaded.ImageIds.Count} images, {loaded.Pairs} pairs: rows {load.RowsSeconds:F1} s, indexes {load.IndexesSeconds:F1} s, search tables {load.SearchTablesSeconds:F1} s, statistics {load.StatisticsSeconds:F1} s; "
            + $"{loaded.ImageIds.Count / load.TotalSeconds:F0} images/s, {loaded.Pairs / load.TotalSeconds:F0} pairs/s; database {bytes / 1e9:F2} GB");

        var results = new BenchResults
        {
            Backend = options.Backend, Images = loaded.ImageIds.Count, Pairs = loaded.Pairs, Runs = options.Runs, Load = load, LoadAverageBefore = loadBefore,
        };
        if (options.LoadOnly)
        {
            results.LoadAverageAfter = LoadAverage();
            return results;
        }

        var callers = new List<(string Name, CatalogCaller Caller)> { ("member", await catalog.CallerAsync(BenchWorld.MeasuredUser)) };
        if (!options.MemberOnly)
        {
            callers.Add(("admin", await catalog.CallerAsync(BenchWorld.AdminUser)));
            callers.Add(("anonymous", await catalog.AnonymousAsync()));
        }

        Log($"member reads: {callers[0].Caller.ReadPredicate("i")}");
        await MeasureAsync(catalog, database, words, callers, results);
        if (options.Explain)
        {
            Log("plans of the statements behind the slowest call of each query kind (member and admin)");
            await Diagnostics.ExplainAsync(catalog, Queries.All(words, options.NaiveTimeoutSeconds), callers.Where(c => c.Name != "anonymous").ToList(), results.Queries);
        }
        results.LoadAverageAfter = LoadAverage();
        return results;
    }

    // Queries only, on the catalogue an earlier --load-only run left: for iterating on the library's SQL.
    private async Task<BenchResults> ReuseAsync(string loadBefore)
    {
        if (options.Backend != "postgresql")
        {
            throw new ArgumentException("--reuse: only with --backend postgresql");
        }

        var connection = new NpgsqlConnectionStringBuilder(options.PostgresConnection) { Database = "tessera_bench", MaxPoolSize = 10 }.ToString();
        var database = await CatalogDatabase.OpenAsync(connection, CatalogDialect.PostgreSql);
        var catalog = new Tessera.Catalog.Catalog(database);
        await using var open = await database.OpenConnectionAsync();
        var images = await open.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM image");
        var pairs = await open.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM map_value");
        Log($"reusing tessera_bench: {images} images, {pairs} pairs (no load figures)");
        var results = new BenchResults
        {
            Backend = options.Backend, Images = (int)images, Pairs = pairs, Runs = options.Runs, LoadAverageBefore = loadBefore,
            Load = new LoadMeasurement(0, 0, 0, 0, 0, await DatabaseBytesAsync(database), "reused, not loaded in this run"),
        };
        var callers = new List<(string Name, CatalogCaller Caller)> { ("member", await catalog.CallerAsync(BenchWorld.MeasuredUser)) };
        if (!options.MemberOnly)
        {
            callers.Add(("admin", await catalog.CallerAsync(BenchWorld.AdminUser)));
            callers.Add(("anonymous", await catalog.AnonymousAsync()));
        }

        await MeasureAsync(catalog, database, new Vocabulary(options.Seed), callers, results);
        results.LoadAverageAfter = LoadAverage();
        return results;
    }

    private async Task MeasureAsync(Tessera.Catalog.Catalog catalog, CatalogDatabase database, Vocabulary words, List<(string Name, CatalogCaller Caller)> callers, BenchResults results)
    {
        var kinds = Queries.All(words, options.NaiveTimeoutSeconds);
        var slots = new Dictionary<(string, string), QueryMeasurement>();
        foreach (var kind in kinds)
        {
            foreach (var (name, _) in callers)
            {
                var slot = new QueryMeasurement { Caller = name, Query = kind.Name, Iterations = options.Iterations };
                slots[(name, kind.Name)] = slot;
                results.Queries.Add(slot);
            }
        }

        for (var run = 1; run <= options.Runs; run++)
        {
            Log($"run {run}/{options.Runs}: indexed, {options.Warmup} warm-up + {options.Iterations} timed calls per query and caller");
            foreach (var kind in kinds)
            {
                foreach (var (name, caller) in callers)
                {
                    // The same argument sequence in every run and for every caller; warm-up arguments are drawn apart.
                    var draws = new Random(options.Seed + kind.Name.Length * 7919 + kinds.ToList().IndexOf(kind));
                    var arguments = Enumerable.Range(0, options.Iterations).Select(_ => kind.Draw(draws)).ToList();
                    var warmup = new Random(options.Seed + run * 31 + 5);
                    for (var i = 0; i < options.Warmup; i++)
                    {
                        await kind.Indexed(catalog, caller, kind.Draw(warmup));
                    }

                    var times = new List<double>(arguments.Count);
                    var slot = slots[(name, kind.Name)];
                    foreach (var argument in arguments)
                    {
                        var started = Stopwatch.GetTimestamp();
                        var outcome = await kind.Indexed(catalog, caller, argument);
                        times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        if (times[^1] > slot.SlowestMs)
                        {
                            (slot.SlowestMs, slot.SlowestArguments) = (times[^1], argument);
                        }
                        if (run == 1)
                        {
                            slot.Sizes.Add(outcome.Size);
                        }
                    }

                    slot.P50.Add(Stats.Percentile(times, 50));
                    slot.P99.Add(Stats.Percentile(times, 99));
                    slot.Max.Add(times.Max());
                    Log($"  {name,-9} {kind.Name,-50} p50 {slot.P50[^1],8:F2} ms  p99 {slot.P99[^1],8:F2} ms  max {slot.Max[^1],8:F2} ms");
                }
            }
        }

        Log($"naive: up to {options.NaiveIterations} calls per query and caller, {options.NaiveCapSeconds} s cap each, same arguments as the first indexed calls");
        await using var connection = await database.OpenConnectionAsync();
        foreach (var kind in kinds)
        {
            foreach (var (name, caller) in callers)
            {
                var draws = new Random(options.Seed + kind.Name.Length * 7919 + kinds.ToList().IndexOf(kind));
                var slot = slots[(name, kind.Name)];
                var spent = Stopwatch.StartNew();
                for (var i = 0; i < options.NaiveIterations && (i == 0 || spent.Elapsed.TotalSeconds < options.NaiveCapSeconds); i++)
                {
                    var argument = kind.Draw(draws);
                    var started = Stopwatch.GetTimestamp();
                    var naive = await kind.Naive(connection, caller, argument);
                    slot.NaiveMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    var indexed = await kind.Indexed(catalog, caller, argument);
                    slot.Compared++;
                    if (naive.Summary != indexed.Summary)
                    {
                        var mismatch = $"{string.Join(" ", argument)}: indexed {indexed.Summary} / naive {naive.Summary}";
                        slot.Mismatches.Add(mismatch);
                        Log($"  MISMATCH {name} {kind.Name}: {mismatch}");
                    }
                }

                Log($"  {name,-9} {kind.Name,-50} naive median {Stats.Median(slot.NaiveMs),10:F0} ms over {slot.NaiveMs.Count}, "
                    + $"{(slot.Mismatches.Count == 0 ? "agrees" : $"{slot.Mismatches.Count} MISMATCHES")}");
            }
        }
    }

    private async Task<CatalogDatabase> CreateDatabaseAsync()
    {
        if (options.Backend == "sqlite")
        {
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(options.SqliteFile + suffix);
            }

            return await CatalogDatabase.OpenSqliteAsync(options.SqliteFile);
        }

        await using (var admin = new NpgsqlConnection(options.PostgresConnection))
        {
            await admin.ExecuteAsync("DROP DATABASE IF EXISTS tessera_bench WITH (FORCE)");
            await admin.ExecuteAsync("CREATE DATABASE tessera_bench");
        }

        var connection = new NpgsqlConnectionStringBuilder(options.PostgresConnection) { Database = "tessera_bench", MaxPoolSize = 10 }.ToString();
        return await CatalogDatabase.OpenAsync(connection, CatalogDialect.PostgreSql);
    }

    private async Task<long> DatabaseBytesAsync(CatalogDatabase database)
    {
        if (options.Backend == "sqlite")
        {
            return new[] { "", "-wal" }.Select(s => new FileInfo(options.SqliteFile + s)).Where(f => f.Exists).Sum(f => f.Length);
        }

        await using var connection = await database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT pg_database_size(current_database())");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";

    private static void Log(string line) => Console.WriteLine($"[{DateTime.Now.ToString("HH:mm:ss", Invariant)}] {line}");
}
