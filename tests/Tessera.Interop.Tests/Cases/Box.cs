using System.Text.Json.Nodes;

namespace Tessera.Interop.Tests.Cases;

/// <summary>A box of array indices, [start, stop) per dimension.</summary>
internal sealed record Box(long[] Start, long[] Stop)
{
    public bool Contains(ReadOnlySpan<long> index)
    {
        for (var d = 0; d < index.Length; d++)
        {
            if (index[d] < Start[d] || index[d] >= Stop[d])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>numpy-slice form for the peer manifest: <c>[[start, stop], …]</c>.</summary>
    public JsonArray ToJson() => new([.. Start.Zip(Stop, (a, b) => (JsonNode)new JsonArray(a, b))]);
}
