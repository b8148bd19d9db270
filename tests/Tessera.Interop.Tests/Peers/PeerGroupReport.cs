using System.Text.Json.Nodes;

namespace Tessera.Interop.Tests.Peers;

/// <summary>What a peer reported about one group: its attributes as the peer reads them, or its error.</summary>
internal sealed class PeerGroupReport
{
    private PeerGroupReport(JsonObject raw)
    {
        Raw = raw;
        Ok = raw["ok"]?.GetValue<bool>() == true;
        Error = raw["error"]?.GetValue<string>() ?? raw["attributes_error"]?.GetValue<string>();
        Attributes = raw["attributes"] as JsonObject;
    }

    /// <summary>The peer's whole JSON report (peer-specific members such as <c>members</c> or <c>files</c>).</summary>
    public JsonObject Raw { get; }

    /// <summary>False when the peer failed on this group (see <see cref="Error"/>).</summary>
    public bool Ok { get; }

    /// <summary>The peer's error text: why it could not open the group or, when it could, read its attributes.</summary>
    public string? Error { get; }

    /// <summary>The group's attributes as the peer returned them (zarr-python's <c>.zattrs</c>, zarrita's <c>attrs</c>).</summary>
    public JsonObject? Attributes { get; }

    public static PeerGroupReport Parse(JsonObject raw) => new(raw);
}
