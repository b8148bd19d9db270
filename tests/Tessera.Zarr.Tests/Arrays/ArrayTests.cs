using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;
using Tessera.Zarr.Tests.Storage;

namespace Tessera.Zarr.Tests.Arrays;

public sealed class ArrayTests
{
    private static int[] Ramp(int count, int start = 0) => [.. Enumerable.Range(start, count)];

    [Fact]
    public async Task Writing_whole_chunks_never_reads_and_writes_each_chunk_once()
    {
        var store = new CountingStore(new MemoryStore());
        var array = await ZarrArray.CreateAsync(store, "a", new ArrayMetadata([10, 12], [5, 4], DataType.Int32));
        store.Reset();

        await array.WriteAsync<int>(ArrayRegion.Full(array.Shape), Ramp(120, 1));

        Assert.Empty(store.Gets);
        Assert.Equal(6, store.Sets.Count);
        Assert.Equal(6, store.Sets.Distinct().Count());
        Assert.Equal(Ramp(120, 1), await array.ReadAsync<int>(ArrayRegion.Full(array.Shape)));
    }

    [Fact]
    public async Task Edge_chunks_are_whole_when_the_array_part_is_covered()
    {
        // 10×10 in 4×4 chunks: the edge chunks hold 2 rows or columns of the array and are still written without a read.
        var store = new CountingStore(new MemoryStore());
        var array = await ZarrArray.CreateAsync(store, "", new ArrayMetadata([10, 10], [4, 4], DataType.UInt8) { Codecs = [new BytesCodec()] });
        store.Reset();
        await array.WriteAsync<byte>(ArrayRegion.Full(array.Shape), Enumerable.Range(1, 100).Select(v => (byte)v).ToArray());
        Assert.Empty(store.Gets);
        Assert.Equal(9, store.Sets.Count);

        // The stored edge chunk is full-size, its padding the fill value.
        using var corner = (await store.GetAsync("c/2/2"))!;
        Assert.Equal(16, corner.Length);
        Assert.Equal(new byte[] { 89, 90, 0, 0, 99, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, corner.Span.ToArray());
    }

    [Fact]
    public async Task A_partial_write_reads_modifies_and_writes_only_the_chunks_it_touches()
    {
        var store = new CountingStore(new MemoryStore());
        var array = await ZarrArray.CreateAsync(store, "", new ArrayMetadata([8, 8], [4, 4], DataType.Int32));
        await array.WriteAsync<int>(ArrayRegion.Full(array.Shape), Ramp(64));
        store.Reset();

        await array.WriteAsync<int>(new ArrayRegion([3, 3], [2, 1]), new[] { -1, -2 });

        Assert.Equal(["c/0/0", "c/1/0"], store.Gets.Select(g => g.Key).Order());
        Assert.Equal(["c/0/0", "c/1/0"], store.Sets.Order());
        var expected = Ramp(64);
        expected[3 * 8 + 3] = -1;
        expected[4 * 8 + 3] = -2;
        Assert.Equal(expected, await array.ReadAsync<int>(ArrayRegion.Full(array.Shape)));
    }

    [Fact]
    public async Task Chunks_equal_to_the_fill_value_are_not_stored_unless_asked()
    {
        var metadata = new ArrayMetadata([4, 8], [4, 4], DataType.Float32) { FillValue = FillValue.Parse(JsonValue.Create("NaN"), DataType.Float32, ZarrFormat.V3) };
        var values = Enumerable.Repeat(float.NaN, 32).ToArray();
        values[3] = 1.5f; // only chunk (0, 0) holds data

        var store = new MemoryStore();
        var array = await ZarrArray.CreateAsync(store, "", metadata);
        await array.WriteAsync<float>(ArrayRegion.Full(array.Shape), values);
        Assert.True(await store.ExistsAsync("c/0/0"));
        Assert.False(await store.ExistsAsync("c/0/1"));
        Assert.Equal(values, await array.ReadAsync<float>(ArrayRegion.Full(array.Shape)));

        // Overwriting data with the fill value deletes the chunk.
        await array.WriteAsync<float>(new ArrayRegion([0, 0], [4, 4]), Enumerable.Repeat(float.NaN, 16).ToArray());
        Assert.False(await store.ExistsAsync("c/0/0"));

        var keeping = await ZarrArray.CreateAsync(new MemoryStore(), "", metadata, new ZarrArrayOptions { WriteEmptyChunks = true });
        await keeping.WriteAsync<float>(ArrayRegion.Full(keeping.Shape), values);
        Assert.True(await keeping.Store.ExistsAsync("c/0/1"));
    }

    [Fact]
    public async Task A_v2_null_fill_value_keeps_every_written_chunk()
    {
        // zarr-python reads a missing chunk of a null-fill array as uninitialised memory, so zeros must be stored.
        var store = new MemoryStore();
        var metadata = new ArrayMetadata([4], [2], DataType.Int32) { ZarrFormat = ZarrFormat.V2, ChunkKeyEncoding = ChunkKeyEncoding.V2Dot, FillValue = FillValue.Null(DataType.Int32), Codecs = [new BytesCodec()] };
        var array = await ZarrArray.CreateAsync(store, "", metadata);
        await array.WriteAsync<int>(ArrayRegion.Full(array.Shape), new[] { 0, 0, 5, 6 });
        Assert.True(await store.ExistsAsync("0"));
        Assert.True(await store.ExistsAsync("1"));
    }

    [Fact]
    public async Task Regions_far_outside_the_array_are_rejected_without_overflow()
    {
        var array = await ZarrArray.CreateAsync(new MemoryStore(), "", new ArrayMetadata([10], [4], DataType.UInt8));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await array.ReadAsync<byte>(new ArrayRegion([long.MaxValue], [1])));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await array.WriteAsync<byte>(new ArrayRegion([long.MaxValue - 1], [2]), new byte[2]));
    }

    [Fact]
    public async Task Chunks_beyond_two_gibibytes_are_refused_and_large_shards_are_read_by_inner_chunk()
    {
        var unsharded = new ArrayMetadata([66000, 66000], [66000, 66000], DataType.UInt8);
        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await ZarrArray.CreateAsync(new MemoryStore(), "", unsharded));
        Assert.Contains("up to 2 GiB", error.Message);

        // A 4 GiB shard of 1 MiB inner chunks: reading one element touches the index and one inner chunk only.
        var store = new CountingStore(new MemoryStore());
        var sharded = new ArrayMetadata([65536, 65536], [65536, 65536], DataType.UInt8) { Codecs = [new ShardingCodec([1024, 1024], [new BytesCodec(), new ZstdCodec(1)])] };
        var array = await ZarrArray.CreateAsync(store, "", sharded);
        var write = await Assert.ThrowsAsync<ZarrException>(async () => await array.WriteAsync<byte>(new ArrayRegion([0, 0], [1, 1]), new byte[] { 7 }));
        Assert.Contains("more than .NET allows", write.Message);
        store.Reset();
        Assert.Equal(new byte[] { 0 }, await array.ReadAsync<byte>(new ArrayRegion([5, 5], [1, 1])));
        Assert.Single(store.Gets); // the missing shard's index
    }

    [Fact]
    public async Task Single_chunks_read_whole_and_clearing_leaves_only_metadata()
    {
        var store = new MemoryStore();
        var array = await ZarrArray.CreateAsync(store, "a", new ArrayMetadata([4, 4], [2, 4], DataType.Of<short>()) { Attributes = new JsonObject { ["k"] = 1 } });
        await array.WriteAsync<short>(ArrayRegion.Full(array.Shape), Enumerable.Range(1, 16).Select(v => (short)v).ToArray());

        var chunk = await array.ReadChunkAsync([1, 0]);
        Assert.Equal(Enumerable.Range(9, 8).Select(v => (short)v), System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(chunk).ToArray());
        Assert.Null(await array.ReadChunkAsync([5, 0]));

        await array.ClearChunksAsync();
        Assert.Equal(["a/zarr.json"], store.Keys);
        Assert.All(await array.ReadAsync<short>(ArrayRegion.Full(array.Shape)), v => Assert.Equal(0, v));
        Assert.Equal(1, (await ZarrArray.OpenAsync(store, "a")).Attributes["k"]!.GetValue<int>());
        Assert.Throws<ArgumentException>(() => DataType.Of<decimal>());
    }

    [Fact]
    public async Task Missing_chunks_read_as_the_fill_value()
    {
        var metadata = new ArrayMetadata([5, 5], [2, 2], DataType.Int16) { FillValue = FillValue.From(DataType.Int16, (short)-7) };
        var array = await ZarrArray.CreateAsync(new MemoryStore(), "x", metadata);
        await array.WriteAsync<short>(new ArrayRegion([0, 0], [1, 1]), new short[] { 3 });
        var values = await array.ReadAsync<short>(ArrayRegion.Full(array.Shape));
        Assert.Equal(3, values[0]);
        Assert.All(values[1..], v => Assert.Equal(-7, v));
    }

    [Fact]
    public async Task Zero_dimensional_arrays_hold_one_element_under_key_c()
    {
        var store = new MemoryStore();
        var array = await ZarrArray.CreateAsync(store, "scalar", new ArrayMetadata([], [], DataType.Float64));
        await array.WriteAsync<double>(new ArrayRegion([], []), new[] { Math.PI });
        Assert.True(await store.ExistsAsync("scalar/c"));
        var read = await (await ZarrArray.OpenAsync(store, "scalar")).ReadAsync<double>(new ArrayRegion([], []));
        Assert.Equal(Math.PI, Assert.Single(read));
    }

    [Fact]
    public async Task Arrays_with_an_empty_dimension_read_and_write_nothing()
    {
        var store = new CountingStore(new MemoryStore());
        var array = await ZarrArray.CreateAsync(store, "", new ArrayMetadata([0, 5], [3, 3], DataType.UInt16));
        store.Reset();
        Assert.Empty(await array.ReadAsync<ushort>(ArrayRegion.Full(array.Shape)));
        await array.WriteAsync<ushort>(ArrayRegion.Full(array.Shape), Array.Empty<ushort>());
        Assert.Empty(store.Gets);
        Assert.Empty(store.Sets);
    }

    [Fact]
    public async Task Reads_and_writes_check_the_element_type_and_the_region()
    {
        var array = await ZarrArray.CreateAsync(new MemoryStore(), "", new ArrayMetadata([4, 4], [2, 2], DataType.UInt16));
        var type = await Assert.ThrowsAsync<ArgumentException>(async () => await array.ReadAsync<int>(ArrayRegion.Full(array.Shape)));
        Assert.Contains("UInt16", type.Message);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await array.ReadAsync<ushort>(new ArrayRegion([3, 0], [2, 4])));
        await Assert.ThrowsAsync<ArgumentException>(async () => await array.ReadAsync<ushort>(new ArrayRegion([0], [4])));
        await Assert.ThrowsAsync<ArgumentException>(async () => await array.WriteAsync<ushort>(ArrayRegion.Full(array.Shape), new ushort[15]));
    }

    [Theory]
    [InlineData("default", '/', "c/1/0")]
    [InlineData("default", '.', "c.1.0")]
    [InlineData("v2", '.', "1.0")]
    [InlineData("v2", '/', "1/0")]
    public async Task Chunks_are_stored_under_the_encoded_keys(string encoding, char separator, string key)
    {
        var store = new MemoryStore();
        var array = await ZarrArray.CreateAsync(store, "arr", new ArrayMetadata([4, 2], [2, 2], DataType.UInt8) { ChunkKeyEncoding = ChunkKeyEncoding.Create(encoding, separator) });
        await array.WriteAsync<byte>(new ArrayRegion([2, 0], [2, 2]), new byte[] { 1, 2, 3, 4 });
        Assert.Equal(["arr/" + key, "arr/zarr.json"], store.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Zarr_v2_arrays_store_big_endian_and_F_order_as_declared()
    {
        var store = new MemoryStore();
        var metadata = new ArrayMetadata([2, 3], [2, 3], DataType.UInt16)
        {
            ZarrFormat = ZarrFormat.V2,
            ChunkKeyEncoding = ChunkKeyEncoding.V2Dot,
            Codecs = [TransposeCodec.Reversed(2), new BytesCodec(Endianness.Big)],
            Attributes = new JsonObject { ["note"] = "v2" },
        };
        var array = await ZarrArray.CreateAsync(store, "", metadata);
        ushort[] values = [1, 2, 3, 0x0405, 0x0607, 0x0809];
        await array.WriteAsync<ushort>(ArrayRegion.Full(array.Shape), values);

        using var chunk = (await store.GetAsync("0.0"))!;
        var stored = Enumerable.Range(0, 6).Select(i => BinaryPrimitives.ReadUInt16BigEndian(chunk.Span[(2 * i)..])).ToArray();
        Assert.Equal(new ushort[] { 1, 0x0405, 2, 0x0607, 3, 0x0809 }, stored); // column-major
        using var zarray = (await store.GetAsync(".zarray"))!;
        var json = JsonNode.Parse(zarray.Span)!;
        Assert.Equal(">u2", json["dtype"]!.GetValue<string>());
        Assert.Equal("F", json["order"]!.GetValue<string>());
        Assert.True(await store.ExistsAsync(".zattrs"));

        var reopened = await ZarrArray.OpenAsync(store);
        Assert.Equal(values, await reopened.ReadAsync<ushort>(ArrayRegion.Full(reopened.Shape)));
        Assert.Equal("v2", reopened.Attributes["note"]!.GetValue<string>());
    }

    [Fact]
    public async Task Creating_over_an_existing_node_needs_overwrite_which_clears_old_chunks()
    {
        var store = new MemoryStore();
        var first = await ZarrArray.CreateAsync(store, "a", new ArrayMetadata([4], [2], DataType.UInt8));
        await first.WriteAsync<byte>(ArrayRegion.Full(first.Shape), new byte[] { 1, 2, 3, 4 });
        var error = await Assert.ThrowsAsync<ZarrException>(async () => await ZarrArray.CreateAsync(store, "a", new ArrayMetadata([4], [2], DataType.UInt8)));
        Assert.Contains("already exists", error.Message);

        var second = await ZarrArray.CreateAsync(store, "a", new ArrayMetadata([4], [2], DataType.UInt8), overwrite: true);
        Assert.Equal(new byte[4], await second.ReadAsync<byte>(ArrayRegion.Full(second.Shape)));
        Assert.Equal(["a/zarr.json"], store.Keys);
    }

    [Fact]
    public async Task Attributes_are_rewritten_in_place()
    {
        var store = new MemoryStore();
        var array = await ZarrArray.CreateAsync(store, "a", new ArrayMetadata([4], [2], DataType.UInt8));
        await array.WriteAsync<byte>(ArrayRegion.Full(array.Shape), new byte[] { 1, 2, 3, 4 });
        await array.SetAttributesAsync(new JsonObject { ["unit"] = "µm" });
        var reopened = await ZarrArray.OpenAsync(store, "a");
        Assert.Equal("µm", reopened.Attributes["unit"]!.GetValue<string>());
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, await reopened.ReadAsync<byte>(ArrayRegion.Full(reopened.Shape)));
    }

    [Fact]
    public async Task Concurrent_reads_of_different_regions_agree_with_one_full_read()
    {
        var array = await ZarrArray.CreateAsync(new MemoryStore(), "", new ArrayMetadata([64, 64], [7, 9], DataType.Int32) { Codecs = [new BytesCodec(), new BloscCodec()] });
        var values = Ramp(64 * 64);
        await array.WriteAsync<int>(ArrayRegion.Full(array.Shape), values);
        var reads = Enumerable.Range(0, 32).Select(async i =>
        {
            var region = new ArrayRegion([i, 2 * i % 50], [20, 13]);
            var part = await array.ReadAsync<int>(region);
            return part.Select((v, k) => v == values[(i + k / 13) * 64 + 2 * i % 50 + k % 13]).All(x => x);
        });
        Assert.All(await Task.WhenAll(reads), Assert.True);
    }

    [Fact]
    public async Task Temporal_and_half_precision_types_read_into_their_dotnet_types()
    {
        var store = new MemoryStore();
        var times = await ZarrArray.CreateAsync(store, "t", new ArrayMetadata([3], [2], DataType.DateTime64("ms")) { FillValue = FillValue.From(DataType.DateTime64("ms"), long.MinValue) });
        await times.WriteAsync<long>(ArrayRegion.Full(times.Shape), new[] { 0L, 1_700_000_000_000L, long.MinValue });
        Assert.Equal(new[] { 0L, 1_700_000_000_000L, long.MinValue }, await (await ZarrArray.OpenAsync(store, "t")).ReadAsync<long>(ArrayRegion.Full(times.Shape)));
        Assert.Equal("{\"name\":\"numpy.datetime64\",\"configuration\":{\"unit\":\"ms\",\"scale_factor\":1}}", times.Metadata.ToV3Json()["data_type"]!.ToJsonString());

        var halves = await ZarrArray.CreateAsync(store, "h", new ArrayMetadata([2], [2], DataType.Float16));
        await halves.WriteAsync<Half>(ArrayRegion.Full(halves.Shape), new[] { (Half)1.5, Half.NegativeInfinity });
        Assert.Equal(new[] { (Half)1.5, Half.NegativeInfinity }, await halves.ReadAsync<Half>(ArrayRegion.Full(halves.Shape)));
    }

    [Fact]
    public async Task Groups_hold_children_and_list_them()
    {
        var store = new MemoryStore();
        var root = await ZarrGroup.CreateAsync(store, "", ZarrFormat.V3, new JsonObject { ["name"] = "root" });
        var sub = await root.CreateGroupAsync("sub");
        await sub.CreateArrayAsync("deep", new ArrayMetadata([2], [2], DataType.UInt8));
        await root.CreateArrayAsync("top", new ArrayMetadata([2], [2], DataType.UInt8));
        Assert.Equal(["sub", "top"], await root.ListChildrenAsync());
        Assert.IsType<ZarrArray>(await root.OpenChildAsync("sub/deep"));
        Assert.Equal(["deep"], await (await root.OpenGroupAsync("sub")).ListChildrenAsync());
        var reopened = await ZarrGroup.OpenAsync(store);
        Assert.Equal("root", reopened.Attributes["name"]!.GetValue<string>());
        await Assert.ThrowsAsync<ZarrNodeNotFoundException>(async () => await root.OpenGroupAsync("top"));
        await Assert.ThrowsAsync<ZarrNodeNotFoundException>(async () => await root.OpenChildAsync("missing"));
        await Assert.ThrowsAsync<ArgumentException>(async () => await root.CreateArrayAsync("v2", new ArrayMetadata([2], [2], DataType.UInt8) { ZarrFormat = ZarrFormat.V2, ChunkKeyEncoding = ChunkKeyEncoding.V2Dot }));
    }

    [Fact]
    public async Task Consolidated_v2_metadata_opens_children_without_reading_their_documents()
    {
        var inner = new MemoryStore();
        var root = await ZarrGroup.CreateAsync(inner, "", ZarrFormat.V2);
        var child = await root.CreateArrayAsync("img", new ArrayMetadata([4], [2], DataType.UInt8) { ZarrFormat = ZarrFormat.V2, ChunkKeyEncoding = ChunkKeyEncoding.V2Dot, Codecs = [new BytesCodec()] });
        await child.WriteAsync<byte>(ArrayRegion.Full(child.Shape), new byte[] { 9, 8, 7, 6 });
        var zarray = Encoding.UTF8.GetString((await inner.GetAsync("img/.zarray"))!.Span);
        var consolidated = $"{{\"metadata\": {{\".zgroup\": {{\"zarr_format\": 2}}, \"img/.zarray\": {zarray}, \"img/.zattrs\": {{\"from\": \"zmetadata\"}}}}, \"zarr_consolidated_format\": 1}}";
        await inner.SetAsync(".zmetadata", Encoding.UTF8.GetBytes(consolidated));

        var store = new CountingStore(inner);
        var group = await ZarrGroup.OpenAsync(store);
        Assert.True(group.HasConsolidatedMetadata);
        store.Reset();
        Assert.Equal(["img"], await group.ListChildrenAsync());
        var array = await group.OpenArrayAsync("img");
        Assert.Empty(store.Gets);
        Assert.Equal("zmetadata", array.Attributes["from"]!.GetValue<string>());
        Assert.Equal(new byte[] { 9, 8, 7, 6 }, await array.ReadAsync<byte>(ArrayRegion.Full(array.Shape)));
    }

    [Fact]
    public async Task A_damaged_zmetadata_is_set_aside_and_the_group_listed_instead()
    {
        var store = new MemoryStore();
        var root = await ZarrGroup.CreateAsync(store, "", ZarrFormat.V2);
        await root.CreateArrayAsync("a", new ArrayMetadata([2], [2], DataType.UInt8) { ZarrFormat = ZarrFormat.V2, ChunkKeyEncoding = ChunkKeyEncoding.V2Dot, Codecs = [new BytesCodec()] });
        await store.SetAsync(".zmetadata", Encoding.UTF8.GetBytes("{ not json"));
        var group = await ZarrGroup.OpenAsync(store);
        Assert.False(group.HasConsolidatedMetadata);
        Assert.Equal(["a"], await group.ListChildrenAsync());
    }

    [Fact]
    public void Regions_and_metadata_compare_by_value()
    {
        Assert.Equal(new ArrayRegion([1, 2], [3, 4]), new ArrayRegion([1, 2], [3, 4]));
        Assert.NotEqual(new ArrayRegion([1, 2], [3, 4]), new ArrayRegion([1, 2], [3, 5]));
        Assert.Equal(new ArrayRegion([1, 2], [3, 4]).GetHashCode(), new ArrayRegion([1, 2], [3, 4]).GetHashCode());
        var metadata = new ArrayMetadata([4, 4], [2, 2], DataType.Int16) { Attributes = new JsonObject { ["a"] = 1 } };
        Assert.Equal(metadata, new ArrayMetadata([4, 4], [2, 2], DataType.Int16) { Attributes = new JsonObject { ["a"] = 1 } });
        Assert.NotEqual(metadata, metadata with { Attributes = new JsonObject { ["a"] = 2 } });
        Assert.NotEqual(metadata, metadata with { Codecs = [new BytesCodec(), new GzipCodec()] });
    }

    [Fact]
    public async Task Inline_v3_consolidated_metadata_is_used_for_children()
    {
        var store = new MemoryStore();
        var root = """
            {"zarr_format": 3, "node_type": "group", "attributes": {},
             "consolidated_metadata": {"kind": "inline", "must_understand": false, "metadata": {
               "a": {"zarr_format": 3, "node_type": "group", "attributes": {"x": 1}},
               "a/b": {"zarr_format": 3, "node_type": "array", "shape": [2], "data_type": "uint8",
                       "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [2]}},
                       "chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}},
                       "fill_value": 5, "codecs": [{"name": "bytes"}], "attributes": {}}}}}
            """;
        await store.SetAsync("zarr.json", Encoding.UTF8.GetBytes(root));
        var group = await ZarrGroup.OpenAsync(store);
        Assert.Equal(["a"], await group.ListChildrenAsync());
        var a = await group.OpenGroupAsync("a");
        Assert.Equal(1, a.Attributes["x"]!.GetValue<int>());
        Assert.Equal(["b"], await a.ListChildrenAsync());
        var b = await a.OpenArrayAsync("b");
        Assert.Equal(new byte[] { 5, 5 }, await b.ReadAsync<byte>(ArrayRegion.Full(b.Shape)));
    }

    [ConformanceFact]
    public async Task The_zarrs_hierarchy_lists_its_groups_and_arrays()
    {
        var root = await ZarrGroup.OpenAsync(new FileSystemStore(ConformanceData.PathOf("zarrs", "hierarchy.zarr")));
        Assert.Equal(["a", "b"], await root.ListChildrenAsync());
        var a = await root.OpenGroupAsync("a");
        Assert.Equal(["baz", "foo"], await a.ListChildrenAsync());
        var baz = await a.OpenArrayAsync("baz");
        Assert.Equal([10000L, 1000L], baz.Shape.ToArray());
        var corner = await baz.ReadAsync<double>(new ArrayRegion([9990, 990], [10, 10]));
        Assert.All(corner, v => Assert.True(double.IsNaN(v))); // no chunks stored: all fill
    }

    [ConformanceFact]
    public async Task The_zarrs_array_with_a_missing_chunk_reads_stored_values_and_nan_fill()
    {
        // Uncompressed little-endian float32 chunks: the expected values come straight from the chunk files.
        var directory = ConformanceData.PathOf("zarrs", "array_write_read.zarr", "group", "array");
        var array = await ZarrArray.OpenAsync(new FileSystemStore(directory));
        var values = await array.ReadAsync<float>(ArrayRegion.Full(array.Shape));
        for (var cy = 0; cy < 2; cy++)
        {
            for (var cx = 0; cx < 2; cx++)
            {
                var file = Path.Combine(directory, "c", cy.ToString(), cx.ToString());
                var stored = File.Exists(file) ? File.ReadAllBytes(file) : null;
                for (var i = 0; i < 16; i++)
                {
                    var actual = values[(cy * 4 + i / 4) * 8 + cx * 4 + i % 4];
                    if (stored is null)
                    {
                        Assert.True(float.IsNaN(actual));
                    }
                    else
                    {
                        Assert.Equal(BinaryPrimitives.ReadSingleLittleEndian(stored.AsSpan(4 * i)), actual);
                    }
                }
            }
        }
    }
}
