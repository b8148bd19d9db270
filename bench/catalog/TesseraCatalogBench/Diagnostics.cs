using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using SQLitePCL;
using Tessera.Catalog;

namespace Tessera.Bench.Catalog;

/// <summary>
/// Where the time of a slow search call goes, from the statements the library really runs (not a copy of its SQL):
/// the call with the slowest arguments seen is repeated once with statement capture on. SQLite: a trace hook on the
/// pooled connection the catalogue then reuses — each statement with its bound values, run again alone for its time,
/// and its <c>EXPLAIN QUERY PLAN</c>. PostgreSQL: auto_explain for new sessions of the benchmark database — each statement's
/// <c>EXPLAIN (ANALYZE, BUFFERS)</c> plan, read back from the server log.
/// </summary>
public static class Diagnostics
{
    public static async Task ExplainAsync(
        Tessera.Catalog.Catalog catalog, IReadOnlyList<QueryKind> kinds, IReadOnlyList<(string Name, CatalogCaller Caller)> callers, IReadOnlyList<QueryMeasurement> measured)
    {
        var database = catalog.Database;
        var sqlite = database.Dialect == CatalogDialect.Sqlite ? await SqliteCapture.StartAsync(database) : null;
        var postgres = database.Dialect == CatalogDialect.PostgreSql ? await PostgresCapture.StartAsync(database) : null;
        foreach (var (name, caller) in callers)
        {
            foreach (var slot in measured.Where(m => m.Caller == name && m.SlowestArguments.Length > 0))
            {
                var kind = kinds.First(k => k.Name == slot.Query);
                Console.WriteLine($"### {database.Dialect} {name} {slot.Query}: slowest call {slot.SlowestMs:F1} ms with [{string.Join(" | ", slot.SlowestArguments)}]");
                await kind.Indexed(catalog, caller, slot.SlowestArguments);
                if (sqlite is not null)
                {
                    await sqlite.RunAsync(() => kind.Indexed(catalog, caller, slot.SlowestArguments));
                }
                else
                {
                    await postgres!.RunAsync(() => kind.Indexed(catalog, caller, slot.SlowestArguments));
                }
            }
        }

        if (sqlite is not null)
        {
            await sqlite.DisposeAsync();
        }
    }

    private static string Shorten(string sql)
    {
        var line = string.Join(" ", sql.Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));
        return line.Length > 900 ? line[..900] + " …" : line;
    }

    /// <summary>
    /// SQLite's trace hook (each statement's text with its bound values) on the pooled connection the catalogue reuses;
    /// each captured statement is then run again alone (median of 5) and explained.
    /// </summary>
    private sealed class SqliteCapture : IAsyncDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly List<string> _statements = [];
        private bool _on;

        private SqliteCapture(SqliteConnection connection) => _connection = connection;

        public static async Task<SqliteCapture> StartAsync(CatalogDatabase database)
        {
            // With the pool emptied, the one connection opened (and hooked) here is the one the catalogue gets next:
            // the benchmark runs one call at a time. (The profile hook would be the natural timer, but registering
            // it silences the trace hook in this SQLitePCLRaw, so statements are timed by running them again.)
            SqliteConnection.ClearAllPools();
            var connection = (SqliteConnection)await database.OpenConnectionAsync();
            var capture = new SqliteCapture(connection);
            raw.sqlite3_trace(connection.Handle, new strdelegate_trace((_, sql) =>
            {
                if (capture._on && !sql.TrimStart().StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase))
                {
                    capture._statements.Add(sql);
                }
            }), null);
            await connection.CloseAsync();
            return capture;
        }

        public async Task RunAsync(Func<Task> call)
        {
            _statements.Clear();
            _on = true;
            await call();
            _on = false;
            if (_statements.Count == 0)
            {
                Console.WriteLine("-- (no statements captured: the catalogue used another pooled connection)");
                return;
            }

            await _connection.OpenAsync();
            try
            {
                var timed = new List<(string Sql, double Ms)>();
                foreach (var sql in _statements)
                {
                    var times = new List<double>();
                    for (var i = 0; i < 5; i++)
                    {
                        var started = System.Diagnostics.Stopwatch.GetTimestamp();
                        await _connection.QueryAsync(sql);
                        times.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }

                    timed.Add((sql, Stats.Median(times)));
                }

                Console.WriteLine($"-- {timed.Count} statements, {timed.Sum(s => s.Ms):F2} ms run alone (median of 5 each); the slowest:");
                foreach (var (sql, ms) in timed.OrderByDescending(s => s.Ms).Take(6))
                {
                    Console.WriteLine($"-- {ms:F2} ms: {Shorten(sql)}");
                    foreach (var row in await _connection.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql))
                    {
                        Console.WriteLine($"   plan: {row.Id} <- {row.Parent}: {row.Detail}");
                    }
                }
            }
            finally
            {
                await _connection.CloseAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _connection.OpenAsync();
            raw.sqlite3_trace(_connection.Handle, (strdelegate_trace?)null, null);
            await _connection.DisposeAsync();
        }
    }

    /// <summary>auto_explain with ANALYZE for new sessions of the benchmark database; plans read from the server log.</summary>
    private sealed class PostgresCapture
    {
        private readonly string _log;

        private PostgresCapture(string log) => _log = log;

        public static async Task<PostgresCapture?> StartAsync(CatalogDatabase database)
        {
            await using (var connection = await database.OpenConnectionAsync())
            {
                var name = await connection.ExecuteScalarAsync<string>("SELECT current_database()");
                foreach (var setting in new[]
                {
                    "session_preload_libraries = 'auto_explain'", "auto_explain.log_min_duration = 0", "auto_explain.log_analyze = on",
                    "auto_explain.log_buffers = on", "auto_explain.log_nested_statements = on",
                })
                {
                    await connection.ExecuteAsync($"ALTER DATABASE {name} SET {setting}");
                }

                // scripts/postgres.sh keeps the server log next to the data directory.
                var data = await connection.ExecuteScalarAsync<string>("SHOW data_directory");
                var log = Path.Combine(Path.GetDirectoryName(data!)!, "server.log");
                if (!File.Exists(log))
                {
                    Console.WriteLine($"-- (no server log at {log}: plans not captured)");
                    return null;
                }

                NpgsqlConnection.ClearAllPools(); // new sessions load auto_explain
                return new PostgresCapture(log);
            }
        }

        public async Task RunAsync(Func<Task> call)
        {
            var from = new FileInfo(_log).Length;
            await call();
            await Task.Delay(200); // the server writes its log asynchronously
            await using var stream = new FileStream(_log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            stream.Seek(from, SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var text = await reader.ReadToEndAsync();

            // Each entry: "LOG:  duration: N ms  plan:" then "Query Text: …" and the plan, indented.
            var entries = text.Split("LOG:  duration: ", StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(e => (Ms: double.Parse(e[..e.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture), Text: e)).ToList();
            Console.WriteLine($"-- {entries.Count} statements, {entries.Sum(e => e.Ms):F2} ms in PostgreSQL (with auto_explain's ANALYZE overhead)");
            foreach (var (ms, entry) in entries.OrderByDescending(e => e.Ms).Take(6))
            {
                Console.WriteLine($"-- {ms:F2} ms:");
                // The next entry's log-line prefix (time and process) ends each chunk; it is not part of the plan.
                foreach (var line in entry.Split('\n').Skip(1).Where(l => l.Trim().Length > 0 && !char.IsAsciiDigit(l.TrimStart()[0])).Take(60))
                {
                    Console.WriteLine("   " + (line.TrimStart().StartsWith("Query Text:", StringComparison.Ordinal) ? Shorten(line) : line.TrimEnd()));
                }
            }
        }
    }
}
