using System.Globalization;
using System.Text.Json.Nodes;

namespace Tessera.Interop.Tests.Peers;

/// <summary>What a peer reported about one array: its view of the values (digest and samples) or its error.</summary>
internal sealed class PeerArrayReport
{
    private PeerArrayReport(JsonObject raw)
    {
        Raw = raw;
        Ok = raw["ok"]?.GetValue<bool>() == true;
        Error = raw["error"]?.GetValue<string>();
        if (Ok)
        {
            Shape = [.. raw["shape"]!.AsArray().Select(e => e!.GetValue<long>())];
            DataType = raw["dtype"]!.GetValue<string>();
            Sha256 = raw["sha256"]!.GetValue<string>();
            Samples = raw["samples"]!.AsObject().ToDictionary(p => long.Parse(p.Key, CultureInfo.InvariantCulture), p => p.Value?.ToJsonString() ?? "null");
            Data = raw["data_base64"]?.GetValue<string>() is { } data ? Convert.FromBase64String(data) : null;
        }
    }

    /// <summary>The peer's whole JSON report (peer-specific members such as <c>order</c> or <c>chunk_keys</c>).</summary>
    public JsonObject Raw { get; }

    /// <summary>False when the peer failed on this array (see <see cref="Error"/>).</summary>
    public bool Ok { get; }

    /// <summary>The peer's error text (a traceback or stack), when not <see cref="Ok"/>.</summary>
    public string? Error { get; }

    /// <summary>Shape as the peer sees it.</summary>
    public long[] Shape { get; } = [];

    /// <summary>Data type in the peer's own spelling (numpy <c>&lt;u2</c>, zarrita <c>uint16</c>).</summary>
    public string DataType { get; } = "";

    /// <summary>SHA-256 (hex) of the array as C-order little-endian bytes.</summary>
    public string Sha256 { get; } = "";

    /// <summary>The peer's values at the requested flat C-order indices, as JSON text.</summary>
    public IReadOnlyDictionary<long, string> Samples { get; } = new Dictionary<long, string>();

    /// <summary>The array's C-order little-endian bytes as the peer holds them, for locating a mismatch.</summary>
    public byte[]? Data { get; }

    public static PeerArrayReport Parse(JsonObject raw) => new(raw);
}
