using System.Text.Json.Nodes;
using Tessera.Interop.Tests.Cases;
using Tessera.Interop.Tests.Peers;
using Tessera.Zarr;

namespace Tessera.Interop.Tests.Fixtures;

/// <summary>Tessera writes every v3 case (matrix and fill cases); zarrita.js reads them all in one node process.</summary>
public sealed class TesseraWritesV3Fixture() : TesseraWritesFixture("tessera-writes-v3")
{
    internal static IEnumerable<V3Case> AllCases => V3Catalog.Matrix.Concat(V3Catalog.FillCases);

    private protected override async Task<PeerRun> PrepareAsync(string dataRoot, string workDirectory)
    {
        await WriteAllAsync(dataRoot, AllCases.Select(c => (c.PathInRoot, c.ToTesseraMetadata(), WriteValues(c))));
        var manifest = new JsonObject
        {
            ["root"] = dataRoot,
            ["cases"] = new JsonArray([.. AllCases.Select(c => (JsonNode)c.ToReadManifest())]),
        };
        return await Zarrita.RunAsync("read_v3.mjs", manifest, workDirectory);
    }

    private static Func<ZarrArray, ValueTask> WriteValues(V3Case c) => array => c.Type.WriteAsync(array, c.Expected().Values);
}
