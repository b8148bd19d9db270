using System.Diagnostics;

namespace Tessera.Interop.Tests.Peers;

/// <summary>Runs a peer program directly (no shell) with a time limit, capturing its output.</summary>
internal static class PeerProcess
{
    /// <summary>
    /// Starts <paramref name="fileName"/> with <paramref name="arguments"/> and waits for it. On timeout the
    /// process (which this method started) is killed and a <see cref="TimeoutException"/> carries its stderr.
    /// </summary>
    public static async Task<PeerProcessResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new PeerUnavailableException($"cannot start {fileName} ({e.Message}): run ./scripts/setup.sh");
        }

        // Both pipes are drained concurrently so a chatty peer cannot block on a full buffer.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{fileName} {string.Join(' ', startInfo.ArgumentList)} did not finish within {timeout.TotalSeconds:0} s; stderr:\n{await stderr}");
        }

        return new PeerProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
