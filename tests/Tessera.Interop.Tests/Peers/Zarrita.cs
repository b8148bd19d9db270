using System.Text.Json.Nodes;

namespace Tessera.Interop.Tests.Peers;

/// <summary>zarrita.js from npm, installed in the repository root's node_modules, run by node.</summary>
internal static class Zarrita
{
    public static string PackageDirectory => Path.Combine(RepositoryRoot.Path, "node_modules", "zarrita");

    /// <summary>The installed zarrita version, from its package.json.</summary>
    public static string InstalledVersion()
    {
        var manifest = Path.Combine(PackageDirectory, "package.json");
        if (!File.Exists(manifest) || !File.Exists(Path.Combine(RepositoryRoot.Path, "node_modules", "@zarrita", "storage", "package.json")))
        {
            throw new PeerUnavailableException($"zarrita is not installed in {Path.Combine(RepositoryRoot.Path, "node_modules")}: run ./scripts/setup.sh (npm ci of the root package.json)");
        }

        return JsonNode.Parse(File.ReadAllText(manifest))!["version"]!.GetValue<string>();
    }

    public static Task<PeerRun> RunAsync(string scriptName, JsonObject manifest, string workDirectory)
    {
        _ = InstalledVersion();
        // The script lives under the repository root, so node resolves "zarrita" from the root's node_modules.
        var script = Path.Combine(RepositoryRoot.ProjectDirectory, "js", scriptName);
        return PeerScript.RunAsync("zarrita.js (node)", "node", script, manifest, workDirectory);
    }
}
