using System.Diagnostics;

namespace Tessera.Zarr.Tests.Storage;

/// <summary>Runs Debian's Python (its <c>zipfile</c> module is an independent zip reader and writer) on a script.</summary>
internal static class PythonZip
{
    private const string Python = "/usr/bin/python3";

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/> (as <c>sys.argv[1:]</c>) and returns its standard output.</summary>
    public static async Task<string> RunAsync(string script, params string[] arguments)
    {
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Python}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"python exited with {process.ExitCode}:\n{await error}");
        }

        return await output;
    }
}
