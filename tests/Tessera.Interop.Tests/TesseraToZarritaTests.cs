using System.Buffers.Binary;
using Tessera.Interop.Tests.Cases;
using Tessera.Interop.Tests.Fixtures;
using Tessera.Interop.Tests.Peers;
using Tessera.Zarr.Codecs;

namespace Tessera.Interop.Tests;

/// <summary>
/// Tessera writes v3 arrays (bytes+zstd, bytes+blosc, transpose, gzip, crc32c, sharding with the index at
/// the end, …); zarrita.js 0.7.5 must read the values Tessera wrote.
/// </summary>
public sealed class TesseraToZarritaTests(TesseraWritesV3Fixture fixture) : IClassFixture<TesseraWritesV3Fixture>
{
    public static TheoryData<string> MatrixCases => new(V3Catalog.Matrix.Select(c => c.Name));

    public static TheoryData<string> FillCases => new(V3Catalog.FillCases.Select(c => c.Name));

    public static TheoryData<string> ChecksummedCases =>
        new(TesseraWritesV3Fixture.AllCases
            .Where(c => c.Codecs[^1] is Crc32cCodec || c.Sharding?.IndexCodecs[^1] is Crc32cCodec || c.Sharding?.Codecs[^1] is Crc32cCodec)
            .Select(c => c.Name));

    [Fact]
    public void The_reader_is_zarrita_0_7_5()
    {
        _ = fixture.Run;
        Assert.Equal("0.7.5", Zarrita.InstalledVersion());
    }

    [Theory]
    [MemberData(nameof(MatrixCases))]
    public void Zarrita_reads_the_values_Tessera_wrote(string name) => AssertZarritaReadsWhatTesseraWrote(V3Catalog.Matrix.Single(c => c.Name == name));

    [Theory]
    [MemberData(nameof(FillCases))]
    public void Zarrita_reads_the_fill_value_where_Tessera_stored_no_chunk(string name)
    {
        var testCase = V3Catalog.FillCases.Single(c => c.Name == name);
        AssertZarritaReadsWhatTesseraWrote(testCase);

        // Tessera stores exactly the chunks (shards) holding something besides the fill value…
        var root = Path.Combine(fixture.DataRoot, testCase.PathInRoot);
        var grid = testCase.Shape.Zip(testCase.ChunkShape, (s, c) => (s + c - 1) / c).ToArray();
        var expectedKeys = Cells(grid).Where(chunk => !AllFill(testCase, chunk, testCase.ChunkShape)).Select(chunk => "c/" + string.Join('/', chunk)).ToHashSet();
        var storedKeys = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(k => k != "zarr.json")
            .ToHashSet();
        Assert.True(expectedKeys.Count < grid.Aggregate(1L, (a, b) => a * b), $"case {name} has no all-fill chunk to leave out");
        Assert.True(
            expectedKeys.SetEquals(storedKeys),
            $"case {name}: stored [{string.Join(", ", storedKeys.Order())}], expected [{string.Join(", ", expectedKeys.Order())}]");

        // …and inside a shard, the index marks all-fill inner chunks as absent (offset = length = 2^64 - 1).
        if (testCase.Sharding is not { } sharding)
        {
            return;
        }

        var inner = sharding.ChunkShape.ToArray();
        var perShard = testCase.ChunkShape.Zip(inner, (s, c) => (long)(s / c)).ToArray();
        var sawAbsent = false;
        foreach (var key in storedKeys)
        {
            var shard = key[2..].Split('/').Select(long.Parse).ToArray();
            var bytes = File.ReadAllBytes(Path.Combine(root, key));
            var entries = perShard.Aggregate(1L, (a, b) => a * b);
            var index = bytes.AsSpan(bytes.Length - (int)(16 * entries) - 4, (int)(16 * entries));
            var n = 0;
            foreach (var local in Cells(perShard))
            {
                var global = local.Select((c, d) => (shard[d] * perShard[d]) + c).ToArray();
                var absent = BinaryPrimitives.ReadUInt64LittleEndian(index[(n * 16)..]) == ulong.MaxValue
                    && BinaryPrimitives.ReadUInt64LittleEndian(index[((n * 16) + 8)..]) == ulong.MaxValue;
                var allFill = AllFill(testCase, global, inner);
                Assert.True(absent == allFill, $"case {name}: shard {key}, inner chunk [{string.Join(", ", local)}] is {(absent ? "absent" : "stored")}, but it is {(allFill ? "all fill" : "not all fill")}");
                sawAbsent |= absent;
                n++;
            }
        }

        Assert.True(sawAbsent, $"case {name}: no stored shard has an absent inner chunk");
    }

    [Theory]
    [MemberData(nameof(ChecksummedCases))]
    public void Tessera_crc32c_checksums_are_standard_because_zarrita_does_not_check_them(string name)
    {
        var testCase = TesseraWritesV3Fixture.AllCases.Single(c => c.Name == name);
        _ = fixture.Run;
        Assert.True(fixture.WriteError(testCase.PathInRoot) is null, $"Tessera could not write case {name}: {fixture.WriteError(testCase.PathInRoot)}");
        var root = Path.Combine(fixture.DataRoot, testCase.PathInRoot);
        var files = Directory.EnumerateFiles(Path.Combine(root, "c"), "*", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);
        var checkedSpans = 0;
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var (what, offset, length) in ChecksummedSpans(testCase, bytes))
            {
                // The checksum is the last four bytes of the span, over everything before it.
                var span = bytes.AsSpan(checked((int)offset), checked((int)length));
                var stored = BinaryPrimitives.ReadUInt32LittleEndian(span[^4..]);
                var computed = Castagnoli.Compute(span[..^4]);
                Assert.True(stored == computed, $"case {name}: {what} of {Path.GetRelativePath(root, file)} carries crc32c 0x{stored:x8}, its data's is 0x{computed:x8}");
                checkedSpans++;
            }
        }

        Assert.True(checkedSpans > 0, $"case {name}: no checksum found to check");
    }

    /// <summary>The byte spans of a stored chunk (shard) that end with a crc32c: (description, offset, length).</summary>
    private static IEnumerable<(string What, long Offset, long Length)> ChecksummedSpans(V3Case testCase, byte[] bytes)
    {
        if (testCase.Sharding is not { } sharding)
        {
            if (testCase.Codecs[^1] is Crc32cCodec)
            {
                yield return ("chunk", 0, bytes.Length);
            }

            yield break;
        }

        // Index at the end: (offset, length) per inner chunk, then its own crc32c when the index codecs have one.
        var entries = testCase.ChunkShape.Aggregate(1, (a, b) => a * b) / sharding.ChunkShape.Aggregate(1, (a, b) => a * b);
        var indexHasChecksum = sharding.IndexCodecs[^1] is Crc32cCodec;
        var indexLength = (16 * entries) + (indexHasChecksum ? 4 : 0);
        var indexOffset = bytes.Length - indexLength;
        if (indexHasChecksum)
        {
            yield return ("shard index", indexOffset, indexLength);
        }

        if (sharding.Codecs[^1] is not Crc32cCodec)
        {
            yield break;
        }

        for (var i = 0; i < entries; i++)
        {
            var offset = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(indexOffset + (16 * i)));
            var length = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(indexOffset + (16 * i) + 8));
            if (offset != ulong.MaxValue)
            {
                yield return ($"inner chunk {i}", (long)offset, (long)length);
            }
        }
    }

    private static IEnumerable<long[]> Cells(long[] grid)
    {
        var count = grid.Aggregate(1L, (a, b) => a * b);
        for (long i = 0; i < count; i++)
        {
            yield return ArrayValues.Unravel(i, grid, new long[grid.Length]);
        }
    }

    /// <summary>Whether every in-bounds element of the chunk at <paramref name="chunk"/> (of <paramref name="chunkShape"/>) is fill.</summary>
    private static bool AllFill(V3Case testCase, long[] chunk, IReadOnlyList<int> chunkShape)
    {
        var origin = chunk.Select((c, d) => c * chunkShape[d]).ToArray();
        var extent = origin.Select((o, d) => Math.Max(0, Math.Min(chunkShape[d], testCase.Shape[d] - o))).ToArray();
        return Cells(extent).All(offset => testCase.IsFill!(offset.Select((o, d) => origin[d] + o).ToArray()));
    }

    private void AssertZarritaReadsWhatTesseraWrote(V3Case testCase)
    {
        var run = fixture.Run;
        var writeError = fixture.WriteError(testCase.PathInRoot);
        Assert.True(writeError is null, $"Tessera could not write case {testCase.Name}: {writeError}");
        var mismatch = PeerComparison.Mismatch(testCase.Name, "zarrita", run[testCase.Name], testCase.Type.Zarrita, testCase.Expected(), expected: null);
        Assert.True(mismatch is null, mismatch);
    }
}
