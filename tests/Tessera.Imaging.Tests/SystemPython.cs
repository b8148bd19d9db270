using System.Diagnostics;

namespace Tessera.Imaging.Tests;

/// <summary>Debian's /usr/bin/python3 (numpy, tifffile, PIL), the independent writer of test files.</summary>
internal static class SystemPython
{
    private const string Executable = "/usr/bin/python3";

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/>; fails the test with its stderr if it fails.</summary>
    public static void Run(string script, params string[] arguments)
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
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
            throw new TimeoutException($"{Executable} did not finish within 2 minutes");
        }

        Assert.True(process.ExitCode == 0, $"{Executable} failed ({process.ExitCode}): {stderr.Result}");
    }
}
