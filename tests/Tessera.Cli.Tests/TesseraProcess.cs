using System.Diagnostics;

namespace Tessera.Cli.Tests;

/// <summary>Runs the built <c>tessera</c> command as its own process and captures what it prints.</summary>
public static class TesseraProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Task<Result> RunAsync(params string[] arguments) => RunAsync(TimeSpan.FromMinutes(2), arguments);

    /// <summary>The start information for running tessera with <paramref name="arguments"/>, output redirected.</summary>
    public static ProcessStartInfo StartInfo(IEnumerable<string> arguments, string? wrapper = null)
    {
        var start = new ProcessStartInfo(wrapper ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (wrapper is not null)
        {
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tessera.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Runs tessera (under <paramref name="wrapper"/>, such as /usr/bin/time, when given) and waits at most <paramref name="limit"/>.</summary>
    public static async Task<Result> RunAsync(TimeSpan limit, string[] arguments, string? wrapper = null)
    {
        using var process = Process.Start(StartInfo(arguments, wrapper)) ?? throw new InvalidOperationException("could not start tessera");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"tessera {string.Join(' ', arguments)} did not finish in {limit.TotalMinutes} minutes");
        }

        return new Result(process.ExitCode, await output, await error);
    }
}
