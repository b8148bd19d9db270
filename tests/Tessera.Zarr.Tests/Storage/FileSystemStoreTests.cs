using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Storage;

public sealed class FileSystemStoreTests : WritableStoreConformance, IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    protected override Task<IWritableStore> CreateEmptyStoreAsync() =>
        Task.FromResult<IWritableStore>(new FileSystemStore(_directory.Combine(Guid.NewGuid().ToString("N"))));

    [Fact]
    public async Task Writes_leave_no_temporary_files_behind()
    {
        var root = _directory.Combine("clean");
        var store = new FileSystemStore(root);
        await store.SetAsync("a/b", new byte[] { 1, 2 });
        await store.SetAsync("a/b", new byte[] { 3 });
        Assert.Equal(new[] { "b" }, Directory.GetFiles(Path.Combine(root, "a")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_key_cannot_reach_outside_the_root()
    {
        var root = _directory.Combine("inside");
        var store = new FileSystemStore(root);
        await Assert.ThrowsAsync<ArgumentException>(async () => await store.SetAsync("../outside", new byte[] { 1 }));
        Assert.False(File.Exists(_directory.Combine("outside")));
    }
}
