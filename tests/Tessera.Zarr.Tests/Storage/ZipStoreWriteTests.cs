using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Storage;

/// <summary>The writable-store contract on a <see cref="ZipStoreWriter"/> before commit: it reads its own writes.</summary>
public sealed class ZipStoreWriteTests : WritableStoreConformance, IAsyncLifetime
{
    private readonly TestDirectory _directory = new();
    private readonly List<ZipStoreWriter> _writers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var writer in _writers)
        {
            await writer.DisposeAsync();
        }

        _directory.Dispose();
    }

    protected override Task<IWritableStore> CreateEmptyStoreAsync()
    {
        var writer = ZipStore.Create(_directory.Combine(Guid.NewGuid().ToString("N") + ".ozx"));
        _writers.Add(writer);
        return Task.FromResult<IWritableStore>(writer);
    }
}
