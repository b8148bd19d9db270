using System.Buffers.Binary;
using System.Text;
using Tessera.Zarr.Checksums;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;

namespace Tessera.Zarr.Tests.Codecs;

public sealed class CodecTests
{
    public static TheoryData<string> Compressors()
    {
        var data = new TheoryData<string>();
        foreach (var spec in CompressorSpecs)
        {
            data.Add(spec);
        }

        return data;
    }

    // Every bytes-to-bytes codec, by its shorthand; blosc in all compressors and shuffles.
    private static readonly string[] CompressorSpecs =
    [
        "gzip:1", "gzip:9", "zlib:6", "zstd:level=-3", "zstd:level=3", "zstd:level=19,checksum=true", "lz4", "lz4:acceleration=8", "bz2:1", "bz2:9", "crc32c",
        .. from cname in new[] { "blosclz", "lz4", "lz4hc", "zlib", "zstd" }
           from shuffle in new[] { "none", "byte", "bit" }
           select $"blosc:cname={cname},clevel=5,shuffle={shuffle},typesize=2",
        "{\"name\": \"numcodecs.crc32\"}", "{\"name\": \"numcodecs.adler32\", \"configuration\": {\"location\": \"end\"}}", "{\"name\": \"numcodecs.fletcher32\"}",
    ];

    private static byte[] Compressible(int length, int seed)
    {
        var random = new Random(seed);
        var data = new byte[length];
        for (var i = 0; i < length; i++)
        {
            data[i] = (byte)((i / 64 % 7) * 20 + random.Next(4));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Compressors))]
    public void Bytes_codecs_round_trip_known_and_unknown_sizes(string spec)
    {
        var codec = Assert.Single(CodecShorthand.Parse(spec));
        foreach (var length in new[] { 0, 1, 17, 4096, 65536 * 3 + 5 })
        {
            var data = Compressible(length, length);
            using var encoded = codec.Encode(data);
            var decoded = new byte[length];
            codec.Decode(encoded.Span, decoded);
            Assert.Equal(data, decoded);
            using var unknown = codec.Decode(encoded.Span, Array.MaxLength);
            Assert.Equal(data, unknown.Span.ToArray());
            if (codec.EncodedSize(length) is { } fixedSize)
            {
                Assert.Equal(fixedSize, encoded.Length);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Compressors))]
    public void Truncated_input_fails_with_a_codec_error_naming_the_codec(string spec)
    {
        var codec = Assert.Single(CodecShorthand.Parse(spec));
        var data = Compressible(10_000, 1);
        using var encoded = codec.Encode(data);
        foreach (var cut in new[] { 0, 3, encoded.Length / 2, encoded.Length - 1 })
        {
            var error = Assert.Throws<ZarrCodecException>(() => codec.Decode(encoded.Span[..cut], new byte[data.Length]));
            Assert.Equal(codec.Name, error.Codec);
            Assert.Equal(CodecDirection.Decode, error.Direction);
            Assert.Contains(codec.Name, error.Message);
        }
    }

    [Theory]
    [MemberData(nameof(Compressors))]
    public void Corrupted_input_never_fails_other_than_with_a_codec_error(string spec)
    {
        // Compressors without a checksum may decode a flipped byte into different data of the right size;
        // what must never happen is another exception type, a crash or a hang.
        var codec = Assert.Single(CodecShorthand.Parse(spec));
        var data = Compressible(20_000, 2);
        using var encoded = codec.Encode(data);
        var random = new Random(spec.GetHashCode(StringComparison.Ordinal));
        for (var trial = 0; trial < 300; trial++)
        {
            var corrupt = encoded.Span.ToArray();
            var flips = 1 + random.Next(4);
            for (var f = 0; f < flips && corrupt.Length > 0; f++)
            {
                corrupt[random.Next(corrupt.Length)] ^= (byte)(1 + random.Next(255));
            }

            try
            {
                codec.Decode(corrupt, new byte[data.Length]);
            }
            catch (ZarrCodecException e)
            {
                Assert.Equal(codec.Name, e.Codec);
            }

            try
            {
                using var _ = codec.Decode(corrupt, 1 << 20);
            }
            catch (ZarrCodecException e)
            {
                Assert.Equal(codec.Name, e.Codec);
            }
        }
    }

    [Fact]
    public void Checksums_detect_a_flipped_bit()
    {
        foreach (var spec in new[] { "crc32c", "{\"name\": \"numcodecs.crc32\"}", "{\"name\": \"numcodecs.adler32\"}", "{\"name\": \"numcodecs.fletcher32\"}" })
        {
            var codec = Assert.Single(CodecShorthand.Parse(spec));
            using var encoded = codec.Encode(Compressible(1000, 3));
            var corrupt = encoded.Span.ToArray();
            corrupt[500] ^= 0x10;
            var error = Assert.Throws<ZarrCodecException>(() => codec.Decode(corrupt, new byte[1000]));
            Assert.Contains("checksum mismatch", error.Message);
        }
    }

    [Fact]
    public void Checksum_algorithms_match_their_published_check_values()
    {
        var check = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xE3069283u, Crc32C.Compute(check));
        Assert.Equal(0xCBF43926u, Crc32.Compute(check));
        Assert.Equal(0x11E60398u, Adler32.Compute(Encoding.ASCII.GetBytes("Wikipedia")));
        Assert.Equal(Crc32.Compute(check), Crc32.Append(Crc32.Compute(check.AsSpan(0, 4)), check.AsSpan(4)));

        // Fletcher-32 (HDF5, numcodecs) over big-endian 16-bit words, sums folded rather than taken modulo 65535:
        // "abcde" is 0x6162, 0x6364 and 0x6500; a single 0xFFFF word keeps 0xFFFF in both sums (modulo would give 0).
        Assert.Equal(0x4FF029C7u, Fletcher32.Compute(Encoding.ASCII.GetBytes("abcde")));
        Assert.Equal(0xFFFFFFFFu, Fletcher32.Compute([0xFF, 0xFF]));
        Assert.Equal(0x0000FFFFu, Fletcher32.Compute([0xFF, 0xFF, 0x00, 0x00]) & 0xFFFF);
        Assert.Equal(0u, Fletcher32.Compute([]));
    }

    [Fact]
    public void Zstd_frames_without_a_declared_size_decode_through_the_streaming_path()
    {
        // A frame as streaming compressors write it: no content size, two raw blocks.
        var first = Compressible(700, 4);
        var second = Compressible(300, 5);
        var frame = new List<byte>();
        frame.AddRange(BitConverter.GetBytes(0xFD2FB528u));
        frame.Add(0x00); // frame header descriptor: no content size, not single-segment, no checksum
        frame.Add(0x00); // window descriptor: 1 KiB window
        frame.AddRange(RawBlock(first, last: false));
        frame.AddRange(RawBlock(second, last: true));
        var codec = new ZstdCodec();

        using var decoded = codec.Decode(frame.ToArray(), 1 << 20);
        Assert.Equal(first.Concat(second), decoded.Span.ToArray());
        var exact = new byte[1000];
        codec.Decode(frame.ToArray(), exact);
        Assert.Equal(first.Concat(second), exact);
        Assert.Throws<ZarrCodecException>(() => codec.Decode(frame.ToArray().AsSpan(0, frame.Count - 10), 1 << 20));

        static byte[] RawBlock(byte[] content, bool last)
        {
            var header = (uint)(content.Length << 3) | (last ? 1u : 0u); // type 0 = raw
            return [(byte)header, (byte)(header >> 8), (byte)(header >> 16), .. content];
        }
    }

    [Theory]
    [InlineData("zstd")]
    [InlineData("gzip")]
    [InlineData("zlib")]
    [InlineData("bz2")]
    [InlineData("lz4")]
    [InlineData("blosc:cname=zstd")]
    public void A_small_input_that_decodes_to_far_more_than_allowed_stops_at_the_limit(string spec)
    {
        // 64 MiB of zeros compresses to a few kilobytes; with room for 1 MiB the decoder must refuse, fast,
        // without allocating the 64 MiB.
        var codec = Assert.Single(CodecShorthand.Parse(spec));
        using var bomb = codec.Encode(new byte[64 << 20]);
        Assert.True(bomb.Length < 1 << 20);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ZarrCodecException>(() => codec.Decode(bomb.Span, 1 << 20));
        Assert.Contains("at most 1048576", error.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 16 << 20, "the decoder must not allocate the claimed size");
    }

    [Fact]
    public void A_size_header_claiming_gigabytes_is_refused_before_allocating()
    {
        byte[] lz4 = [0x00, 0x00, 0x00, 0x40, 0x00]; // declares 1 GiB
        Assert.Contains("1073741824", Assert.Throws<ZarrCodecException>(() => new Lz4Codec().Decode(lz4, 1 << 20)).Message);

        // A streamed zstd frame (no declared size) of RLE blocks: 100 × 128 KiB of zeros from ~400 bytes.
        var frame = new List<byte>();
        frame.AddRange(BitConverter.GetBytes(0xFD2FB528u));
        frame.Add(0x00);
        frame.Add(0x38); // window descriptor: 2^(10+7) = 128 KiB, the largest block
        for (var block = 0; block < 100; block++)
        {
            var header = (uint)((128 << 10) << 3) | (1u << 1) | (block == 99 ? 1u : 0u); // type 1 = RLE
            frame.AddRange([(byte)header, (byte)(header >> 8), (byte)(header >> 16), 0]);
        }

        Assert.Throws<ZarrCodecException>(() => new ZstdCodec().Decode(frame.ToArray(), 1 << 20));
        using var whole = new ZstdCodec().Decode(frame.ToArray(), 100 << 17);
        Assert.Equal(100 << 17, whole.Length);
    }

    [Fact]
    public void Pipelines_bound_each_stage_by_what_a_valid_chunk_can_encode_to()
    {
        var spec = new ChunkSpec([64, 64], DataType.UInt16, FillValue.Zero(DataType.UInt16));
        var pipeline = CodecPipeline.Create([new ShardingCodec([16, 16], [new BytesCodec(), new Lz4Codec()]), new ZstdCodec(1)], spec);
        var limit = pipeline.MaxEncodedSize;
        Assert.InRange(limit, 64 * 64 * 2, 64 * 64 * 2 * 2);

        // A zstd "shard" that inflates to 16 MiB is refused by the outer stage, long before the shard codec.
        using var bomb = new ZstdCodec(1).Encode(new byte[16 << 20]);
        var error = Assert.Throws<ZarrCodecException>(() => pipeline.Decode(bomb.Span, new byte[64 * 64 * 2]));
        Assert.Equal("zstd", error.Codec);
    }

    [Fact]
    public void Blosc_decoding_rejects_a_frame_of_another_size()
    {
        var codec = new BloscCodec("lz4", 5, BloscShuffle.Shuffle, 2);
        using var encoded = codec.Encode(Compressible(1000, 6));
        var error = Assert.Throws<ZarrCodecException>(() => codec.Decode(encoded.Span, new byte[1002]));
        Assert.Contains("1000", error.Message);
    }

    [Theory]
    [InlineData(Endianness.Little)]
    [InlineData(Endianness.Big)]
    public void The_bytes_codec_writes_the_declared_byte_order(Endianness endianness)
    {
        var spec = new ChunkSpec([3], DataType.UInt32, FillValue.Zero(DataType.UInt32));
        var pipeline = CodecPipeline.Create([new BytesCodec(endianness)], spec);
        uint[] values = [1, 0x01020304, 0xFFFFFFFE];
        using var encoded = pipeline.Encode(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        for (var i = 0; i < 3; i++)
        {
            var stored = endianness == Endianness.Little
                ? BinaryPrimitives.ReadUInt32LittleEndian(encoded.Span[(4 * i)..])
                : BinaryPrimitives.ReadUInt32BigEndian(encoded.Span[(4 * i)..]);
            Assert.Equal(values[i], stored);
        }

        var decoded = new uint[3];
        pipeline.Decode(encoded.Span, System.Runtime.InteropServices.MemoryMarshal.AsBytes(decoded.AsSpan()));
        Assert.Equal(values, decoded);
    }

    [Fact]
    public void Transpose_stores_axes_in_the_given_order()
    {
        // A 2×3×4 chunk stored with order [2, 0, 1]: stored element (k, i, j) is decoded element (i, j, k).
        var spec = new ChunkSpec([2, 3, 4], DataType.Int16, FillValue.Zero(DataType.Int16));
        var pipeline = CodecPipeline.Create([new TransposeCodec([2, 0, 1]), new BytesCodec()], spec);
        var values = Enumerable.Range(0, 24).Select(v => (short)v).ToArray();
        using var encoded = pipeline.Encode(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        var stored = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(encoded.Span);
        for (var k = 0; k < 4; k++)
        {
            for (var i = 0; i < 2; i++)
            {
                for (var j = 0; j < 3; j++)
                {
                    Assert.Equal(values[(i * 3 + j) * 4 + k], stored[(k * 2 + i) * 3 + j]);
                }
            }
        }

        var decoded = new short[24];
        pipeline.Decode(encoded.Span, System.Runtime.InteropServices.MemoryMarshal.AsBytes(decoded.AsSpan()));
        Assert.Equal(values, decoded);
    }

    [Fact]
    public void Two_transposes_and_a_compressor_compose()
    {
        var spec = new ChunkSpec([4, 5, 6], DataType.Float64, FillValue.Zero(DataType.Float64));
        var pipeline = CodecPipeline.Create([new TransposeCodec([1, 2, 0]), new TransposeCodec([2, 1, 0]), new BytesCodec(Endianness.Big), new GzipCodec(1)], spec);
        var values = Enumerable.Range(0, 120).Select(v => v * 0.5 - 7).ToArray();
        using var encoded = pipeline.Encode(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        var decoded = new double[120];
        pipeline.Decode(encoded.Span, System.Runtime.InteropServices.MemoryMarshal.AsBytes(decoded.AsSpan()));
        Assert.Equal(values, decoded);
    }

    [Theory]
    [InlineData("[]", "no array-to-bytes codec")]
    [InlineData("[{\"name\": \"gzip\"}]", "out of place")]
    [InlineData("[{\"name\": \"bytes\", \"configuration\": {\"endian\": \"little\"}}, {\"name\": \"transpose\", \"configuration\": {\"order\": [1, 0]}}]", "out of place")]
    [InlineData("[{\"name\": \"bytes\", \"configuration\": {\"endian\": \"little\"}}, {\"name\": \"bytes\", \"configuration\": {\"endian\": \"little\"}}]", "out of place")]
    [InlineData("[{\"name\": \"bytes\"}]", "needs \"endian\"")]
    [InlineData("[{\"name\": \"transpose\", \"configuration\": {\"order\": [0, 0]}}, {\"name\": \"bytes\"}]", "not a permutation")]
    [InlineData("[{\"name\": \"bytes\", \"configuration\": {\"endian\": \"middle\"}}]", "little")]
    [InlineData("[{\"name\": \"bytes\"}, {\"name\": \"blosc\", \"configuration\": {\"cname\": \"snappy\", \"clevel\": 5, \"shuffle\": \"shuffle\"}}]", "unknown compressor 'snappy'")]
    [InlineData("[{\"name\": \"bytes\"}, {\"name\": \"zstd\", \"configuration\": {\"level\": \"high\"}}]", "level")]
    [InlineData("[{\"name\": \"bytes\"}, {\"name\": \"gzip\", \"configuration\": {\"level\": 12}}]", "0–9")]
    public void Malformed_codec_chains_are_rejected_with_the_reason(string codecs, string expected)
    {
        var spec = new ChunkSpec([2, 2], DataType.UInt16, FillValue.Zero(DataType.UInt16));
        var error = Assert.ThrowsAny<ZarrMetadataException>(() =>
        {
            var chain = CodecRegistry.ParseV3Chain(System.Text.Json.Nodes.JsonNode.Parse(codecs), "$.codecs", 2);
            CodecPipeline.Create(chain, spec);
        });
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void An_unsupported_codec_is_named_when_a_pipeline_is_built()
    {
        var chain = CodecRegistry.ParseV3Chain(System.Text.Json.Nodes.JsonNode.Parse("[{\"name\": \"bytes\", \"configuration\": {\"endian\": \"little\"}}, {\"name\": \"numcodecs.pcodec\", \"configuration\": {\"level\": 8}}]"), "$.codecs", 1);
        var error = Assert.Throws<ZarrUnsupportedException>(() => CodecPipeline.Create(chain, new ChunkSpec([4], DataType.Float32, FillValue.Zero(DataType.Float32))));
        Assert.StartsWith("unsupported codec 'numcodecs.pcodec'", error.Message);
    }

    [Theory]
    [InlineData("zstd", "zstd", "{\"level\":3,\"checksum\":false}")]
    [InlineData("zstd:7", "zstd", "{\"level\":7,\"checksum\":false}")]
    [InlineData("blosc:cname=zstd,shuffle=bit", "blosc", "{\"cname\":\"zstd\",\"clevel\":5,\"shuffle\":\"bitshuffle\",\"blocksize\":0}")]
    [InlineData("gzip:level=2", "gzip", "{\"level\":2}")]
    [InlineData("{\"name\":\"zstd\",\"configuration\":{\"level\":1,\"checksum\":true}}", "zstd", "{\"level\":1,\"checksum\":true}")]
    public void Codec_shorthand_parses_to_v3_configuration(string text, string name, string configuration)
    {
        var codec = Assert.Single(CodecShorthand.Parse(text));
        Assert.Equal(name, codec.Name);
        Assert.Equal(configuration, codec.Configuration!.ToJsonString());
    }

    [Theory]
    [InlineData("snappy")]
    [InlineData("zstd:level=x")]
    [InlineData("bytes")]
    [InlineData("{not json")]
    public void Bad_codec_shorthand_is_a_format_error(string text)
    {
        Assert.Throws<FormatException>(() => CodecShorthand.Parse(text));
    }

    [Fact]
    public void Codec_shorthand_chains_and_none()
    {
        Assert.Empty(CodecShorthand.Parse("none"));
        Assert.Equal(["zstd", "crc32c"], CodecShorthand.Parse("zstd + crc32c").Select(c => c.Name));
    }

    [Fact]
    public void Sharding_configuration_round_trips_through_json()
    {
        var codec = new ShardingCodec([2, 2], [new BytesCodec(), new ZstdCodec(5)], [new BytesCodec(), new Crc32cCodec()], ShardIndexLocation.Start);
        var parsed = Assert.IsType<ShardingCodec>(CodecRegistry.ParseV3(codec.ToV3Json(), "$.codecs[0]", 2));
        Assert.Equal([2, 2], parsed.ChunkShape.ToArray());
        Assert.Equal(ShardIndexLocation.Start, parsed.IndexLocation);
        Assert.Equal(codec.ToV3Json().ToJsonString(), parsed.ToV3Json().ToJsonString());
    }
}
