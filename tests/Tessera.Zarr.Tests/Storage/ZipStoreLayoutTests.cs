using System.Text;
using System.Text.Json.Nodes;
using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Storage;

/// <summary>The committed archive's layout: RFC-9 entry order, stored entries, ZIP64 end records, comment, determinism.</summary>
public sealed class ZipStoreLayoutTests : IDisposable
{
    private static readonly string[] ExpectedOrder =
    [
        "zarr.json",
        "image/zarr.json",
        "labels/zarr.json",
        "image/s0/zarr.json",
        "image/s1/zarr.json",
        "labels/cells/zarr.json",
        "v2/.zattrs",
        "v2/.zgroup",
        "v2/arr/.zarray",
        "a-loose-key",
        "image/s0/c/0/0",
        "image/s0/c/0/1",
        "image/s0/c/1/0",
        "image/s1/c/0/0",
        "labels/cells/c/0/0",
        "v2/arr/0.0",
    ];

    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Root_zarr_json_is_first_then_metadata_breadth_first_then_other_keys_sorted()
    {
        var path = _directory.Combine("order.ozx");
        await ZipLayout.WriteAsync(path, Scrambled(Contents()));
        var file = await File.ReadAllBytesAsync(path);

        // The physical order of the entries and the central directory order are both the RFC-9 order.
        Assert.Equal(ExpectedOrder, ZipLayout.LocalEntries(file).Select(e => e.Name));
        Assert.Equal(ExpectedOrder, ZipLayout.CentralRecords(file).Select(r => r.Name));
        Assert.Equal(0, ZipLayout.LocalEntries(file)[0].Offset);
    }

    [Fact]
    public async Task Every_entry_is_stored_with_its_crc_and_sizes_in_the_local_header()
    {
        var path = _directory.Combine("stored.ozx");
        var contents = Contents();
        await ZipLayout.WriteAsync(path, contents);
        var file = await File.ReadAllBytesAsync(path);
        var locals = ZipLayout.LocalEntries(file);
        Assert.Equal(contents.Count, locals.Count);
        foreach (var entry in locals)
        {
            var value = contents[entry.Name];
            Assert.Equal(0, entry.Method);
            Assert.Equal(0, entry.Flags & 0x0008); // no data descriptor: sizes and CRC are in the header
            Assert.Equal(0x0800, entry.Flags & 0x0800); // UTF-8 names
            Assert.Equal(value.Length, entry.Size);
            Assert.Equal(value.Length, entry.CompressedSize);
            Assert.Equal(ZipLayout.ReferenceCrc32(value), entry.Crc);
            Assert.Equal(value, file.AsSpan((int)entry.DataOffset, value.Length).ToArray());
        }

        Assert.All(ZipLayout.CentralRecords(file), record => Assert.Equal(0, record.Method));
    }

    [Fact]
    public async Task Zip64_end_records_are_written_even_for_a_small_archive()
    {
        var path = _directory.Combine("small.ozx");
        await ZipLayout.WriteAsync(path, new Dictionary<string, byte[]> { ["zarr.json"] = "{}"u8.ToArray() });
        var end = ZipLayout.End(await File.ReadAllBytesAsync(path));
        Assert.NotNull(end.Zip64RecordOffset);
        Assert.Equal(1, end.Count);
        Assert.Equal(1, end.Count16); // the classic record keeps the real values when they fit
        Assert.Equal((uint)end.DirectoryOffset, end.DirectoryOffset32);
    }

    [Fact]
    public async Task Same_content_gives_byte_identical_archives_whatever_the_write_order()
    {
        var contents = Contents();
        var first = _directory.Combine("first.ozx");
        await ZipLayout.WriteAsync(first, contents);

        // Different order, plus a replaced and a deleted value that must leave no trace.
        var second = _directory.Combine("second.ozx");
        await using (var writer = ZipStore.Create(second))
        {
            await writer.SetAsync("image/s0/c/0/0", new byte[5000]);
            await writer.SetAsync("deleted/key", new byte[] { 1, 2, 3 });
            foreach (var (key, value) in Scrambled(contents))
            {
                await writer.SetAsync(key, value);
            }

            await writer.DeleteAsync("deleted/key");
            await writer.CommitAsync();
        }

        Assert.Equal(await File.ReadAllBytesAsync(first), await File.ReadAllBytesAsync(second));
    }

    [Fact]
    public async Task Comment_declares_the_ome_version_from_the_root_metadata_and_json_first()
    {
        var path = _directory.Combine("ome.ozx");
        await ZipLayout.WriteAsync(path, Contents());
        using var store = ZipStore.Open(path);
        var comment = JsonNode.Parse(store.Comment)!;
        Assert.Equal("0.5", (string?)comment["ome"]!["version"]);
        Assert.True((bool?)comment["ome"]!["zipFile"]!["centralDirectory"]!["jsonFirst"]);
        Assert.Equal(store.Comment, ZipLayout.End(await File.ReadAllBytesAsync(path)).Comment);
    }

    [Fact]
    public async Task A_plain_zarr_hierarchy_gets_no_ome_comment()
    {
        var path = _directory.Combine("plain.zip");
        var contents = Contents();
        contents["zarr.json"] = "{\"zarr_format\":3,\"node_type\":\"group\",\"attributes\":{}}"u8.ToArray();
        await ZipLayout.WriteAsync(path, contents);
        using var store = ZipStore.Open(path);
        Assert.Equal("", store.Comment);
    }

    internal static Dictionary<string, byte[]> Contents()
    {
        var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, index) in ExpectedOrder.Select((key, index) => (key, index)))
        {
            contents[key] = Encoding.UTF8.GetBytes($"{{\"value\": {index}}}");
        }

        contents["zarr.json"] = Encoding.UTF8.GetBytes("{\"zarr_format\":3,\"node_type\":\"group\",\"attributes\":{\"ome\":{\"version\":\"0.5\"}}}");
        contents["image/s0/c/0/0"] = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31 + (i >> 9))).ToArray();
        contents["image/s0/c/1/0"] = [];
        return contents;
    }

    /// <summary>The same pairs in a fixed but unsorted order, so ordering is the writer's work.</summary>
    internal static IEnumerable<KeyValuePair<string, byte[]>> Scrambled(Dictionary<string, byte[]> contents) =>
        contents.OrderBy(pair => ZipLayout.ReferenceCrc32(Encoding.UTF8.GetBytes(pair.Key)));
}
