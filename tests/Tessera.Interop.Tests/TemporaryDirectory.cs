namespace Tessera.Interop.Tests;

/// <summary>
/// A fresh directory under the system temp folder, deleted with everything in it on dispose, unless
/// TESSERA_INTEROP_KEEP=1 asks to keep it for inspecting a failure (arrays, manifests, peer results).
/// </summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory(string purpose)
    {
        Path = Directory.CreateTempSubdirectory($"tessera-interop-{purpose}-").FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("TESSERA_INTEROP_KEEP") != "1" && Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
