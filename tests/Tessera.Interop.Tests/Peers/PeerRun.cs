using System.Text.Json.Nodes;

namespace Tessera.Interop.Tests.Peers;

/// <summary>The result of one peer process over a whole manifest: a report per case (array) name and, for scripts that read groups, per group name.</summary>
internal sealed class PeerRun(JsonObject? peer, IReadOnlyDictionary<string, PeerArrayReport> cases, IReadOnlyDictionary<string, PeerGroupReport>? groups = null)
{
    /// <summary>What the peer said about itself (versions), when it reports that.</summary>
    public JsonObject? Peer { get; } = peer;

    public IReadOnlyDictionary<string, PeerArrayReport> Cases { get; } = cases;

    public IReadOnlyDictionary<string, PeerGroupReport> Groups { get; } = groups ?? new Dictionary<string, PeerGroupReport>();

    /// <summary>The report of one case; a case the peer never reported is a harness error worth failing on.</summary>
    public PeerArrayReport this[string name] =>
        Cases.TryGetValue(name, out var report) ? report : throw new KeyNotFoundException($"the peer reported nothing for case '{name}'");

    /// <summary>The report of one group; as for cases, a group the peer never reported fails the test.</summary>
    public PeerGroupReport Group(string name) =>
        Groups.TryGetValue(name, out var report) ? report : throw new KeyNotFoundException($"the peer reported nothing for group '{name}'");
}
