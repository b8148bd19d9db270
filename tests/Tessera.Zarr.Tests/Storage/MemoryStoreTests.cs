using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Storage;

public sealed class MemoryStoreTests : WritableStoreConformance
{
    protected override Task<IWritableStore> CreateEmptyStoreAsync() => Task.FromResult<IWritableStore>(new MemoryStore());
}
