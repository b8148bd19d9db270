using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Storage;

/// <summary>Arrays and groups written to a folder with <see cref="FileSystemStore"/>, read back over HTTP.</summary>
public sealed class ZarrOverHttpTests : IAsyncLifetime
{
    private readonly TestDirectory _directory = new();
    private StaticFileServer _server = null!;

    public async Task InitializeAsync() => _server = await StaticFileServer.StartAsync(_directory.Path);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_sharded_v3_array_reads_as_written()
    {
        var (_, data) = await WriteShardedAsync();
        var array = await ZarrArray.OpenAsync(new HttpStore(_server.BaseAddress), "img");
        Assert.Equal(data, await array.ReadAsync<ushort>(ArrayRegion.Full(array.Shape)));

        // A box across shard and inner chunk borders reads the same as its part of the whole.
        var region = new ArrayRegion([5, 20], [40, 17]);
        var expected = new List<ushort>();
        for (var y = 5; y < 45; y++)
        {
            expected.AddRange(data.AsSpan(y * 48 + 20, 17).ToArray());
        }

        Assert.Equal(expected.ToArray(), await array.ReadAsync<ushort>(region));
    }

    [Fact]
    public async Task One_inner_chunk_costs_two_range_requests_on_its_shard()
    {
        var (innerChunks, data) = await WriteShardedAsync();
        var array = await ZarrArray.OpenAsync(new HttpStore(_server.BaseAddress), "img");
        _server.ClearRequests();

        // Inner chunk (1, 1) of shard (0, 0): rows 8..16, columns 8..16.
        var got = await array.ReadAsync<ushort>(new ArrayRegion([8, 8], [8, 8]));
        Assert.Equal(Enumerable.Range(8, 8).SelectMany(y => data.AsSpan(y * 48 + 8, 8).ToArray()), got);

        // Where the shard's own index says that inner chunk lives.
        var indexSize = (innerChunks * 16) + 4; // (offset, length) as uint64 pairs, then crc32c
        var shard = await File.ReadAllBytesAsync(_directory.Combine("img", "c", "0", "0"));
        var entry = shard.AsSpan(shard.Length - indexSize + ((1 * 3) + 1) * 16);
        var offset = BinaryPrimitives.ReadUInt64LittleEndian(entry);
        var length = BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]);

        var requests = _server.Requests;
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(("GET", "img/c/0/0", 206), (r.Method, r.Path, r.Status)));
        Assert.Equal($"bytes=-{indexSize}", requests[0].Range);
        Assert.Equal($"bytes={offset}-{offset + length - 1}", requests[1].Range);
    }

    [Fact]
    public async Task A_v2_blosc_array_reads_as_written()
    {
        var files = new FileSystemStore(_directory.Path);
        var metadata = new ArrayMetadata([50, 40], [16, 16], DataType.Float32)
        {
            ZarrFormat = ZarrFormat.V2,
            ChunkKeyEncoding = ChunkKeyEncoding.V2Dot,
            Codecs = [new BytesCodec(), new BloscCodec()],
            Attributes = new JsonObject { ["unit"] = "µm" },
        };
        var written = await ZarrArray.CreateAsync(files, "v2/arr", metadata);
        var data = Enumerable.Range(0, 50 * 40).Select(i => MathF.Sin(i * 0.01f) * 1000).ToArray();
        await written.WriteAsync<float>(ArrayRegion.Full(written.Shape), data);

        var array = await ZarrArray.OpenAsync(new HttpStore(_server.BaseAddress), "v2/arr");
        Assert.Equal(ZarrFormat.V2, array.ZarrFormat);
        Assert.Equal("µm", (string?)array.Attributes["unit"]);
        Assert.Equal(data, await array.ReadAsync<float>(ArrayRegion.Full(array.Shape)));

        // Dotfiles and dotted chunk keys came from the server as they are.
        Assert.Contains(_server.Requests, r => r.Path == "v2/arr/.zarray" && r.Status == 200);
        Assert.Contains(_server.Requests, r => r.Path == "v2/arr/.zattrs" && r.Status == 200);
        Assert.Contains(_server.Requests, r => r.Path == "v2/arr/3.2" && r.Status == 200);
    }

    [Fact]
    public async Task A_consolidated_v2_group_lists_its_children_without_store_listing()
    {
        var x = await WriteV2HierarchyAsync("tree");
        await ConsolidateAsync("tree");
        IStore store = new HttpStore(new Uri(_server.BaseAddress, "tree/"));
        Assert.IsNotAssignableFrom<IListableStore>(store);

        var root = await ZarrGroup.OpenAsync(store);
        Assert.True(root.HasConsolidatedMetadata);
        Assert.True(root.CanListChildren);
        Assert.Equal(["g", "x", "y"], await root.ListChildrenAsync());

        _server.ClearRequests();
        var g = await root.OpenGroupAsync("g");
        Assert.Equal(["z"], await g.ListChildrenAsync());
        Assert.Equal("leaf", (string?)g.Attributes["role"]);
        Assert.Empty(_server.Requests); // opened from .zmetadata alone

        var array = await root.OpenArrayAsync("x");
        Assert.Equal(x, await array.ReadAsync<int>(ArrayRegion.Full(array.Shape)));
    }

    [Fact]
    public async Task Without_consolidated_metadata_an_http_group_cannot_list()
    {
        await WriteV2HierarchyAsync("plain");
        var root = await ZarrGroup.OpenAsync(new HttpStore(new Uri(_server.BaseAddress, "plain/")));
        Assert.False(root.HasConsolidatedMetadata);
        Assert.False(root.CanListChildren);
        Assert.Empty(await root.ListChildrenAsync());
    }

    /// <summary>Writes a 64×48 uint16 array in 32×24 shards of 8×8 inner chunks (bytes + zstd); returns the inner chunks per shard and the data.</summary>
    private async Task<(int InnerChunks, ushort[] Data)> WriteShardedAsync()
    {
        var files = new FileSystemStore(_directory.Path);
        var metadata = new ArrayMetadata([64, 48], [32, 24], DataType.UInt16)
        {
            Codecs = [new ShardingCodec([8, 8], [new BytesCodec(), new ZstdCodec()])],
        };
        var array = await ZarrArray.CreateAsync(files, "img", metadata);
        var data = Enumerable.Range(0, 64 * 48).Select(i => (ushort)((i * 37) + 1)).ToArray();
        await array.WriteAsync<ushort>(ArrayRegion.Full(array.Shape), data);
        return (4 * 3, data);
    }

    /// <summary>A v2 group: arrays x and y, group g (with attributes) holding array z. Returns x's data.</summary>
    private async Task<int[]> WriteV2HierarchyAsync(string path)
    {
        var files = new FileSystemStore(_directory.Combine(path));
        var metadata = new ArrayMetadata([10, 6], [4, 4], DataType.Int32)
        {
            ZarrFormat = ZarrFormat.V2,
            ChunkKeyEncoding = ChunkKeyEncoding.V2Dot,
            Codecs = [new BytesCodec(), new BloscCodec()],
        };
        var root = await ZarrGroup.CreateAsync(files, "", ZarrFormat.V2, new JsonObject { ["role"] = "root" });
        var x = await root.CreateArrayAsync("x", metadata);
        var data = Enumerable.Range(0, 60).Select(i => (i * i) - 7).ToArray();
        await x.WriteAsync<int>(ArrayRegion.Full(x.Shape), data);
        await root.CreateArrayAsync("y", metadata);
        var g = await root.CreateGroupAsync("g", new JsonObject { ["role"] = "leaf" });
        await g.CreateArrayAsync("z", metadata);
        return data;
    }

    /// <summary>Gathers every metadata document below <paramref name="path"/> into its <c>.zmetadata</c>, as zarr-python's consolidate_metadata does.</summary>
    private async Task ConsolidateAsync(string path)
    {
        var files = new FileSystemStore(_directory.Combine(path));
        var documents = new JsonObject();
        await foreach (var key in files.ListAsync())
        {
            if (key.Split('/')[^1] is ".zarray" or ".zgroup" or ".zattrs")
            {
                using var bytes = await files.GetAsync(key);
                documents[key] = JsonNode.Parse(bytes!.Span);
            }
        }

        var zmetadata = new JsonObject { ["metadata"] = documents, ["zarr_consolidated_format"] = 1 };
        await files.SetAsync(".zmetadata", System.Text.Encoding.UTF8.GetBytes(zmetadata.ToJsonString()));
    }
}
