using System.Text;
using Tessera.Interop.Tests.Cases;
using Tessera.Interop.Tests.Peers;

namespace Tessera.Interop.Tests;

/// <summary>
/// Compares a peer's report of an array with Tessera's values of it, and explains a mismatch well enough
/// to debug from the test output alone: shapes, types, digests, sample values and the first bad element.
/// </summary>
internal static class PeerComparison
{
    /// <summary>Null when the peer saw exactly <paramref name="tessera"/>; otherwise what differs.</summary>
    /// <param name="expected">The values the case was generated from, to locate the first wrong element (may be null).</param>
    public static string? Mismatch(string caseName, string peerName, PeerArrayReport peer, string peerDataType, ArrayValues tessera, ArrayValues? expected)
    {
        if (!peer.Ok)
        {
            return $"case {caseName}: {peerName} failed:\n{peer.Error}";
        }

        var tesseraSha = tessera.Sha256();
        var sameShape = peer.Shape.AsSpan().SequenceEqual(tessera.Shape);
        var sameType = peer.DataType == peerDataType;
        var sameValues = peer.Sha256 == tesseraSha;
        if (sameShape && sameType && sameValues)
        {
            return null;
        }

        var message = new StringBuilder($"case {caseName}: {peerName} and Tessera disagree\n");
        message.Append($"  shape:  {peerName} [{string.Join(", ", peer.Shape)}], Tessera [{string.Join(", ", tessera.Shape)}]\n");
        message.Append($"  dtype:  {peerName} {peer.DataType}, expected {peerDataType}\n");
        message.Append($"  sha256: {peerName} {peer.Sha256}, Tessera {tesseraSha}\n");
        message.Append($"  samples (flat C-order index: {peerName} | Tessera):\n");
        foreach (var (index, value) in peer.Samples.OrderBy(p => p.Key))
        {
            var mine = index < tessera.Count ? tessera.Format(index) : "(out of range)";
            message.Append($"    {index}: {value} | {mine}\n");
        }

        if (expected is not null && expected.Count == tessera.Count)
        {
            var first = expected.FirstDifference(tessera);
            if (first >= 0)
            {
                var where = ArrayValues.Unravel(first, tessera.Shape, new long[tessera.Shape.Length]);
                message.Append($"  first element where Tessera differs from the generated values: flat {first} [{string.Join(", ", where)}], Tessera {tessera.Format(first)}, expected {expected.Format(first)}\n");
            }
            else
            {
                message.Append("  Tessera's values equal the generated values\n");
            }
        }

        return message.ToString();
    }
}
