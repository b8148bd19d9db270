using System.Text.Json.Nodes;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Storage;

/// <summary>Zarr arrays written into a zip and read back out: the path an <c>.ozx</c> export and viewer take.</summary>
public sealed class ZipStoreZarrTests : IDisposable
{
    private static readonly long[] Shape = [70, 100];

    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Sharded_and_plain_arrays_round_trip_through_a_committed_archive()
    {
        var path = _directory.Combine("image.ozx");
        var data = Pixels(1);
        var left = Pixels(2);
        var right = Pixels(3);
        var plainExpected = new ushort[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            var column = i % Shape[1];
            plainExpected[i] = column >= 50 ? right[i] : left[i];
        }

        await using (var writer = ZipStore.Create(path))
        {
            await ZarrGroup.CreateAsync(writer, attributes: new JsonObject { ["ome"] = new JsonObject { ["version"] = "0.5" } });
            var image = await ZarrArray.CreateAsync(writer, "img", ShardedMetadata());
            await image.WriteAsync<ushort>(ArrayRegion.Full(Shape), data);

            // Overlapping partial writes make the second one read, modify and rewrite chunks already spooled.
            var plain = await ZarrArray.CreateAsync(writer, "plain", new ArrayMetadata(Shape, [20, 30], DataType.UInt16));
            await plain.WriteAsync<ushort>(new ArrayRegion([0, 0], [70, 60]), Select(left, 0, 60));
            await plain.WriteAsync<ushort>(new ArrayRegion([0, 50], [70, 50]), Select(right, 50, 50));
            Assert.Equal(plainExpected, await plain.ReadAsync<ushort>(ArrayRegion.Full(Shape)));
            await writer.CommitAsync();
        }

        Assert.Equal("zarr.json", ZipLayout.LocalEntries(await File.ReadAllBytesAsync(path))[0].Name);
        using var store = ZipStore.Open(path);
        var root = await ZarrGroup.OpenAsync(store);
        Assert.Equal(new[] { "img", "plain" }, await root.ListChildrenAsync());
        Assert.Equal("0.5", (string?)JsonNode.Parse(store.Comment)!["ome"]!["version"]);

        var reopened = await ZarrArray.OpenAsync(store, "img");
        Assert.NotNull(reopened.Metadata.Sharding);
        Assert.Equal(data, await reopened.ReadAsync<ushort>(ArrayRegion.Full(Shape)));
        var reopenedPlain = await ZarrArray.OpenAsync(store, "plain");
        Assert.Equal(plainExpected, await reopenedPlain.ReadAsync<ushort>(ArrayRegion.Full(Shape)));
    }

    [Fact]
    public async Task A_small_read_of_a_sharded_array_fetches_only_the_shard_index_and_one_inner_chunk()
    {
        var path = _directory.Combine("sharded.ozx");
        var data = Pixels(4);
        await using (var writer = ZipStore.Create(path))
        {
            await ZarrGroup.CreateAsync(writer);
            var image = await ZarrArray.CreateAsync(writer, "img", ShardedMetadata());
            await image.WriteAsync<ushort>(ArrayRegion.Full(Shape), data);
            await writer.CommitAsync();
        }

        using var store = ZipStore.Open(path);
        using var shard = await store.GetAsync("img/c/0/1");
        var shardLength = shard!.Length;
        var counting = new CountingStore(store);
        var array = await ZarrArray.OpenAsync(counting, "img");
        counting.Gets.Clear();

        // Rows 17..21, columns 50..56: inside shard (0, 1), inner chunk (1, 0) of its 2 x 3 inner chunks.
        var region = new ArrayRegion([17, 50], [5, 7]);
        var got = await array.ReadAsync<ushort>(region);

        var expected = new List<ushort>();
        for (var y = 17; y < 22; y++)
        {
            for (var x = 50; x < 57; x++)
            {
                expected.Add(data[y * Shape[1] + x]);
            }
        }

        Assert.Equal(expected, got);
        var reads = counting.Gets.ToArray();
        Assert.Equal(2, reads.Length);
        Assert.All(reads, read => Assert.Equal("img/c/0/1", read.Key));
        const int indexSize = 2 * 3 * 16 + 4; // (offset, length) per inner chunk, then a CRC32C
        Assert.Contains(reads, read => read.Range == ByteRange.Suffix(indexSize) && read.Bytes == indexSize);
        var inner = Assert.Single(reads, read => read.Range.Kind == ByteRangeKind.Slice);
        Assert.Equal(inner.Range.Length, inner.Bytes);
        Assert.True(indexSize + inner.Bytes < shardLength / 3, $"read {indexSize + inner.Bytes} of a {shardLength}-byte shard");
    }

    private static ArrayMetadata ShardedMetadata() => new(Shape, [32, 48], DataType.UInt16)
    {
        Codecs = [new ShardingCodec([16, 16], [new BytesCodec(), new ZstdCodec()])],
    };

    /// <summary>Noisy pixels (so inner chunks do not compress to nothing), different per seed.</summary>
    private static ushort[] Pixels(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, (int)(Shape[0] * Shape[1])).Select(_ => (ushort)random.Next(4096))];
    }

    private static ushort[] Select(ushort[] full, int firstColumn, int columns)
    {
        var result = new ushort[Shape[0] * columns];
        for (var y = 0; y < Shape[0]; y++)
        {
            Array.Copy(full, y * Shape[1] + firstColumn, result, y * columns, columns);
        }

        return result;
    }
}
