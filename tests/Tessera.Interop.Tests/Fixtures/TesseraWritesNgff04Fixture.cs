using System.Text.Json.Nodes;
using Tessera.Interop.Tests.Peers;
using Tessera.Ngff;

namespace Tessera.Interop.Tests.Fixtures;

/// <summary>Tessera writes the sample hierarchies as OME-NGFF 0.4 (Zarr v2); zarr-python 2.13 reads them.</summary>
public sealed class TesseraWritesNgff04Fixture() : TesseraWritesNgffFixture(NgffVersion.V0_4, "tessera-writes-ngff-0.4")
{
    private protected override Task<PeerRun> RunPeerAsync(JsonObject manifest, string workDirectory) =>
        ZarrPython.RunAsync("read_ngff.py", manifest, workDirectory);
}
