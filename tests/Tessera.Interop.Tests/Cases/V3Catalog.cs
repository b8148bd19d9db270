using System.Collections.Immutable;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;

namespace Tessera.Interop.Tests.Cases;

/// <summary>The Zarr v3 cases: codec chains zarrita should decode, per dtype, plus fill-value cases.</summary>
internal static class V3Catalog
{
    /// <summary>Every codec chain × dtype.</summary>
    public static IReadOnlyList<V3Case> Matrix { get; } = BuildMatrix();

    /// <summary>Non-zero fill values with all-fill chunks (unsharded) and all-fill inner chunks and shards (sharded).</summary>
    public static IReadOnlyList<V3Case> FillCases { get; } = BuildFillCases();

    private static List<V3Case> BuildMatrix()
    {
        var chains = new List<Chain>
        {
            new("bytes-zstd", (_, _) => [new BytesCodec(), new ZstdCodec(3)]),
        };
        string[] shuffleNames = ["noshuffle", "shuffle", "bitshuffle"];
        foreach (var cname in BloscCodec.Compressors)
        {
            foreach (var shuffle in new[] { BloscShuffle.NoShuffle, BloscShuffle.Shuffle, BloscShuffle.BitShuffle })
            {
                chains.Add(new($"bytes-blosc-{cname}-{shuffleNames[(int)shuffle]}", (type, _) => [new BytesCodec(), new BloscCodec(cname, 5, shuffle, type.Size)]));
            }
        }

        chains.AddRange(
        [
            new("transpose-reversed-bytes-zstd", (_, rank) => [TransposeCodec.Reversed(rank), new BytesCodec(), new ZstdCodec(3)]),
            // A permutation that is neither C nor F order.
            new("transpose-120-bytes-zstd", (_, _) => [new TransposeCodec([1, 2, 0]), new BytesCodec(), new ZstdCodec(3)], Rank: 3),
            new("bytes-gzip", (_, _) => [new BytesCodec(), new GzipCodec(5)]),
            new("bytes-crc32c", (_, _) => [new BytesCodec(), new Crc32cCodec()]),
            new("bytes-gzip-crc32c", (_, _) => [new BytesCodec(), new GzipCodec(5), new Crc32cCodec()]),
            new("bytes-zlib", (_, _) => [new BytesCodec(), new ZlibCodec(5)]),
            new("bytes-lz4", (_, _) => [new BytesCodec(), new Lz4Codec(1)]),
            new("bytes-bigendian-zstd", (_, _) => [new BytesCodec(Endianness.Big), new ZstdCodec(3)]),
            new("sharding-end-zstd-crc32cindex", (_, rank) => [Sharded(rank, [new BytesCodec(), new ZstdCodec(3)], [new BytesCodec(), new Crc32cCodec()])], Sharded: true),
            new("sharding-end-transpose-gzip-plainindex", (_, rank) => [Sharded(rank, [TransposeCodec.Reversed(rank), new BytesCodec(), new GzipCodec(5)], [new BytesCodec()])], Sharded: true),
            // No "transpose, then sharding_indexed" chain: zarrita 0.7.5 finds the sharding codec wherever it is
            // in the chain and ignores array-to-array codecs before it, so no peer here can check that layout.
            new("sharding-end-blosc-crc32c", (type, rank) => [Sharded(rank, [new BytesCodec(), new BloscCodec("zstd", 5, BloscShuffle.BitShuffle, type.Size), new Crc32cCodec()], [new BytesCodec(), new Crc32cCodec()])], Sharded: true),
        ]);

        var cases = new List<V3Case>();
        for (var c = 0; c < chains.Count; c++)
        {
            for (var t = 0; t < NumpyType.All.Count; t++)
            {
                var chain = chains[c];
                var type = NumpyType.All[t];
                var rank = chain.Rank ?? ((c + t) % 2 == 0 ? 2 : 3);
                var (shape, chunks) = Geometry(rank, chain.Sharded);
                cases.Add(new V3Case($"{chain.Name}_{type.Code}_{rank}d", type, shape, chunks, [.. chain.Codecs(type, rank)]));
            }
        }

        return cases;
    }

    private static List<V3Case> BuildFillCases()
    {
        double[] fills = [200, 65000, -7, -1.5, 2.25];
        var cases = new List<V3Case>();
        for (var t = 0; t < NumpyType.All.Count; t++)
        {
            var type = NumpyType.All[t];

            // Unsharded, 8×10 chunks: every chunk whose coordinates sum to a multiple of 3 is all fill.
            var (shape, chunks) = Geometry(2, sharded: false);
            cases.Add(new V3Case($"fill-bytes-zstd_{type.Code}", type, shape, chunks, [new BytesCodec(), new ZstdCodec(3)], fills[t], index => ((index[0] / 8) + (index[1] / 10)) % 3 == 0));

            // Sharded, 8×10 shards of 4×5 inner chunks: inner chunks whose coordinates sum to a multiple of 3
            // are all fill, and so is the whole of shard (1, 1).
            (shape, chunks) = Geometry(2, sharded: true);
            cases.Add(new V3Case(
                $"fill-sharding-end_{type.Code}",
                type,
                shape,
                chunks,
                [Sharded(2, [new BytesCodec(), new ZstdCodec(3)], [new BytesCodec(), new Crc32cCodec()])],
                fills[t],
                index => ((index[0] / 4) + (index[1] / 5)) % 3 == 0 || (index[0] / 8 == 1 && index[1] / 10 == 1)));
        }

        return cases;
    }

    // Shapes that the chunks (shards) do not divide, so edge chunks and edge shards are partial.
    private static (long[] Shape, int[] Chunks) Geometry(int rank, bool sharded) => (rank, sharded) switch
    {
        (2, _) => ([23, 37], [8, 10]),
        (_, false) => ([5, 13, 11], [2, 5, 4]),
        _ => ([5, 13, 11], [2, 6, 8]),
    };

    private static ShardingCodec Sharded(int rank, Codec[] inner, Codec[] index) =>
        new(rank == 2 ? [4, 5] : [1, 3, 4], inner, index, ShardIndexLocation.End);

    private sealed record Chain(string Name, Func<NumpyType, int, Codec[]> Codecs, int? Rank = null, bool Sharded = false);
}
