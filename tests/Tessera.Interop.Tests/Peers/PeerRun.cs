using System.Text.Json.Nodes;

namespace Tessera.Interop.Tests.Peers;

/// <summary>The result of one peer process over a whole manifest: a report per case name.</summary>
internal sealed class PeerRun(JsonObject? peer, IReadOnlyDictionary<string, PeerArrayReport> cases)
{
    /// <summary>What the peer said about itself (versions), when it reports that.</summary>
    public JsonObject? Peer { get; } = peer;

    public IReadOnlyDictionary<string, PeerArrayReport> Cases { get; } = cases;

    /// <summary>The report of one case; a case the peer never reported is a harness error worth failing on.</summary>
    public PeerArrayReport this[string name] =>
        Cases.TryGetValue(name, out var report) ? report : throw new KeyNotFoundException($"the peer reported nothing for case '{name}'");
}
