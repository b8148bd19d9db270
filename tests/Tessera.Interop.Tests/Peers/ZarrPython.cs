using System.Text.Json.Nodes;

namespace Tessera.Interop.Tests.Peers;

/// <summary>Debian's zarr-python 2.13 (numcodecs 0.11), run by the system interpreter.</summary>
internal static class ZarrPython
{
    // Not the python3 first on PATH: that is a pyenv build without Debian's packages.
    public const string Interpreter = "/usr/bin/python3";

    public static Task<PeerRun> RunAsync(string scriptName, JsonObject manifest, string workDirectory)
    {
        if (!File.Exists(Interpreter))
        {
            throw new PeerUnavailableException($"{Interpreter} does not exist: run ./scripts/setup.sh (it installs Debian's python3-zarr)");
        }

        var script = Path.Combine(RepositoryRoot.ProjectDirectory, "python", scriptName);
        // No __pycache__ in the source tree; no user site-packages shadowing Debian's zarr.
        var environment = new Dictionary<string, string> { ["PYTHONDONTWRITEBYTECODE"] = "1", ["PYTHONNOUSERSITE"] = "1" };
        return PeerScript.RunAsync("zarr-python (" + Interpreter + ")", Interpreter, script, manifest, workDirectory, environment);
    }
}
