using System.Text.Json.Nodes;
using Tessera.Interop.Tests.Cases;
using Tessera.Interop.Tests.Peers;
using Tessera.Ngff;

namespace Tessera.Interop.Tests.Fixtures;

/// <summary>
/// Tessera writes the sample OME-Zarr hierarchies (<see cref="NgffSampleHierarchy"/>) in one version; one
/// peer process then reads every level array and every group's attributes.
/// </summary>
public abstract class TesseraWritesNgffFixture : PeerFixture
{
    private Exception? _writeError;
    private bool _written;

    private protected TesseraWritesNgffFixture(NgffVersion version, string purpose)
        : base(purpose)
    {
        Version = version;
    }

    internal NgffVersion Version { get; }

    /// <summary>
    /// The data root once Tessera has written it. Kept apart from <see cref="PeerFixture.Run"/> so that the
    /// Tessera-only tests report Tessera's own failure, not a missing peer.
    /// </summary>
    internal string WrittenDataRoot => _written ? DataRoot
        : throw new InvalidOperationException($"Tessera could not write the OME-NGFF {Version.ToText()} sample: {_writeError}", _writeError);

    private protected override async Task<PeerRun> PrepareAsync(string dataRoot, string workDirectory)
    {
        var sample = NgffSampleHierarchy.Instance;
        try
        {
            await sample.WriteAsync(dataRoot, Version);
            _written = true;
        }
        catch (Exception e)
        {
            _writeError = e;
            throw;
        }

        var manifest = new JsonObject
        {
            ["root"] = dataRoot,
            ["cases"] = new JsonArray([.. sample.Arrays.Select(a => (JsonNode)new JsonObject
            {
                ["name"] = a.Name,
                ["store"] = a.Root,
                ["path"] = a.Path,
                ["samples"] = new JsonArray([.. a.SampleIndices().Select(i => JsonValue.Create(i))]),
            })]),
            ["groups"] = new JsonArray([.. sample.Groups.Select(g => (JsonNode)new JsonObject
            {
                ["name"] = g.Name,
                ["store"] = g.Root,
                ["path"] = g.Path,
                ["files"] = new JsonArray([.. g.Files.Keys.Select(k => (JsonNode)k)]),
            })]),
        };
        return await RunPeerAsync(manifest, workDirectory);
    }

    /// <summary>Runs the peer's reader over <paramref name="manifest"/>.</summary>
    private protected abstract Task<PeerRun> RunPeerAsync(JsonObject manifest, string workDirectory);
}
