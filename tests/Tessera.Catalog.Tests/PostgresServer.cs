using System.Diagnostics;

namespace Tessera.Catalog.Tests;

/// <summary>
/// The real PostgreSQL the catalogue suite runs against: the one named by <c>TESSERA_POSTGRES</c>, or one this test
/// run starts with scripts/postgres.sh (127.0.0.1, a free port) and stops by its PID at the end.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private string? _directory;

    /// <summary>The server's connection string (database "postgres").</summary>
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("TESSERA_POSTGRES") is { Length: > 0 } given)
        {
            ConnectionString = given;
            return;
        }

        _directory = Path.Combine(Path.GetTempPath(), "tessera-pg-" + Guid.NewGuid().ToString("N")[..10]);
        ConnectionString = (await ScriptAsync("start")).Trim();
    }

    public async Task DisposeAsync()
    {
        if (_directory is not null)
        {
            await ScriptAsync("stop");
            Directory.Delete(_directory, recursive: true);
        }
    }

    private async Task<string> ScriptAsync(string command)
    {
        var script = FindScript();
        var start = new ProcessStartInfo(script) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(_directory!);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot run {script}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} {command} failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }

    private static string FindScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "scripts", "postgres.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("scripts/postgres.sh not found above the test directory");
    }
}
