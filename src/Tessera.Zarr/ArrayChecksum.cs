using System.Security.Cryptography;
using Tessera.Zarr.Indexing;

namespace Tessera.Zarr;

/// <summary>
/// The SHA-256 of an array's decoded elements as C-order little-endian bytes — the same bytes numpy's
/// <c>np.ascontiguousarray(a).astype('&lt;' + dtype).tobytes()</c> gives — so arrays can be compared across
/// implementations. Streams through the array in bounded memory.
/// </summary>
public static class ArrayChecksum
{
    /// <summary>Computes the checksum as lowercase hex.</summary>
    /// <param name="array">The array.</param>
    /// <param name="memoryBudget">Bytes per block read at once (two blocks are in memory while reading ahead).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async ValueTask<string> Sha256Async(ZarrArray array, long memoryBudget = 128L << 20, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("checksums assume a little-endian machine");
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var blocks = BlockPlan.Contiguous(array.Shape, array.Metadata.InnerChunkShape, array.DataType.Size, memoryBudget).ToList();
        await foreach (var (_, block) in array.ReadAheadAsync(blocks, cancellationToken).ConfigureAwait(false))
        {
            using (block)
            {
                hash.AppendData(block.Span);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
