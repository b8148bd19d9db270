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

        if (peer.Data is { } data && data.Length == tessera.Count * tessera.Type.Size)
        {
            var theirs = new ArrayValues(tessera.Type, tessera.Shape, tessera.Type.FromLittleEndianBytes(data));
            var first = theirs.FirstDifference(tessera);
            if (first >= 0)
            {
                message.Append($"  first differing element: {Describe(first, tessera.Shape)}, {peerName} {theirs.Format(first)}, Tessera {tessera.Format(first)}; {CountDifferences(theirs, tessera)} of {tessera.Count} elements differ\n");
            }
        }

        if (expected is not null && expected.Count == tessera.Count)
        {
            var first = expected.FirstDifference(tessera);
            message.Append(first < 0
                ? "  Tessera's values equal the generated values\n"
                : $"  first element where Tessera differs from the generated values: {Describe(first, tessera.Shape)}, Tessera {tessera.Format(first)}, expected {expected.Format(first)}\n");
        }

        return message.ToString();
    }

    private static string Describe(long flat, long[] shape) =>
        $"flat {flat} [{string.Join(", ", ArrayValues.Unravel(flat, shape, new long[shape.Length]))}]";

    private static long CountDifferences(ArrayValues a, ArrayValues b)
    {
        var size = a.Type.Size;
        var x = a.LittleEndianBytes;
        var y = b.LittleEndianBytes;
        long count = 0;
        for (var i = 0; i < x.Length; i += size)
        {
            if (!x.Slice(i, size).SequenceEqual(y.Slice(i, size)))
            {
                count++;
            }
        }

        return count;
    }
}
