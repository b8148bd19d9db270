using System.Buffers.Binary;
using System.Text;
using Tessera.Zarr.Checksums;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Arrays;

/// <summary>
/// Damaged stores: each failure is an exception of the library's own hierarchy whose message names the store
/// key and the codec (or the metadata member) — never a crash, a hang, or a different exception type.
/// </summary>
public sealed class BadInputTests
{
    private const int Timeout = 30_000;

    public static TheoryData<string> Chains() => ["zstd", "gzip", "zlib", "lz4", "bz2", "blosc:cname=lz4", "blosc:cname=zstd,shuffle=bit", "crc32c", "none"];

    private static async Task<(MemoryStore Store, ZarrArray Array)> WrittenAsync(string compressor, int[]? shard = null)
    {
        var store = new MemoryStore();
        Codec[] inner = [new BytesCodec(), .. CodecShorthand.Parse(compressor)];
        var metadata = new ArrayMetadata([32, 32], shard ?? [16, 16], DataType.UInt16)
        {
            Codecs = shard is null ? [.. inner] : [new ShardingCodec([8, 8], inner)],
        };
        var array = await ZarrArray.CreateAsync(store, "img", metadata);
        await array.WriteAsync<ushort>(ArrayRegion.Full(array.Shape), Enumerable.Range(0, 1024).Select(i => (ushort)(i * 13)).ToArray());
        return (store, array);
    }

    private static async Task<ZarrException> ReadFailsAsync(ZarrArray array)
    {
        var reopened = await ZarrArray.OpenAsync(array.Store, array.Path);
        return await Assert.ThrowsAnyAsync<ZarrException>(async () => await reopened.ReadAsync<ushort>(ArrayRegion.Full(reopened.Shape)));
    }

    private static string CodecOf(string compressor) => Assert.Single(CodecShorthand.Parse(compressor)).Name;

    [Theory(Timeout = Timeout)]
    [MemberData(nameof(Chains))]
    public async Task A_truncated_chunk_names_the_key_and_the_codec(string compressor)
    {
        var (store, array) = await WrittenAsync(compressor);
        var chunk = (await store.GetAsync("img/c/1/0"))!.Span.ToArray();
        await store.SetAsync("img/c/1/0", chunk[..(chunk.Length * 2 / 3)]);

        var error = Assert.IsType<ZarrCodecException>(await ReadFailsAsync(array));
        Assert.Equal("img/c/1/0", error.Key);
        Assert.Contains("'img/c/1/0'", error.Message);
        Assert.Contains(compressor == "none" ? "'bytes'" : $"'{CodecOf(compressor)}'", error.Message);
    }

    [Theory(Timeout = Timeout)]
    [MemberData(nameof(Chains))]
    public async Task An_empty_chunk_file_names_the_key_and_the_codec(string compressor)
    {
        var (store, array) = await WrittenAsync(compressor);
        await store.SetAsync("img/c/0/1", Array.Empty<byte>());
        var error = Assert.IsType<ZarrCodecException>(await ReadFailsAsync(array));
        Assert.Equal("img/c/0/1", error.Key);
    }

    [Theory(Timeout = Timeout)]
    [InlineData("zstd:level=3,checksum=true")]
    [InlineData("gzip")]
    [InlineData("zlib")]
    [InlineData("bz2")]
    [InlineData("blosc:cname=lz4")]
    [InlineData("crc32c")]
    public async Task A_corrupted_chunk_is_detected_and_named(string compressor)
    {
        // These codecs carry a checksum or enough structure that overwriting their middle is always caught
        // (zstd only with its optional frame checksum: without it, damaged literals decode to other bytes).
        var (store, array) = await WrittenAsync(compressor);
        var chunk = (await store.GetAsync("img/c/0/0"))!.Span.ToArray();
        for (var i = chunk.Length / 3; i < chunk.Length / 3 + 8 && i < chunk.Length; i++)
        {
            chunk[i] ^= 0x5A;
        }

        if (compressor.StartsWith("blosc", StringComparison.Ordinal))
        {
            chunk[12] ^= 0xFF; // the header's compressed size, which blosc validates against the buffer
        }

        await store.SetAsync("img/c/0/0", chunk);
        var error = Assert.IsType<ZarrCodecException>(await ReadFailsAsync(array));
        Assert.Equal("img/c/0/0", error.Key);
        Assert.Equal(CodecOf(compressor), error.Codec);
    }

    [Fact(Timeout = Timeout)]
    public async Task A_checksum_mismatch_says_so()
    {
        var (store, array) = await WrittenAsync("crc32c");
        var chunk = (await store.GetAsync("img/c/1/1"))!.Span.ToArray();
        chunk[100] ^= 1;
        await store.SetAsync("img/c/1/1", chunk);
        var error = await ReadFailsAsync(array);
        Assert.Contains("checksum mismatch", error.Message);
        Assert.Contains("crc32c", error.Message);
        Assert.Contains("img/c/1/1", error.Message);
    }

    [Fact(Timeout = Timeout)]
    public async Task Metadata_whose_chunk_shape_disagrees_with_the_data_names_the_chunk_and_codec()
    {
        // Stored as 16×16 uint16 chunks; the metadata is then edited to claim 16×20.
        var (store, array) = await WrittenAsync("none");
        var json = Encoding.UTF8.GetString((await store.GetAsync("img/zarr.json"))!.Span).Replace("\"chunk_shape\": [\n                16,\n                16\n            ]", "\"chunk_shape\": [16, 20]");
        Assert.Contains("[16, 20]", json);
        await store.SetAsync("img/zarr.json", Encoding.UTF8.GetBytes(json));
        var error = Assert.IsType<ZarrCodecException>(await ReadFailsAsync(array));
        Assert.Equal("bytes", error.Codec);
        Assert.Contains("expected 640 bytes", error.Message);
        Assert.Contains("found 512", error.Message);
        Assert.StartsWith("img/c/", error.Key);
    }

    [Theory(Timeout = Timeout)]
    [InlineData("zstd")]
    [InlineData("blosc:cname=lz4")]
    [InlineData("lz4")]
    [InlineData("gzip")]
    [InlineData("bz2")]
    public async Task Metadata_whose_data_type_disagrees_with_compressed_data_is_caught_by_the_decoded_size(string compressor)
    {
        var (store, array) = await WrittenAsync(compressor);
        var json = Encoding.UTF8.GetString((await store.GetAsync("img/zarr.json"))!.Span).Replace("\"uint16\"", "\"uint32\"");
        await store.SetAsync("img/zarr.json", Encoding.UTF8.GetBytes(json.Replace("\"typesize\": 2", "\"typesize\": 4")));
        var reopened = await ZarrArray.OpenAsync(store, "img");
        var error = await Assert.ThrowsAsync<ZarrCodecException>(async () => await reopened.ReadAsync<uint>(ArrayRegion.Full(reopened.Shape)));
        Assert.Equal(CodecOf(compressor), error.Codec);
        Assert.StartsWith("img/c/", error.Key);
    }

    [Theory(Timeout = Timeout)]
    [InlineData("{\"zarr_format\": 3, \"node_type\": \"array\",", "invalid JSON")]
    [InlineData("not json at all", "invalid JSON")]
    [InlineData("\"a string\"", "expected a JSON object")]
    [InlineData("{\"zarr_format\": 3, \"node_type\": \"array\"}", "$.shape")]
    public async Task Invalid_metadata_documents_name_the_key(string document, string expected)
    {
        var store = new MemoryStore();
        await store.SetAsync("img/zarr.json", Encoding.UTF8.GetBytes(document));
        var error = await Assert.ThrowsAnyAsync<ZarrMetadataException>(async () => await ZarrArray.OpenAsync(store, "img"));
        Assert.Equal("img/zarr.json", error.Key);
        Assert.Contains(expected, error.Message);
    }

    [Fact(Timeout = Timeout)]
    public async Task Invalid_v2_metadata_names_the_key_and_member()
    {
        var store = new MemoryStore();
        await store.SetAsync("a/.zarray", Encoding.UTF8.GetBytes("{\"zarr_format\": 2, \"shape\": [4], \"chunks\": [2], \"dtype\": \"<u2\", \"compressor\": {\"id\": \"blosc\", \"clevel\": \"high\"}, \"fill_value\": 0, \"order\": \"C\", \"filters\": null}"));
        var error = await Assert.ThrowsAnyAsync<ZarrMetadataException>(async () => await ZarrArray.OpenAsync(store, "a"));
        Assert.Equal("a/.zarray", error.Key);
        Assert.Contains("clevel", error.Message);
    }

    [Fact(Timeout = Timeout)]
    public async Task A_shard_index_pointing_past_the_end_names_the_key_and_the_inner_chunk()
    {
        var (store, array) = await WrittenAsync("zstd", shard: [32, 32]);
        var shard = (await store.GetAsync("img/c/0/0"))!.Span.ToArray();
        const int entries = 16;
        var index = shard.AsSpan(shard.Length - (entries * 16 + 4));
        BinaryPrimitives.WriteUInt64LittleEndian(index[(16 * 5)..], (ulong)shard.Length + 1000); // entry (1, 1)
        BinaryPrimitives.WriteUInt32LittleEndian(index[(entries * 16)..], Crc32C.Compute(index[..(entries * 16)])); // keep the checksum valid
        await store.SetAsync("img/c/0/0", shard);

        // Whole-shard read and a partial read through byte ranges both report it.
        var whole = Assert.IsType<ZarrCodecException>(await ReadFailsAsync(array));
        var reopened = await ZarrArray.OpenAsync(store, "img");
        var partial = await Assert.ThrowsAsync<ZarrCodecException>(async () => await reopened.ReadAsync<ushort>(new ArrayRegion([9, 9], [2, 2])));
        foreach (var error in new[] { whole, partial })
        {
            Assert.Equal("sharding_indexed", error.Codec);
            Assert.Equal("img/c/0/0", error.Key);
            Assert.Contains("inner chunk [1, 1]", error.Message);
            Assert.Contains("past the end", error.Message);
        }
    }

    [Fact(Timeout = Timeout)]
    public async Task An_inner_shard_index_entry_pointing_into_a_sibling_is_caught_by_partial_reads_too()
    {
        // Nested shards: outer 16×16 holds four 8×8 inner shards, each of four 4×4 chunks (bytes only, so
        // entries are easy to aim). The first inner shard's entry for its chunk (0, 1) is pointed past its own
        // end, into the next inner shard: a full read and a partial read must both refuse it.
        var store = new MemoryStore();
        var metadata = new ArrayMetadata([16, 16], [16, 16], DataType.UInt16)
        {
            Codecs = [new ShardingCodec([8, 8], [new ShardingCodec([4, 4], [new BytesCodec()], [new BytesCodec()])], [new BytesCodec()])],
        };
        var array = await ZarrArray.CreateAsync(store, "n", metadata);
        await array.WriteAsync<ushort>(ArrayRegion.Full(array.Shape), Enumerable.Range(1, 256).Select(i => (ushort)i).ToArray());
        var shard = (await store.GetAsync("n/c/0/0"))!.Span.ToArray();
        var outerIndex = shard.AsSpan(shard.Length - 4 * 16);
        var innerOffset = (int)BinaryPrimitives.ReadUInt64LittleEndian(outerIndex);
        var innerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(outerIndex[8..]);
        var innerIndex = shard.AsSpan(innerOffset + innerLength - 4 * 16);
        BinaryPrimitives.WriteUInt64LittleEndian(innerIndex[16..], (ulong)innerLength); // chunk (0, 1): starts at the inner shard's end
        await store.SetAsync("n/c/0/0", shard);

        var reopened = await ZarrArray.OpenAsync(store, "n");
        var whole = await Assert.ThrowsAsync<ZarrCodecException>(async () => await reopened.ReadAsync<ushort>(ArrayRegion.Full(reopened.Shape)));
        var partial = await Assert.ThrowsAsync<ZarrCodecException>(async () => await reopened.ReadAsync<ushort>(new ArrayRegion([1, 5], [1, 1])));
        foreach (var error in new[] { whole, partial })
        {
            Assert.Equal("n/c/0/0", error.Key);
            Assert.Contains("past the end", error.Message);
        }
    }

    [Fact(Timeout = Timeout)]
    public async Task A_corrupted_shard_index_fails_its_checksum()
    {
        var (store, array) = await WrittenAsync("zstd", shard: [32, 32]);
        var shard = (await store.GetAsync("img/c/0/0"))!.Span.ToArray();
        shard[^30] ^= 0x10;
        await store.SetAsync("img/c/0/0", shard);
        var error = Assert.IsType<ZarrCodecException>(await ReadFailsAsync(array));
        Assert.Contains("shard index", error.Message);
        Assert.Contains("checksum mismatch", error.Message);
        Assert.Equal("img/c/0/0", error.Key);
    }

    [Fact(Timeout = Timeout)]
    public async Task A_shard_shorter_than_its_index_is_reported()
    {
        var (store, array) = await WrittenAsync("zstd", shard: [32, 32]);
        await store.SetAsync("img/c/0/0", new byte[10]);
        var error = Assert.IsType<ZarrCodecException>(await ReadFailsAsync(array));
        Assert.Contains("shorter than its", error.Message);
        var reopened = await ZarrArray.OpenAsync(store, "img");
        var partial = await Assert.ThrowsAsync<ZarrCodecException>(async () => await reopened.ReadAsync<ushort>(new ArrayRegion([1, 1], [1, 1])));
        Assert.Equal("img/c/0/0", partial.Key);
    }

    [Fact(Timeout = Timeout)]
    public async Task A_corrupted_inner_chunk_names_the_shard_and_the_inner_codec()
    {
        var (store, array) = await WrittenAsync("gzip", shard: [32, 32]);
        var shard = (await store.GetAsync("img/c/0/0"))!.Span.ToArray();
        for (var i = 0; i < 40; i++)
        {
            shard[i] ^= 0xA5; // the first inner chunk's gzip header and data
        }

        await store.SetAsync("img/c/0/0", shard);
        var error = Assert.IsType<ZarrCodecException>(await ReadFailsAsync(array));
        Assert.Equal("img/c/0/0", error.Key);
        Assert.Contains("inner chunk [0, 0]", error.Message);
        Assert.Contains("'gzip'", error.Message);
    }

    [Fact(Timeout = 120_000)]
    public async Task Random_damage_to_stored_chunks_only_ever_raises_zarr_exceptions()
    {
        var random = new Random(20261121);
        foreach (var compressor in new[] { "zstd", "gzip", "lz4", "bz2", "blosc:cname=lz4", "blosc:cname=zstd,shuffle=bit", "none" })
        {
            foreach (var shard in new int[]?[] { null, [32, 32] })
            {
                var (store, _) = await WrittenAsync(compressor, shard);
                var keys = store.Keys.Where(k => !k.EndsWith("zarr.json", StringComparison.Ordinal)).ToArray();
                for (var trial = 0; trial < 40; trial++)
                {
                    var key = keys[random.Next(keys.Length)];
                    var value = (await store.GetAsync(key))!.Span.ToArray();
                    var damaged = random.Next(3) switch
                    {
                        0 => value[..random.Next(value.Length)],
                        1 => [.. value, .. Enumerable.Range(0, random.Next(1, 64)).Select(_ => (byte)random.Next(256))],
                        _ => Flip(value, random),
                    };
                    var scratch = new MemoryStore();
                    foreach (var k in store.Keys)
                    {
                        await scratch.SetAsync(k, k == key ? damaged : (await store.GetAsync(k))!.Span.ToArray());
                    }

                    var array = await ZarrArray.OpenAsync(scratch, "img");
                    try
                    {
                        await array.ReadAsync<ushort>(ArrayRegion.Full(array.Shape));
                        await array.ReadAsync<ushort>(new ArrayRegion([random.Next(30), random.Next(30)], [2, 2]));
                    }
                    catch (ZarrException)
                    {
                    }
                }
            }
        }

        static byte[] Flip(byte[] value, Random random)
        {
            var copy = (byte[])value.Clone();
            for (var i = 0; i < 1 + random.Next(6) && copy.Length > 0; i++)
            {
                copy[random.Next(copy.Length)] = (byte)random.Next(256);
            }

            return copy;
        }
    }
}
