using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Storage;

/// <summary>The writer's lifecycle: nothing at the target before commit, atomic replacement, clean failure and retry.</summary>
public sealed class ZipStoreCommitTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_writer_disposed_without_commit_leaves_no_file_at_all()
    {
        var path = _directory.Combine("never.ozx");
        await using (var writer = ZipStore.Create(path))
        {
            await writer.SetAsync("zarr.json", "{}"u8.ToArray());
            await writer.SetAsync("big", new byte[3 << 20]);
            Assert.False(File.Exists(path));
        }

        Assert.False(File.Exists(path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory.Path)); // no spool, no .partial
    }

    [Fact]
    public async Task An_existing_file_is_untouched_until_commit_and_then_replaced_whole()
    {
        var path = _directory.Combine("existing.ozx");
        await ZipLayout.WriteAsync(path, new Dictionary<string, byte[]> { ["zarr.json"] = "{\"old\":1}"u8.ToArray() });
        var before = await File.ReadAllBytesAsync(path);

        await using (var abandoned = ZipStore.Create(path))
        {
            await abandoned.SetAsync("zarr.json", "{\"new\":1}"u8.ToArray());
        }

        Assert.Equal(before, await File.ReadAllBytesAsync(path));

        await using (var writer = ZipStore.Create(path))
        {
            await writer.SetAsync("zarr.json", "{\"new\":2}"u8.ToArray());
            await writer.SetAsync("c/0", new byte[] { 7 });
            Assert.Equal(before, await File.ReadAllBytesAsync(path));
            await writer.CommitAsync();
        }

        using var store = ZipStore.Open(path);
        using var root = await store.GetAsync("zarr.json");
        Assert.Equal("{\"new\":2}"u8.ToArray(), root!.Span.ToArray());
        Assert.True(await store.ExistsAsync("c/0"));
        Assert.Equal(new[] { "existing.ozx" }, Directory.EnumerateFileSystemEntries(_directory.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_cancelled_commit_writes_nothing_and_can_be_retried()
    {
        var path = _directory.Combine("retry.ozx");
        await using var writer = ZipStore.Create(path);
        await writer.SetAsync("zarr.json", "{}"u8.ToArray());
        await writer.SetAsync("c/0", new byte[2 << 20]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await writer.CommitAsync(new CancellationToken(canceled: true)));
        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".partial"));

        // Still writable: the failed commit changed nothing.
        await writer.SetAsync("c/1", new byte[] { 1 });
        await writer.CommitAsync();
        using var store = ZipStore.Open(path);
        Assert.Equal(3, store.Count);
    }

    [Fact]
    public async Task A_commit_that_fails_on_io_reports_the_archive_and_can_be_retried()
    {
        var path = _directory.Combine("blocked.ozx");
        Directory.CreateDirectory(path + ".partial"); // the commit cannot create its temporary file
        await using var writer = ZipStore.Create(path);
        await writer.SetAsync("zarr.json", "{}"u8.ToArray());

        var e = await Assert.ThrowsAsync<ZarrStoreException>(async () => await writer.CommitAsync());
        Assert.Equal(path, e.Store);
        Assert.False(File.Exists(path));

        Directory.Delete(path + ".partial");
        await writer.CommitAsync();
        using var store = ZipStore.Open(path);
        Assert.True(await store.ExistsAsync("zarr.json"));
    }

    [Fact]
    public async Task After_commit_or_dispose_the_writer_refuses_further_use()
    {
        var path = _directory.Combine("done.ozx");
        var writer = ZipStore.Create(path);
        await writer.SetAsync("k", new byte[] { 1 });
        await writer.CommitAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await writer.SetAsync("k", new byte[] { 2 }));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await writer.CommitAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await writer.GetAsync("k"));
        await writer.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await writer.GetAsync("k"));
        Assert.True(File.Exists(path));

        var abandoned = ZipStore.Create(_directory.Combine("abandoned.ozx"));
        await abandoned.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await abandoned.SetAsync("k", new byte[] { 1 }));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await abandoned.CommitAsync());
        Assert.False(File.Exists(_directory.Combine("abandoned.ozx")));
    }

    [Fact]
    public async Task Parallel_writes_and_reads_of_distinct_keys_all_land_in_the_archive()
    {
        var path = _directory.Combine("parallel.ozx");
        var values = Enumerable.Range(0, 64).ToDictionary(
            i => $"c/{i % 4}/{i}",
            i => ZipStorePythonTests.RandomBytes(i % 5 == 0 ? (1 << 20) + 4321 * i : 97 * i, i)); // some on the async path
        await using (var writer = ZipStore.Create(path))
        {
            await Parallel.ForEachAsync(values, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (pair, _) =>
            {
                await writer.SetAsync(pair.Key, pair.Value);
                using var back = await writer.GetAsync(pair.Key);
                Assert.Equal(pair.Value, back!.Span.ToArray());
            });
            Assert.Equal(values.Count, writer.Count);
            await writer.CommitAsync();
        }

        using var store = ZipStore.Open(path);
        foreach (var (key, value) in values)
        {
            using var got = await store.GetAsync(key);
            Assert.Equal(value, got!.Span.ToArray());
        }
    }

    [Fact]
    public async Task Replaced_values_read_back_new_and_only_the_last_version_is_archived()
    {
        var path = _directory.Combine("rmw.ozx");
        await using (var writer = ZipStore.Create(path))
        {
            await writer.SetAsync("c/0", new byte[] { 1, 2, 3, 4 });
            using (var old = await writer.GetAsync("c/0", ByteRange.Slice(1, 2)))
            {
                Assert.Equal(new byte[] { 2, 3 }, old!.Span.ToArray());
            }

            await writer.SetAsync("c/0", new byte[] { 9, 8 });
            using (var replaced = await writer.GetAsync("c/0"))
            {
                Assert.Equal(new byte[] { 9, 8 }, replaced!.Span.ToArray());
            }

            await writer.CommitAsync();
        }

        var file = await File.ReadAllBytesAsync(path);
        var entry = Assert.Single(ZipLayout.LocalEntries(file));
        Assert.Equal(2, entry.Size);
    }

    [Fact]
    public void Creating_a_writer_at_a_directory_path_is_a_caller_mistake()
    {
        Assert.Throws<ArgumentException>(() => ZipStore.Create(_directory.Path));
    }

    [Fact]
    public void Opening_a_missing_archive_fails_naming_the_file()
    {
        var path = _directory.Combine("missing.ozx");
        var e = Assert.Throws<ZarrStoreException>(() => ZipStore.Open(path));
        Assert.Equal(path, e.Store);
        Assert.Contains(path, e.Message);
    }
}
