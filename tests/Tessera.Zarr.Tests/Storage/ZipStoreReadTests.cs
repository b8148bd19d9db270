using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Storage;

/// <summary>The readable-store contract on an archive written by <see cref="ZipStoreWriter"/>, committed and reopened.</summary>
public sealed class ZipStoreReadTests : ReadableStoreConformance, IDisposable
{
    private readonly TestDirectory _directory = new();
    private readonly List<ZipStore> _stores = [];

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        _directory.Dispose();
    }

    protected override async Task<IStore> CreateStoreAsync(IReadOnlyDictionary<string, byte[]> contents)
    {
        var path = _directory.Combine(Guid.NewGuid().ToString("N") + ".ozx");
        await ZipLayout.WriteAsync(path, contents);
        var store = ZipStore.Open(path);
        _stores.Add(store);
        return store;
    }

    [Fact]
    public async Task Listing_the_reopened_archive_matches_what_was_written()
    {
        var store = (ZipStore)await CreateStoreAsync(Sample);
        var keys = new List<string>();
        await foreach (var key in store.ListAsync())
        {
            keys.Add(key);
        }

        Assert.Equal(Sample.Keys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        Assert.Equal(Sample.Count, store.Count);
        var root = await store.ListDirectoryAsync("");
        Assert.Equal(new[] { "zarr.json" }, root.Keys);
        Assert.Equal(new[] { "a", "b", "µm" }, root.Prefixes);
        var c = await store.ListDirectoryAsync("a/c/");
        Assert.Empty(c.Keys);
        Assert.Equal(new[] { "0", "1" }, c.Prefixes);
        Assert.Equal(new[] { "a/c/0/0", "a/c/0/1" }, await ToListAsync(store.ListAsync("a/c/0/")));
        Assert.Empty(await ToListAsync(store.ListAsync("a/c/2/")));
    }

    private static async Task<List<string>> ToListAsync(IAsyncEnumerable<string> keys)
    {
        var list = new List<string>();
        await foreach (var key in keys)
        {
            list.Add(key);
        }

        return list;
    }
}
