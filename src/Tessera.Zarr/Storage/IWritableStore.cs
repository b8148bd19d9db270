namespace Tessera.Zarr.Storage;

/// <summary>A store that can write and delete keys. Each <see cref="SetAsync"/> replaces the value atomically.</summary>
public interface IWritableStore : IStore
{
    /// <summary>Writes a value, replacing any existing one. Readers see the old or the new value, never a mix.</summary>
    ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default);

    /// <summary>Deletes a key; deleting a missing key is not an error.</summary>
    ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default);
}
