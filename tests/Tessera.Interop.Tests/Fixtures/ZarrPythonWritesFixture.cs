using System.Text.Json.Nodes;
using Tessera.Interop.Tests.Cases;
using Tessera.Interop.Tests.Peers;

namespace Tessera.Interop.Tests.Fixtures;

/// <summary>zarr-python writes every v2 case (matrix and fill cases) in one process.</summary>
public sealed class ZarrPythonWritesFixture() : PeerFixture("zarr-python-writes")
{
    private protected override Task<PeerRun> PrepareAsync(string dataRoot, string workDirectory)
    {
        var manifest = new JsonObject
        {
            ["root"] = dataRoot,
            ["cases"] = new JsonArray([.. V2Catalog.Matrix.Concat(V2Catalog.FillCases).Select(c => (JsonNode)c.ToWriteManifest())]),
        };
        return ZarrPython.RunAsync("write_arrays.py", manifest, workDirectory);
    }
}
