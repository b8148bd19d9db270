using System.Text.Json.Nodes;
using Tessera.Interop.Tests.Peers;
using Tessera.Ngff;

namespace Tessera.Interop.Tests.Fixtures;

/// <summary>Tessera writes the sample hierarchies as OME-NGFF 0.5 (Zarr v3); zarrita.js reads them.</summary>
public sealed class TesseraWritesNgff05Fixture() : TesseraWritesNgffFixture(NgffVersion.V0_5, "tessera-writes-ngff-0.5")
{
    private protected override Task<PeerRun> RunPeerAsync(JsonObject manifest, string workDirectory) =>
        Zarrita.RunAsync("read_ngff.mjs", manifest, workDirectory);
}
