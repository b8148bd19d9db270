using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Storage;

/// <summary>Interoperability with Python's <c>zipfile</c> (Debian's <c>/usr/bin/python3</c>), an independent implementation.</summary>
public sealed class ZipStorePythonTests : IDisposable
{
    // Writes argv[2:] files from directory argv[1]/src as "name:method" into argv[1]/out.zip, plus a directory
    // entry and a comment.
    private const string WriteArchive = """
        import os, sys, zipfile
        root = sys.argv[1]
        with zipfile.ZipFile(os.path.join(root, "out.zip"), "w") as z:
            z.comment = b"written by python"
            z.mkdir("a/")
            for spec in sys.argv[2:]:
                name, method = spec.rsplit(":", 1)
                z.write(os.path.join(root, "src", name), name, compress_type=int(method))
        """;

    // Checks an archive with testzip and prints {name: [sha256, compress_type, flag_bits]} and the comment.
    private const string Inspect = """
        import hashlib, json, sys, zipfile
        with zipfile.ZipFile(sys.argv[1]) as z:
            assert z.testzip() is None, "testzip found a bad entry"
            print(json.dumps({
                "entries": {i.filename: [hashlib.sha256(z.read(i)).hexdigest(), i.compress_type, i.flag_bits] for i in z.infolist()},
                "order": [i.filename for i in z.infolist()],
                "comment": z.comment.decode("utf-8"),
            }))
        """;

    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Reads_an_archive_with_deflate_entries_written_by_python_including_ranges()
    {
        var values = new Dictionary<string, byte[]>
        {
            ["zarr.json"] = Encoding.UTF8.GetBytes("{\"zarr_format\": 3, \"node_type\": \"group\"}"),
            ["a/c/0/0"] = Enumerable.Range(0, 200_000).Select(i => (byte)(i % 251 ^ (i >> 11))).ToArray(),
            ["a/c/0/1"] = RandomBytes(5000, 3),
            ["stored/raw"] = RandomBytes(3000, 4),
            ["a/empty"] = [],
        };
        var archive = await PythonArchiveAsync(values, name => name == "stored/raw" ? 0 : 8);

        using var store = ZipStore.Open(archive);
        Assert.Equal("written by python", store.Comment);
        foreach (var (key, value) in values)
        {
            using var whole = await store.GetAsync(key);
            Assert.Equal(value, whole!.Span.ToArray());
        }

        var big = values["a/c/0/0"];
        using (var slice = await store.GetAsync("a/c/0/0", ByteRange.Slice(123_456, 1000)))
        {
            Assert.Equal(big.AsSpan(123_456, 1000).ToArray(), slice!.Span.ToArray());
        }

        using (var suffix = await store.GetAsync("a/c/0/0", ByteRange.Suffix(77)))
        {
            Assert.Equal(big[^77..], suffix!.Span.ToArray());
        }

        using (var from = await store.GetAsync("a/c/0/1", ByteRange.From(4990)))
        {
            Assert.Equal(values["a/c/0/1"][4990..], from!.Span.ToArray());
        }

        using (var stored = await store.GetAsync("stored/raw", ByteRange.Slice(10, 20)))
        {
            Assert.Equal(values["stored/raw"].AsSpan(10, 20).ToArray(), stored!.Span.ToArray());
        }

        // The directory entry "a/" is not a key, but "a" still lists as a prefix.
        Assert.Null(await store.GetAsync("a"));
        var root = await store.ListDirectoryAsync("");
        Assert.Equal(new[] { "zarr.json" }, root.Keys);
        Assert.Equal(new[] { "a", "stored" }, root.Prefixes);
        Assert.Equal(values.Count, store.Count);
    }

    [Theory]
    [InlineData(12, "bzip2")]
    [InlineData(14, "lzma")]
    public async Task Entries_with_other_methods_fail_naming_the_entry_and_the_method(int method, string methodName)
    {
        var values = new Dictionary<string, byte[]> { ["zarr.json"] = "{}"u8.ToArray(), ["x/chunk"] = RandomBytes(100, 1) };
        var archive = await PythonArchiveAsync(values, name => name == "x/chunk" ? method : 0);
        using var store = ZipStore.Open(archive);

        using (var fine = await store.GetAsync("zarr.json"))
        {
            Assert.Equal("{}"u8.ToArray(), fine!.Span.ToArray());
        }

        Assert.True(await store.ExistsAsync("x/chunk"));
        var e = await Assert.ThrowsAsync<ZarrStoreException>(async () => await store.GetAsync("x/chunk"));
        Assert.Equal("x/chunk", e.Key);
        Assert.Contains("x/chunk", e.Message);
        Assert.Contains($"method {method} ({methodName})", e.Message);
        Assert.Contains(archive, e.Message);
    }

    [Fact]
    public async Task An_archive_written_by_tessera_passes_python_testzip_with_equal_names_and_bytes()
    {
        var path = _directory.Combine("tessera.ozx");
        var contents = ZipStoreLayoutTests.Contents();
        contents["µm/ünïcode"] = "unicode"u8.ToArray();
        contents["big/value"] = RandomBytes(3 << 20, 9); // crosses the writer's 1 MiB buffer
        await ZipLayout.WriteAsync(path, ZipStoreLayoutTests.Scrambled(contents));

        var report = JsonNode.Parse(await SystemPython.RunAsync(Inspect, path))!;
        var entries = report["entries"]!.AsObject();
        Assert.Equal(contents.Keys.Order(StringComparer.Ordinal), entries.Select(e => e.Key).Order(StringComparer.Ordinal));
        foreach (var (name, info) in entries)
        {
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(contents[name])), (string?)info![0]);
            Assert.Equal(0, (int)info[1]!); // ZIP_STORED
            Assert.Equal(0x800, (int)info[2]! & 0x808); // UTF-8 names, no data descriptor
        }

        Assert.Equal("zarr.json", (string?)report["order"]![0]);
        Assert.Equal("0.5", (string?)JsonNode.Parse((string)report["comment"]!)!["ome"]!["version"]);
    }

    [Fact]
    public async Task Seventy_thousand_entries_use_the_zip64_count_and_read_back_in_tessera_and_python()
    {
        const int count = 70_000;
        var path = _directory.Combine("many.zip");
        await using (var writer = ZipStore.Create(path))
        {
            await writer.SetAsync("zarr.json", "{}"u8.ToArray());
            for (var i = 0; i < count; i++)
            {
                await writer.SetAsync($"c/{i / 1000}/{i % 1000}", BitConverter.GetBytes(i));
            }

            await writer.CommitAsync();
        }

        var end = ZipLayout.End(await File.ReadAllBytesAsync(path));
        Assert.Equal(0xFFFF, end.Count16); // the classic field cannot hold it: only the ZIP64 record does
        Assert.Equal(count + 1, end.Count);

        using (var store = ZipStore.Open(path))
        {
            Assert.Equal(count + 1, store.Count);
            foreach (var i in new[] { 0, 1, 65_534, 65_535, 65_536, count - 1 })
            {
                using var value = await store.GetAsync($"c/{i / 1000}/{i % 1000}");
                Assert.Equal(i, BitConverter.ToInt32(value!.Span));
            }

            Assert.Equal(70, (await store.ListDirectoryAsync("c/")).Prefixes.Count);
        }

        var python = await SystemPython.RunAsync(
            """
            import struct, sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as z:
                assert z.testzip() is None
                names = z.namelist()
                assert all(struct.unpack("<i", z.read(f"c/{i // 1000}/{i % 1000}"))[0] == i for i in range(0, 70000, 997))
                print(len(names), names[0])
            """,
            path);
        Assert.Equal($"{count + 1} zarr.json", python.Trim());
    }

    [Fact]
    public async Task Zip64_size_and_offset_fields_are_written_and_read_by_both_sides()
    {
        // A threshold of 64 bytes sends every larger size and every later offset through the ZIP64 fields that
        // real archives need past 4 GiB: the same code path, without writing 4 GiB.
        var path = _directory.Combine("zip64.ozx");
        var contents = ZipStoreLayoutTests.Contents();
        await ZipLayout.WriteAsync(path, contents, zip64Threshold: 64);

        var file = await File.ReadAllBytesAsync(path);
        var records = ZipLayout.CentralRecords(file);
        Assert.Contains(records, r => r.LocalOffset32 == uint.MaxValue);
        Assert.Contains(records, r => r.Size32 == uint.MaxValue && r.CompressedSize32 == uint.MaxValue);
        Assert.Contains(ZipLayout.LocalEntries(file), e => e.ExtraLength == 20 && e.Version == 45);
        var end = ZipLayout.End(file);
        Assert.Equal(uint.MaxValue, end.DirectoryOffset32);
        Assert.Equal(uint.MaxValue, end.DirectorySize32);

        using (var store = ZipStore.Open(path))
        {
            foreach (var (key, value) in contents)
            {
                using var got = await store.GetAsync(key);
                Assert.Equal(value, got!.Span.ToArray());
            }

            using var range = await store.GetAsync("image/s0/c/0/0", ByteRange.Slice(60_000, 100));
            Assert.Equal(contents["image/s0/c/0/0"].AsSpan(60_000, 100).ToArray(), range!.Span.ToArray());
        }

        var report = JsonNode.Parse(await SystemPython.RunAsync(Inspect, path))!;
        foreach (var (name, info) in report["entries"]!.AsObject())
        {
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(contents[name])), (string?)info![0]);
        }
    }

    [Fact]
    public async Task Offsets_past_4_GiB_are_read_from_a_sparse_archive()
    {
        // A hand-built archive whose only entry starts at 5 GiB: the gap is a hole in a sparse file, so it costs
        // no disk and no time, yet every offset the reader handles needs 64 bits.
        const long entryOffset = 5L << 30;
        var path = _directory.Combine("sparse.zip");
        var name = "far/away"u8.ToArray();
        var data = RandomBytes(10_000, 5);
        using (var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write))
        {
            var local = new byte[30 + name.Length];
            BinaryPrimitives.WriteUInt32LittleEndian(local, ZipLayout.LocalSignature);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(4), 45);
            BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(14), ZipLayout.ReferenceCrc32(data));
            BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(18), (uint)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(local.AsSpan(22), (uint)data.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(local.AsSpan(26), (ushort)name.Length);
            name.CopyTo(local, 30);
            RandomAccess.Write(handle, local, entryOffset);
            RandomAccess.Write(handle, data, entryOffset + local.Length);

            var directoryOffset = entryOffset + local.Length + data.Length;
            var central = new byte[46 + name.Length + 12];
            BinaryPrimitives.WriteUInt32LittleEndian(central, ZipLayout.CentralSignature);
            BinaryPrimitives.WriteUInt16LittleEndian(central.AsSpan(4), 45);
            BinaryPrimitives.WriteUInt16LittleEndian(central.AsSpan(6), 45);
            BinaryPrimitives.WriteUInt32LittleEndian(central.AsSpan(16), ZipLayout.ReferenceCrc32(data));
            BinaryPrimitives.WriteUInt32LittleEndian(central.AsSpan(20), (uint)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(central.AsSpan(24), (uint)data.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(central.AsSpan(28), (ushort)name.Length);
            BinaryPrimitives.WriteUInt16LittleEndian(central.AsSpan(30), 12);
            BinaryPrimitives.WriteUInt32LittleEndian(central.AsSpan(42), uint.MaxValue);
            name.CopyTo(central, 46);
            BinaryPrimitives.WriteUInt16LittleEndian(central.AsSpan(46 + name.Length), 1);
            BinaryPrimitives.WriteUInt16LittleEndian(central.AsSpan(48 + name.Length), 8);
            BinaryPrimitives.WriteUInt64LittleEndian(central.AsSpan(50 + name.Length), (ulong)entryOffset);
            RandomAccess.Write(handle, central, directoryOffset);

            var recordOffset = directoryOffset + central.Length;
            var end = new byte[56 + 20 + 22];
            BinaryPrimitives.WriteUInt32LittleEndian(end, ZipLayout.Zip64EndSignature);
            BinaryPrimitives.WriteUInt64LittleEndian(end.AsSpan(4), 44);
            BinaryPrimitives.WriteUInt64LittleEndian(end.AsSpan(24), 1);
            BinaryPrimitives.WriteUInt64LittleEndian(end.AsSpan(32), 1);
            BinaryPrimitives.WriteUInt64LittleEndian(end.AsSpan(40), (ulong)central.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(end.AsSpan(48), (ulong)directoryOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(56), ZipLayout.Zip64LocatorSignature);
            BinaryPrimitives.WriteUInt64LittleEndian(end.AsSpan(64), (ulong)recordOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(72), 1);
            BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(76), ZipLayout.EndSignature);
            BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(84), 1);
            BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(86), 1);
            BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(88), (uint)central.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(92), uint.MaxValue);
            RandomAccess.Write(handle, end, recordOffset);
        }

        Assert.True(new FileInfo(path).Length > entryOffset);
        using (var store = ZipStore.Open(path))
        {
            using var whole = await store.GetAsync("far/away");
            Assert.Equal(data, whole!.Span.ToArray());
            using var range = await store.GetAsync("far/away", ByteRange.Slice(9000, 500));
            Assert.Equal(data.AsSpan(9000, 500).ToArray(), range!.Span.ToArray());
        }

        // Python agrees the hand-built archive is valid, so the test is not checking the reader against itself.
        var python = await SystemPython.RunAsync(
            """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1]) as z:
                i = z.getinfo("far/away")
                assert z.testzip() is None
                print(i.header_offset)
            """,
            path);
        Assert.Equal(entryOffset.ToString(System.Globalization.CultureInfo.InvariantCulture), python.Trim());
    }

    private async Task<string> PythonArchiveAsync(Dictionary<string, byte[]> values, Func<string, int> method)
    {
        var root = _directory.Combine(Guid.NewGuid().ToString("N"));
        foreach (var (key, value) in values)
        {
            var file = Path.Combine(root, "src", key);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllBytesAsync(file, value);
        }

        await SystemPython.RunAsync(WriteArchive, [root, .. values.Keys.Select(key => $"{key}:{method(key)}")]);
        return Path.Combine(root, "out.zip");
    }

    internal static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
