using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Interop.Tests.Peers;

/// <summary>
/// Runs one peer script over a whole manifest: the manifest goes in as a JSON file, the per-case results
/// come back as a JSON file. One process per manifest keeps the interpreter start-up cost out of the
/// per-array work.
/// </summary>
internal static class PeerScript
{
    /// <summary>Exit code the peer scripts use when they cannot import their Zarr library.</summary>
    public const int MissingDependencyExitCode = 3;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    public static async Task<PeerRun> RunAsync(string peerName, string program, string script, JsonObject manifest, string workDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var stem = Path.GetFileNameWithoutExtension(script);
        var manifestPath = Path.Combine(workDirectory, stem + ".manifest.json");
        var resultPath = Path.Combine(workDirectory, stem + ".result.json");
        await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString());
        var run = await PeerProcess.RunAsync(program, [script, manifestPath, resultPath], Timeout, environment);
        if (run.ExitCode == MissingDependencyExitCode)
        {
            throw new PeerUnavailableException($"{peerName} is not installed: {run.StandardError.Trim()}");
        }

        if (run.ExitCode != 0 || !File.Exists(resultPath))
        {
            throw new InvalidOperationException($"{peerName} ({program} {script}) exited with code {run.ExitCode}; stderr:\n{run.StandardError}\nstdout:\n{run.StandardOutput}");
        }

        JsonObject result;
        try
        {
            result = JsonNode.Parse(await File.ReadAllTextAsync(resultPath))!.AsObject();
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{peerName} wrote an unreadable result ({e.Message}); stderr:\n{run.StandardError}", e);
        }

        var cases = result["cases"]!.AsObject().ToDictionary(p => p.Key, p => PeerArrayReport.Parse(p.Value!.AsObject()), StringComparer.Ordinal);
        var groups = (result["groups"] as JsonObject)?.ToDictionary(p => p.Key, p => PeerGroupReport.Parse(p.Value!.AsObject()), StringComparer.Ordinal);
        return new PeerRun(result["peer"] as JsonObject, cases, groups);
    }
}
