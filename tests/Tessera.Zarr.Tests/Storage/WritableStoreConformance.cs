using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Storage;

/// <summary>The contract every writable, listable store implementation must meet, on top of reading.</summary>
public abstract class WritableStoreConformance : ReadableStoreConformance
{
    /// <summary>Builds an empty writable store.</summary>
    protected abstract Task<IWritableStore> CreateEmptyStoreAsync();

    protected override async Task<IStore> CreateStoreAsync(IReadOnlyDictionary<string, byte[]> contents)
    {
        var store = await CreateEmptyStoreAsync();
        foreach (var (key, value) in contents)
        {
            await store.SetAsync(key, value);
        }

        return store;
    }

    [Fact]
    public async Task Set_then_get_round_trips_and_overwrites()
    {
        var store = await CreateEmptyStoreAsync();
        await store.SetAsync("x/y", new byte[] { 1, 2, 3 });
        await store.SetAsync("x/y", new byte[] { 9 });
        using var got = await store.GetAsync("x/y");
        Assert.Equal(new byte[] { 9 }, got!.Span.ToArray());
    }

    [Fact]
    public async Task Delete_removes_and_deleting_a_missing_key_is_fine()
    {
        var store = await CreateEmptyStoreAsync();
        await store.SetAsync("k", new byte[] { 1 });
        await store.DeleteAsync("k");
        Assert.False(await store.ExistsAsync("k"));
        Assert.Null(await store.GetAsync("k"));
        await store.DeleteAsync("k");
        await store.DeleteAsync("never/there");
    }

    [Fact]
    public async Task Writes_reject_keys_that_escape()
    {
        var store = await CreateEmptyStoreAsync();
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.SetAsync("../outside", new byte[] { 1 }));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.DeleteAsync("a/../../outside"));
    }

    [Fact]
    public async Task List_returns_every_key_under_a_prefix()
    {
        var store = Assert.IsAssignableFrom<IListableStore>(await CreateStoreAsync(Sample));
        var all = await Collect(store.ListAsync());
        Assert.Equal(Sample.Keys.Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
        var underA = await Collect(store.ListAsync("a/"));
        Assert.Equal(new[] { "a/c/0/0", "a/c/0/1", "a/c/1/0", "a/zarr.json" }, underA.Order(StringComparer.Ordinal));
        Assert.Empty(await Collect(store.ListAsync("none/")));
    }

    [Fact]
    public async Task List_directory_gives_one_level()
    {
        var store = Assert.IsAssignableFrom<IListableStore>(await CreateStoreAsync(Sample));
        var root = await store.ListDirectoryAsync("");
        Assert.Equal(new[] { "zarr.json" }, root.Keys);
        Assert.Equal(new[] { "a", "b", "µm" }, root.Prefixes);
        var a = await store.ListDirectoryAsync("a/");
        Assert.Equal(new[] { "zarr.json" }, a.Keys);
        Assert.Equal(new[] { "c" }, a.Prefixes);
        var c0 = await store.ListDirectoryAsync("a/c/0/");
        Assert.Equal(new[] { "0", "1" }, c0.Keys);
        Assert.Empty(c0.Prefixes);
    }

    [Fact]
    public async Task Concurrent_writes_of_distinct_keys_all_land()
    {
        var store = await CreateEmptyStoreAsync();
        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => store.SetAsync($"c/{i % 7}/{i}", BitConverter.GetBytes(i)).AsTask()));
        for (var i = 0; i < 100; i++)
        {
            using var got = await store.GetAsync($"c/{i % 7}/{i}");
            Assert.Equal(i, BitConverter.ToInt32(got!.Span));
        }
    }

    private static async Task<List<string>> Collect(IAsyncEnumerable<string> keys)
    {
        var list = new List<string>();
        await foreach (var key in keys)
        {
            list.Add(key);
        }

        return list;
    }
}
