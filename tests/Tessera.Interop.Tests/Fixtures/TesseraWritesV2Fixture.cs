using System.Text.Json.Nodes;
using Tessera.Interop.Tests.Cases;
using Tessera.Interop.Tests.Peers;

namespace Tessera.Interop.Tests.Fixtures;

/// <summary>Tessera writes every v2 matrix case; zarr-python reads them all back in one process.</summary>
public sealed class TesseraWritesV2Fixture() : TesseraWritesFixture("tessera-writes-v2")
{
    private protected override async Task<PeerRun> PrepareAsync(string dataRoot, string workDirectory)
    {
        await WriteAllAsync(dataRoot, V2Catalog.Matrix.Select(c => (c.PathInRoot, c.ToTesseraMetadata(), WriteValues(c))));
        var manifest = new JsonObject
        {
            ["root"] = dataRoot,
            ["cases"] = new JsonArray([.. V2Catalog.Matrix.Select(c => (JsonNode)c.ToReadManifest())]),
        };
        return await ZarrPython.RunAsync("read_arrays.py", manifest, workDirectory);
    }

    private static Func<Tessera.Zarr.ZarrArray, ValueTask> WriteValues(V2Case c) => array => c.Type.WriteAsync(array, c.Expected().Values);
}
