using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Tessera.Zarr;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Cli.Tests;

public sealed class CommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "tessera-cli-" + Guid.NewGuid().ToString("N")[..10]);

    public CommandTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private static readonly ushort[] Values = [.. Enumerable.Range(0, 40 * 60).Select(i => (ushort)(i * 31 % 4096))];

    /// <summary>A v3 group holding a sharded uint16 image and a float attribute-rich array.</summary>
    private async Task<string> HierarchyAsync()
    {
        var path = PathOf("source.zarr");
        var store = new FileSystemStore(path);
        var root = await ZarrGroup.CreateAsync(store, attributes: new JsonObject { ["title"] = "cli test" });
        var image = await root.CreateArrayAsync("image", new ArrayMetadata([40, 60], [20, 60], DataType.UInt16)
        {
            Codecs = [new ShardingCodec([10, 20], [new BytesCodec(), new ZstdCodec(3)])],
            DimensionNames = ["y", "x"],
            Attributes = new JsonObject { ["unit"] = "µm" },
        });
        await image.WriteAsync<ushort>(ArrayRegion.Full(image.Shape), Values);
        var flat = await root.CreateArrayAsync("flat", new ArrayMetadata([5], [5], DataType.Float64) { Codecs = [new BytesCodec()] });
        await flat.WriteAsync<double>(ArrayRegion.Full(flat.Shape), new[] { 1.5, -2, 0, 1e300, double.Epsilon });
        return path;
    }

    private static string Sha256OfValues() =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Values.AsSpan())));

    [Fact]
    public async Task Info_prints_the_tree_with_layout_and_attributes()
    {
        var result = await TesseraProcess.RunAsync("info", await HierarchyAsync());
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("/  group · Zarr v3", result.Output);
        Assert.Contains("image  array · Zarr v3", result.Output);
        Assert.Contains("40 × 60", result.Output);
        Assert.Contains("chunks      10 × 20  in shards of 20 × 60", result.Output);
        Assert.Contains("uint16, fill 0", result.Output);
        Assert.Contains("sharding_indexed[bytes(endian=\"little\") → zstd(level=3, checksum=false)", result.Output);
        Assert.Contains("dimensions  y, x", result.Output);
        Assert.Contains("{\"unit\":\"µm\"}", result.Output);
        Assert.Contains("{\"title\":\"cli test\"}", result.Output);
    }

    [Fact]
    public async Task Info_json_describes_every_node()
    {
        var result = await TesseraProcess.RunAsync("info", await HierarchyAsync(), "--json");
        Assert.Equal(0, result.ExitCode);
        var tree = JsonNode.Parse(result.Output)!;
        Assert.Equal("group", tree["node_type"]!.GetValue<string>());
        var image = tree["children"]!.AsArray().Single(c => c!["path"]!.GetValue<string>() == "image")!;
        Assert.Equal("[40,60]", image["shape"]!.ToJsonString());
        Assert.Equal("[10,20]", image["chunks"]!.ToJsonString());
        Assert.Equal("[20,60]", image["shards"]!.ToJsonString());
        Assert.Equal("uint16", image["data_type"]!.GetValue<string>());
        Assert.Equal("sharding_indexed", image["codecs"]![0]!["name"]!.GetValue<string>());
        var flat = tree["children"]!.AsArray().Single(c => c!["path"]!.GetValue<string>() == "flat")!;
        Assert.Null(flat["shards"]);
    }

    [Fact]
    public async Task Checksum_is_the_sha256_of_the_c_order_little_endian_values()
    {
        var source = await HierarchyAsync();
        var result = await TesseraProcess.RunAsync("checksum", Path.Combine(source, "image"));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Sha256OfValues(), result.Output.Trim());
    }

    [Theory]
    [InlineData("2", "blosc:cname=zstd,clevel=3,shuffle=bit", "7,11", null)]
    [InlineData("3", "gzip:4+crc32c", "8,8", "16,32")]
    [InlineData("3", "none", null, "none")]
    [InlineData(null, null, null, null)]
    public async Task Copy_re_encodes_and_keeps_the_values(string? format, string? codec, string? chunks, string? shards)
    {
        var source = await HierarchyAsync();
        var target = PathOf("copy.zarr");
        var arguments = new List<string> { "copy", source, target, "--quiet" };
        if (format is not null) arguments.AddRange(["--zarr-format", format]);
        if (codec is not null) arguments.AddRange(["--codec", codec]);
        if (chunks is not null) arguments.AddRange(["--chunks", chunks]);
        if (shards is not null) arguments.AddRange(["--shards", shards]);

        var copy = await TesseraProcess.RunAsync([.. arguments]);
        Assert.True(copy.ExitCode == 0, copy.Error);
        var checksum = await TesseraProcess.RunAsync("checksum", Path.Combine(target, "image"));
        Assert.Equal(Sha256OfValues(), checksum.Output.Trim());

        var image = await ZarrArray.OpenAsync(new FileSystemStore(Path.Combine(target, "image")));
        Assert.Equal(format == "2" ? ZarrFormat.V2 : ZarrFormat.V3, image.ZarrFormat);
        Assert.Equal("µm", image.Attributes["unit"]!.GetValue<string>());
        if (chunks is not null)
        {
            Assert.Equal(chunks, string.Join(",", image.Metadata.InnerChunkShape));
        }

        if (codec is not null)
        {
            var chain = image.Metadata.Sharding?.Codecs ?? image.Metadata.Codecs;
            Assert.Equal(CodecShorthand.Parse(codec).Select(c => c.Name), chain.Skip(1).Select(c => c.Name));
        }

        Assert.Equal(shards is null or "none" ? (format == "2" || shards == "none" ? null : "20,60") : shards, image.Metadata.Sharding is null ? null : string.Join(",", image.Metadata.ChunkShape));
    }

    [Fact]
    public async Task A_chunk_shape_applies_to_arrays_of_its_rank_in_a_group_and_is_an_error_for_one_array_of_another()
    {
        var source = await HierarchyAsync();
        var target = PathOf("ranks.zarr");
        Assert.Equal(0, (await TesseraProcess.RunAsync("copy", source, target, "--quiet", "--chunks", "5,5", "--shards", "none")).ExitCode);
        var image = await ZarrArray.OpenAsync(new FileSystemStore(Path.Combine(target, "image")));
        var flat = await ZarrArray.OpenAsync(new FileSystemStore(Path.Combine(target, "flat")));
        Assert.Equal("5,5", string.Join(",", image.Metadata.ChunkShape));
        Assert.Equal("5", string.Join(",", flat.Metadata.ChunkShape));

        var single = await TesseraProcess.RunAsync("copy", Path.Combine(source, "flat"), PathOf("flat.zarr"), "--chunks", "5,5");
        Assert.Equal(2, single.ExitCode);
        Assert.Contains("has 2 dimensions, the array has 1", single.Error);
    }

    [Fact]
    public async Task Copy_to_an_ozx_file_writes_one_archive_that_reads_back()
    {
        var source = await HierarchyAsync();
        var archive = PathOf("image.ozx");
        var copy = await TesseraProcess.RunAsync("copy", source, archive, "--quiet");
        Assert.True(copy.ExitCode == 0, copy.Error);
        Assert.True(File.Exists(archive));
        Assert.False(File.Exists(archive + ".partial"));
        var checksum = await TesseraProcess.RunAsync("checksum", Path.Combine(archive, "image"));
        Assert.Equal(Sha256OfValues(), checksum.Output.Trim());
        var info = await TesseraProcess.RunAsync("info", archive);
        Assert.Contains("image  array · Zarr v3", info.Output);
    }

    [Theory]
    [InlineData("--zarr-format", "2", "--shards", "20,60", "sharding needs Zarr v3")]
    [InlineData("--codec", "snappy", null, null, "unknown codec 'snappy'")]
    [InlineData("--chunks", "0,4", null, null, "not a positive integer")]
    [InlineData("--zarr-format", "4", null, null, "must be 2 or 3")]
    [InlineData("--shards", "15,60", null, null, "multiple of the chunk shape")]
    public async Task Copy_rejects_bad_options_with_a_message_and_exit_code_2(string option, string value, string? option2, string? value2, string message)
    {
        var source = await HierarchyAsync();
        string[] arguments = option2 is null
            ? ["copy", Path.Combine(source, "image"), PathOf("bad.zarr"), option, value]
            : ["copy", Path.Combine(source, "image"), PathOf("bad.zarr"), option, value, option2, value2!];
        var result = await TesseraProcess.RunAsync(arguments);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.DoesNotContain("   at ", result.Error); // a message, not a stack trace
    }

    [Fact]
    public async Task Copy_refuses_to_overwrite_unless_asked()
    {
        var source = await HierarchyAsync();
        var target = PathOf("twice.zarr");
        Assert.Equal(0, (await TesseraProcess.RunAsync("copy", source, target, "--quiet")).ExitCode);
        var again = await TesseraProcess.RunAsync("copy", source, target, "--quiet");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists", again.Error);
        Assert.Equal(0, (await TesseraProcess.RunAsync("copy", source, target, "--quiet", "--overwrite", "--codec", "gzip")).ExitCode);
    }

    [Fact]
    public async Task Damaged_and_missing_inputs_exit_1_with_the_key_in_the_message()
    {
        var source = await HierarchyAsync();
        var missing = await TesseraProcess.RunAsync("info", PathOf("nothing-here"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no such file or directory", missing.Error);

        var shard = Path.Combine(source, "image", "c", "1", "0");
        var bytes = await File.ReadAllBytesAsync(shard);
        await File.WriteAllBytesAsync(shard, bytes[..(bytes.Length / 2)]);
        var damaged = await TesseraProcess.RunAsync("checksum", Path.Combine(source, "image"));
        Assert.Equal(1, damaged.ExitCode);
        Assert.Contains("c/1/0", damaged.Error);
        Assert.Contains("sharding_indexed", damaged.Error);
        Assert.DoesNotContain("   at ", damaged.Error);

        await File.WriteAllTextAsync(Path.Combine(source, "flat", "zarr.json"), "{ broken");
        var info = await TesseraProcess.RunAsync("info", source);
        Assert.Equal(1, info.ExitCode);
        Assert.Contains("flat  (unreadable: flat/zarr.json: invalid JSON", info.Output);
        Assert.Contains("image  array", info.Output); // the rest of the tree still shows
    }

    [Fact]
    public async Task Demo_writes_an_image_that_info_and_checksum_read_and_rewrites_it_identically()
    {
        var demo = PathOf("demo.zarr");
        Assert.Equal(0, (await TesseraProcess.RunAsync("demo", "--image", demo)).ExitCode);
        var info = await TesseraProcess.RunAsync("info", demo);
        Assert.StartsWith("/  OME-NGFF 0.5 image", info.Output);
        var first = await TesseraProcess.RunAsync("checksum", Path.Combine(demo, "0"));
        var labels = await TesseraProcess.RunAsync("checksum", Path.Combine(demo, "labels", "cells", "2"));
        Assert.Equal(0, (await TesseraProcess.RunAsync("demo", "--image", demo)).ExitCode);
        var second = await TesseraProcess.RunAsync("checksum", Path.Combine(demo, "0"));
        Assert.StartsWith("sha256:", first.Output);
        Assert.StartsWith("sha256:", labels.Output);
        Assert.Equal(first.Output, second.Output); // deterministic
    }
}
