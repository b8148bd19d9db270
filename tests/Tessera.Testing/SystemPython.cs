using System.Diagnostics;
using Xunit;

namespace Tessera.Testing;

/// <summary>
/// Debian's /usr/bin/python3 (numpy, zarr 2.13, tifffile, PIL, zipfile) — not the pyenv python on PATH — the
/// independent reader and writer of test files.
/// </summary>
public static class SystemPython
{
    private const string Executable = "/usr/bin/python3";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/> (as <c>sys.argv[1:]</c>); fails the test with its stderr if it fails.</summary>
    public static void Run(string script, params string[] arguments) => RunAsync(script, arguments).GetAwaiter().GetResult();

    /// <summary>Runs <paramref name="script"/> like <see cref="Run"/> and returns what it printed.</summary>
    public static async Task<string> RunAsync(string script, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(Executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"cannot start {Executable}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"{Executable} did not finish within {Limit.TotalMinutes} minutes");
        }

        Assert.True(process.ExitCode == 0, $"{Executable} failed ({process.ExitCode}): {await stderr.ConfigureAwait(false)}");
        return await stdout.ConfigureAwait(false);
    }
}
