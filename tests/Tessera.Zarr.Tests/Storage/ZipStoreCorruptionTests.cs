using System.Buffers.Binary;
using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Storage;

/// <summary>
/// Corrupt archives fail with a <see cref="ZarrStoreException"/> that names the file and says what is wrong:
/// never a crash, a hang or an allocation driven by a bad size field.
/// </summary>
public sealed class ZipStoreCorruptionTests : IDisposable
{
    private static readonly Dictionary<string, byte[]> Contents = new()
    {
        ["zarr.json"] = "{\"zarr_format\":3,\"node_type\":\"group\"}"u8.ToArray(),
        ["a/c/0"] = ZipStorePythonTests.RandomBytes(5000, 11),
        ["a/c/1"] = ZipStorePythonTests.RandomBytes(300, 12),
        ["b"] = ZipStorePythonTests.RandomBytes(10, 13),
    };

    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(21)]
    [InlineData(30)]
    [InlineData(2000)]
    [InlineData(-200)]
    [InlineData(-99)]
    [InlineData(-23)]
    [InlineData(-1)]
    public async Task Truncated_archives_fail_naming_the_file(int cut)
    {
        var file = await ValidArchiveAsync();
        var path = await SaveAsync(file[..(cut >= 0 ? cut : file.Length + cut)]);
        AssertOpenFails(path, null);
    }

    [Fact]
    public async Task An_archive_truncated_after_opening_fails_on_read_naming_file_and_key()
    {
        var path = await SaveAsync(await ValidArchiveAsync());
        using var store = ZipStore.Open(path);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            stream.SetLength(100); // inside the data of the second entry
        }

        var e = await Assert.ThrowsAsync<ZarrStoreException>(async () => await store.GetAsync("a/c/1"));
        Assert.Equal(path, e.Store);
        Assert.Equal("a/c/1", e.Key);
        Assert.Contains("end of file", e.Message);
    }

    [Fact]
    public async Task A_garbage_end_record_fails()
    {
        var file = await ValidArchiveAsync();
        var end = ZipLayout.End(file);
        new Random(1).NextBytes(file.AsSpan((int)end.Offset, 22));
        AssertOpenFails(await SaveAsync(file), "no end-of-central-directory record");
    }

    [Theory]
    [InlineData("directory offset", "runs past the end records")]
    [InlineData("directory size", "runs past the end records")]
    [InlineData("entry count", "the end record says 12345")]
    [InlineData("disk", "multi-part")]
    [InlineData("record signature", "bad ZIP64 end-of-central-directory signature")]
    [InlineData("locator offset", "points past the locator")]
    public async Task Corrupt_zip64_end_records_fail(string field, string expected)
    {
        var file = await ValidArchiveAsync();
        var record = (int)ZipLayout.End(file).Zip64RecordOffset!.Value;
        var span = file.AsSpan();
        switch (field)
        {
            case "directory offset":
                BinaryPrimitives.WriteUInt64LittleEndian(span[(record + 48)..], (ulong)file.Length + 10);
                break;
            case "directory size":
                BinaryPrimitives.WriteUInt64LittleEndian(span[(record + 40)..], 1UL << 62);
                break;
            case "entry count":
                BinaryPrimitives.WriteUInt64LittleEndian(span[(record + 32)..], 12345);
                break;
            case "disk":
                BinaryPrimitives.WriteUInt32LittleEndian(span[(record + 16)..], 3);
                break;
            case "record signature":
                BinaryPrimitives.WriteUInt32LittleEndian(span[record..], 0xDEADBEEF);
                break;
            default:
                BinaryPrimitives.WriteUInt64LittleEndian(span[(record + 56 + 8)..], (ulong)file.Length + 1000);
                break;
        }

        AssertOpenFails(await SaveAsync(file), expected);
    }

    [Fact]
    public async Task A_zip64_locator_with_no_room_for_its_record_fails()
    {
        // 42 bytes: a locator claiming a ZIP64 record at offset 0, then an empty end record.
        var file = new byte[20 + 22];
        BinaryPrimitives.WriteUInt32LittleEndian(file, ZipLayout.Zip64LocatorSignature);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(16), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(20), ZipLayout.EndSignature);
        AssertOpenFails(await SaveAsync(file), "points past the locator");
    }

    [Fact]
    public async Task A_classic_end_record_with_the_directory_past_the_end_fails()
    {
        var classic = WithoutZip64Records(await ValidArchiveAsync());
        using (var control = ZipStore.Open(await SaveAsync(classic)))
        {
            Assert.Equal(Contents.Count, control.Count); // the stripped archive is valid as it is
        }

        var end = (int)ZipLayout.End(classic).Offset;
        BinaryPrimitives.WriteUInt32LittleEndian(classic.AsSpan(end + 16), (uint)classic.Length + 50);
        AssertOpenFails(await SaveAsync(classic), "runs past the end records");

        BinaryPrimitives.WriteUInt32LittleEndian(classic.AsSpan(end + 16), uint.MaxValue);
        AssertOpenFails(await SaveAsync(classic), "no ZIP64 locator");
    }

    [Fact]
    public async Task A_bad_central_directory_signature_fails()
    {
        var file = await ValidArchiveAsync();
        var second = ZipLayout.CentralRecords(file)[1];
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan((int)second.Offset), 0x02014B51);
        AssertOpenFails(await SaveAsync(file), "central directory record 1");
    }

    [Fact]
    public async Task A_local_header_offset_past_the_end_fails()
    {
        var file = await ValidArchiveAsync();
        var record = ZipLayout.CentralRecords(file).Single(r => r.Name == "b");
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan((int)record.Offset + 42), (uint)file.Length + 5);
        AssertOpenFails(await SaveAsync(file), "entry 'b'");
    }

    [Fact]
    public async Task A_local_header_offset_into_other_data_fails_on_read_naming_the_key()
    {
        var file = await ValidArchiveAsync();
        var record = ZipLayout.CentralRecords(file).Single(r => r.Name == "b");
        var inside = ZipLayout.LocalEntries(file).Single(e => e.Name == "a/c/0").DataOffset + 100;
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan((int)record.Offset + 42), (uint)inside);
        var path = await SaveAsync(file);
        using var store = ZipStore.Open(path);
        var e = await Assert.ThrowsAsync<ZarrStoreException>(async () => await store.GetAsync("b"));
        Assert.Equal(path, e.Store);
        Assert.Equal("b", e.Key);
        Assert.Contains("local header", e.Message);
    }

    [Fact]
    public async Task A_local_header_whose_extra_field_runs_into_the_central_directory_fails_on_read()
    {
        var file = await ValidArchiveAsync();
        var local = ZipLayout.LocalEntries(file).Single(e => e.Name == "b");
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan((int)local.Offset + 28), 60000);
        var path = await SaveAsync(file);
        using var store = ZipStore.Open(path);
        var e = await Assert.ThrowsAsync<ZarrStoreException>(async () => await store.GetAsync("b"));
        Assert.Contains("runs past the start of the central directory", e.Message);
    }

    [Fact]
    public async Task Corrupted_stored_data_fails_whole_reads_by_crc_while_ranges_elsewhere_still_read()
    {
        var file = await ValidArchiveAsync();
        var entry = ZipLayout.LocalEntries(file).Single(e => e.Name == "a/c/0");
        file[entry.DataOffset + 4000] ^= 0xFF;
        var path = await SaveAsync(file);
        using var store = ZipStore.Open(path);

        var e = await Assert.ThrowsAsync<ZarrStoreException>(async () => await store.GetAsync("a/c/0"));
        Assert.Contains("CRC-32", e.Message);
        Assert.Contains(path, e.Message);

        // A range is read straight from its place in the file, so bytes outside it are never touched.
        using var range = await store.GetAsync("a/c/0", ByteRange.Slice(0, 3000));
        Assert.Equal(Contents["a/c/0"].AsSpan(0, 3000).ToArray(), range!.Span.ToArray());
    }

    [Fact]
    public async Task Corrupt_deflate_data_fails_naming_the_key()
    {
        var (file, path) = await DeflateArchiveAsync();
        var entry = ZipLayout.LocalEntries(file).Single(e => e.Name == "d/x");
        for (var i = 10; i < 40; i++)
        {
            file[entry.DataOffset + i] ^= 0x5A;
        }

        await File.WriteAllBytesAsync(path, file);
        using var store = ZipStore.Open(path);
        var e = await Assert.ThrowsAsync<ZarrStoreException>(async () => await store.GetAsync("d/x"));
        Assert.Equal("d/x", e.Key);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public async Task A_huge_declared_deflate_size_is_refused_without_allocating_it()
    {
        var (file, path) = await DeflateArchiveAsync();
        var record = ZipLayout.CentralRecords(file).Single(r => r.Name == "d/x");
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan((int)record.Offset + 24), 0x7FFF0000);
        await File.WriteAllBytesAsync(path, file);
        using var store = ZipStore.Open(path);
        var e = await Assert.ThrowsAsync<ZarrStoreException>(async () => await store.GetAsync("d/x"));
        Assert.Contains("more than deflate can produce", e.Message); // checked before any buffer is rented
    }

    [Fact]
    public async Task Encrypted_entries_are_refused_naming_the_entry_and_method()
    {
        var (file, path) = await DeflateArchiveAsync();
        var record = ZipLayout.CentralRecords(file).Single(r => r.Name == "d/x");
        file[record.Offset + 8] |= 0x01; // the "encrypted" flag
        await File.WriteAllBytesAsync(path, file);
        using var store = ZipStore.Open(path);
        var e = await Assert.ThrowsAsync<ZarrStoreException>(async () => await store.GetAsync("d/x"));
        Assert.Equal("d/x", e.Key);
        Assert.Contains("encrypted", e.Message);
        Assert.Contains("method 8 (deflate)", e.Message);
    }

    [Fact]
    public async Task Random_damage_to_the_directory_and_end_records_only_ever_yields_store_exceptions()
    {
        var original = await ValidArchiveAsync();
        var directoryStart = (int)ZipLayout.End(original).DirectoryOffset;
        var random = new Random(20260101);
        var failures = 0;
        for (var round = 0; round < 300; round++)
        {
            var file = (byte[])original.Clone();
            for (var k = random.Next(1, 5); k > 0; k--)
            {
                file[random.Next(directoryStart, file.Length)] = (byte)random.Next(256);
            }

            if (round % 5 == 0)
            {
                file = file[..random.Next(directoryStart, file.Length)];
            }

            var path = _directory.Combine("fuzz.zip");
            await File.WriteAllBytesAsync(path, file);
            try
            {
                await ReadEverythingAsync(path).WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (ZarrStoreException e)
            {
                Assert.Equal(path, e.Store);
                failures++;
            }
        }

        Assert.True(failures > 100, $"only {failures} of 300 damaged archives were rejected");
    }

    private static async Task ReadEverythingAsync(string path)
    {
        using var store = ZipStore.Open(path);
        await foreach (var key in store.ListAsync())
        {
            using var value = await store.GetAsync(key);
            using var range = await store.GetAsync(key, ByteRange.Slice(3, 7));
        }
    }

    private void AssertOpenFails(string path, string? expected)
    {
        var e = Assert.Throws<ZarrStoreException>(() => ZipStore.Open(path));
        Assert.Equal(path, e.Store);
        Assert.StartsWith(path + ": ", e.Message);
        if (expected is not null)
        {
            Assert.Contains(expected, e.Message);
        }
    }

    private async Task<byte[]> ValidArchiveAsync()
    {
        var path = _directory.Combine(Guid.NewGuid().ToString("N") + ".zip");
        await ZipLayout.WriteAsync(path, Contents);
        return await File.ReadAllBytesAsync(path);
    }

    private async Task<string> SaveAsync(byte[] file)
    {
        var path = _directory.Combine(Guid.NewGuid().ToString("N") + ".zip");
        await File.WriteAllBytesAsync(path, file);
        return path;
    }

    private async Task<(byte[] File, string Path)> DeflateArchiveAsync()
    {
        var path = _directory.Combine(Guid.NewGuid().ToString("N") + ".zip");
        await SystemPython.RunAsync(
            """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w") as z:
                z.writestr("zarr.json", b"{}")
                z.writestr("d/x", bytes((i * 7) % 13 for i in range(20000)), compress_type=zipfile.ZIP_DEFLATED)
            """,
            path);
        using (var store = ZipStore.Open(path))
        {
            using var control = await store.GetAsync("d/x");
            Assert.Equal(20000, control!.Length);
        }

        return (await File.ReadAllBytesAsync(path), path);
    }

    /// <summary>The same archive without its ZIP64 end record and locator: a valid classic archive.</summary>
    private static byte[] WithoutZip64Records(byte[] file)
    {
        var end = ZipLayout.End(file);
        return [.. file[..(int)end.Zip64RecordOffset!.Value], .. file[(int)end.Offset..]];
    }
}
