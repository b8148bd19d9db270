using System.Diagnostics;

namespace Tessera.Imaging.Tests.Ome;

/// <summary>Runs Debian's Python (not the pyenv one on PATH), which has tifffile and numpy, on a script.</summary>
internal static class TifffilePython
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
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"python exited with {process.ExitCode}:\n{await error}");
        }

        return await output;
    }
}
