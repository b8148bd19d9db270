using System.Buffers.Binary;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;
using Tessera.Zarr.Tests.Storage;

namespace Tessera.Zarr.Tests.Codecs;

public sealed class ShardingTests
{
    private static ushort[] Ramp(long count) => [.. Enumerable.Range(0, (int)count).Select(i => (ushort)(i * 7 + 3))];

    private static async Task<(ZarrArray Array, CountingStore Store)> CreateAsync(ArrayMetadata metadata)
    {
        var store = new CountingStore(new MemoryStore());
        var array = await ZarrArray.CreateAsync(store, "a", metadata);
        return (array, store);
    }

    [Theory]
    [InlineData(ShardIndexLocation.End)]
    [InlineData(ShardIndexLocation.Start)]
    public async Task Index_at_either_end_round_trips(ShardIndexLocation location)
    {
        var metadata = new ArrayMetadata([20, 30], [8, 12], DataType.UInt16)
        {
            Codecs = [new ShardingCodec([4, 4], [new BytesCodec(), new ZstdCodec(3)], indexLocation: location)],
        };
        var (array, _) = await CreateAsync(metadata);
        var values = Ramp(600);
        await array.WriteAsync<ushort>(ArrayRegion.Full(array.Shape), values);
        Assert.Equal(values, await array.ReadAsync<ushort>(ArrayRegion.Full(array.Shape)));

        // Partial reads across shard and inner chunk edges agree with the dense values.
        var region = new ArrayRegion([3, 5], [15, 21]);
        var part = await array.ReadAsync<ushort>(region);
        for (var y = 0; y < 15; y++)
        {
            for (var x = 0; x < 21; x++)
            {
                Assert.Equal(values[(y + 3) * 30 + x + 5], part[y * 21 + x]);
            }
        }
    }

    [Theory]
    [InlineData(ShardIndexLocation.End)]
    [InlineData(ShardIndexLocation.Start)]
    public async Task Reading_one_inner_chunk_fetches_only_the_index_and_that_chunk(ShardIndexLocation location)
    {
        var metadata = new ArrayMetadata([16, 16], [16, 16], DataType.UInt16)
        {
            Codecs = [new ShardingCodec([4, 4], [new BytesCodec(), new GzipCodec(5)], indexLocation: location)],
        };
        var (array, store) = await CreateAsync(metadata);
        await array.WriteAsync<ushort>(ArrayRegion.Full(array.Shape), Ramp(256));
        var shard = (await store.GetAsync("a/c/0/0"))!;
        const int indexSize = 16 * 16 + 4; // 16 inner chunks × (offset, length) + crc32c
        var index = location == ShardIndexLocation.End ? shard.Span[^indexSize..] : shard.Span[..indexSize];
        var entry = 1 * 4 + 2; // inner chunk (1, 2)
        var offset = BinaryPrimitives.ReadUInt64LittleEndian(index[(16 * entry)..]);
        var length = BinaryPrimitives.ReadUInt64LittleEndian(index[(16 * entry + 8)..]);
        store.Reset();

        var values = await array.ReadAsync<ushort>(new ArrayRegion([5, 9], [2, 3]));

        Assert.Equal([Ramp(256)[5 * 16 + 9], Ramp(256)[5 * 16 + 10], Ramp(256)[5 * 16 + 11], Ramp(256)[6 * 16 + 9], Ramp(256)[6 * 16 + 10], Ramp(256)[6 * 16 + 11]], values);
        var gets = store.Gets.ToArray();
        Assert.Equal(2, gets.Length);
        Assert.All(gets, g => Assert.Equal("a/c/0/0", g.Key));
        Assert.Equal(location == ShardIndexLocation.End ? ByteRange.Suffix(indexSize) : ByteRange.Slice(0, indexSize), gets[0].Range);
        Assert.Equal(ByteRange.Slice((long)offset, (long)length), gets[1].Range);
        Assert.True(length < (ulong)shard.Length / 4, "the range must be one inner chunk, not the shard");
    }

    [Fact]
    public async Task Nested_shards_round_trip_and_a_point_read_walks_both_indexes()
    {
        var inner = new ShardingCodec([4, 4], [new BytesCodec(), new ZstdCodec(1)]);
        var metadata = new ArrayMetadata([32, 32], [16, 16], DataType.UInt16)
        {
            Codecs = [new ShardingCodec([8, 8], [inner])],
        };
        var (array, store) = await CreateAsync(metadata);
        var values = Ramp(1024);
        await array.WriteAsync<ushort>(ArrayRegion.Full(array.Shape), values);
        Assert.Equal(values, await array.ReadAsync<ushort>(ArrayRegion.Full(array.Shape)));
        store.Reset();

        var point = await array.ReadAsync<ushort>(new ArrayRegion([21, 13], [1, 1]));

        Assert.Equal(values[21 * 32 + 13], point[0]);
        var gets = store.Gets.ToArray();
        Assert.Equal(3, gets.Length); // outer index, inner shard's index, the innermost chunk
        Assert.All(gets, g => Assert.Equal("a/c/1/0", g.Key));
        Assert.Equal(ByteRange.Suffix(4 * 16 + 4), gets[0].Range);
        Assert.Equal(ByteRangeKind.Slice, gets[1].Range.Kind);
        Assert.Equal(4 * 16 + 4, gets[1].Range.Length);
        Assert.Equal(ByteRangeKind.Slice, gets[2].Range.Kind);
        Assert.InRange(gets[2].Range.Length, 1, 4 * 4 * 2 + 30); // one compressed 4×4 uint16 chunk, not an 8×8 inner shard
    }

    [Fact]
    public async Task Requests_in_flight_stay_within_the_concurrency_however_deep_the_shards_nest()
    {
        var inner = new ShardingCodec([4, 4], [new BytesCodec()]);
        var metadata = new ArrayMetadata([64, 64], [16, 16], DataType.UInt16) { Codecs = [new ShardingCodec([8, 8], [inner])] };
        var memory = new MemoryStore();
        var writer = await ZarrArray.CreateAsync(memory, "", metadata);
        await writer.WriteAsync<ushort>(ArrayRegion.Full(writer.Shape), Ramp(64 * 64));

        var slow = new SlowStore(memory);
        var reader = await ZarrArray.OpenAsync(slow, "", new ZarrArrayOptions { MaxConcurrency = 3 });
        var values = await reader.ReadAsync<ushort>(new ArrayRegion([1, 1], [62, 62])); // partial: every shard read by ranges
        Assert.Equal(Ramp(64 * 64)[65], values[0]);
        Assert.True(slow.MostInFlight <= 3, $"{slow.MostInFlight} requests were in flight");
        Assert.True(slow.MostInFlight >= 2, "the read should still run requests in parallel");
    }

    /// <summary>A store whose reads take a moment, counting how many overlap.</summary>
    private sealed class SlowStore(MemoryStore inner) : IStore
    {
        private int _inFlight;
        private int _most;

        public int MostInFlight => _most;

        public string Location => inner.Location;

        public int PreferredConcurrency => 16;

        public async ValueTask<Tessera.Zarr.Buffers.PooledBuffer?> GetAsync(string key, ByteRange range = default, CancellationToken cancellationToken = default)
        {
            var now = Interlocked.Increment(ref _inFlight);
            int seen;
            while ((seen = _most) < now && Interlocked.CompareExchange(ref _most, now, seen) != seen)
            {
            }

            await Task.Delay(2, cancellationToken);
            Interlocked.Decrement(ref _inFlight);
            return await inner.GetAsync(key, range, cancellationToken);
        }

        public ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => inner.ExistsAsync(key, cancellationToken);
    }

    [Fact]
    public async Task Inner_chunks_equal_to_the_fill_value_are_absent_and_read_back_as_fill()
    {
        var metadata = new ArrayMetadata([8, 8], [8, 8], DataType.Int32)
        {
            FillValue = FillValue.From(DataType.Int32, -1),
            Codecs = [new ShardingCodec([4, 4], [new BytesCodec()])],
        };
        var (array, store) = await CreateAsync(metadata);
        var values = Enumerable.Repeat(-1, 64).ToArray();
        values[0] = 5;       // inner chunk (0, 0)
        values[63] = 9;      // inner chunk (1, 1)
        await array.WriteAsync<int>(ArrayRegion.Full(array.Shape), values);

        using var shard = (await store.GetAsync("a/c/0/0"))!;
        var index = shard.Span[^(4 * 16 + 4)..];
        Assert.Equal(2 * 64 + 4 * 16 + 4, shard.Length); // two stored 4×4 int32 chunks + index
        Assert.Equal(ulong.MaxValue, BinaryPrimitives.ReadUInt64LittleEndian(index[16..]));  // (0, 1) absent
        Assert.Equal(ulong.MaxValue, BinaryPrimitives.ReadUInt64LittleEndian(index[32..]));  // (1, 0) absent
        Assert.NotEqual(ulong.MaxValue, BinaryPrimitives.ReadUInt64LittleEndian(index[48..]));
        Assert.Equal(values, await array.ReadAsync<int>(ArrayRegion.Full(array.Shape)));
        Assert.Equal(values[32..40], await array.ReadAsync<int>(new ArrayRegion([4, 0], [1, 8])));
    }

    [Fact]
    public async Task A_shard_of_nothing_but_fill_is_not_stored_and_an_absent_shard_reads_as_fill()
    {
        var metadata = new ArrayMetadata([8, 16], [8, 8], DataType.UInt8)
        {
            FillValue = FillValue.From(DataType.UInt8, (byte)7),
            Codecs = [new ShardingCodec([4, 4], [new BytesCodec()])],
        };
        var (array, store) = await CreateAsync(metadata);
        var values = Enumerable.Repeat((byte)7, 128).ToArray();
        values[5] = 1;
        await array.WriteAsync<byte>(ArrayRegion.Full(array.Shape), values);
        Assert.True(await store.ExistsAsync("a/c/0/0"));
        Assert.False(await store.ExistsAsync("a/c/0/1"));
        store.Reset();

        var part = await array.ReadAsync<byte>(new ArrayRegion([1, 9], [2, 3]));

        Assert.All(part, v => Assert.Equal(7, v));
        Assert.Single(store.Gets); // one index request, answered "absent"
    }

    [Fact]
    public async Task Partial_writes_into_a_shard_keep_the_other_inner_chunks()
    {
        var metadata = new ArrayMetadata([8, 8], [8, 8], DataType.UInt16)
        {
            Codecs = [new ShardingCodec([4, 4], [new BytesCodec(), new ZstdCodec(1)])],
        };
        var (array, _) = await CreateAsync(metadata);
        var values = Ramp(64);
        await array.WriteAsync<ushort>(ArrayRegion.Full(array.Shape), values);
        await array.WriteAsync<ushort>(new ArrayRegion([2, 3], [3, 2]), new ushort[] { 1, 2, 3, 4, 5, 6 });
        var expected = (ushort[])values.Clone();
        expected[2 * 8 + 3] = 1;
        expected[2 * 8 + 4] = 2;
        expected[3 * 8 + 3] = 3;
        expected[3 * 8 + 4] = 4;
        expected[4 * 8 + 3] = 5;
        expected[4 * 8 + 4] = 6;
        Assert.Equal(expected, await array.ReadAsync<ushort>(ArrayRegion.Full(array.Shape)));
    }

    [Fact]
    public async Task Inner_chunks_that_do_not_divide_the_shard_are_rejected_at_creation()
    {
        var metadata = new ArrayMetadata([8, 8], [8, 6], DataType.UInt16)
        {
            Codecs = [new ShardingCodec([4, 4])],
        };
        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await ZarrArray.CreateAsync(new MemoryStore(), "", metadata));
        Assert.Contains("does not divide", error.Message);
    }

    [ConformanceFact]
    public async Task The_zarrs_sharded_array_reads_as_its_values()
    {
        // Written by zarrs (gzip inner chunks, crc32c index at the end); decoded independently it holds 0..63.
        var store = new FileSystemStore(ConformanceData.PathOf("zarrs", "sharded_array_write_read.zarr"));
        var group = await ZarrGroup.OpenAsync(store, "group");
        Assert.Equal("bar", group.Attributes["foo"]!.GetValue<string>());
        var array = await group.OpenArrayAsync("array");
        Assert.Equal([4, 4], array.Metadata.InnerChunkShape.ToArray());
        Assert.Equal(Enumerable.Range(0, 64).Select(i => (ushort)i), await array.ReadAsync<ushort>(ArrayRegion.Full(array.Shape)));
        Assert.Equal(new ushort[] { 45, 46, 53, 54 }, await array.ReadAsync<ushort>(new ArrayRegion([5, 5], [2, 2])));
    }
}
