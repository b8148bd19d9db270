using Tessera.Zarr.Buffers;

namespace Tessera.Zarr.Storage;

/// <summary>
/// A readable key-value store of Zarr keys (<c>/</c>-separated, no leading slash).
/// Writing and listing are separate capabilities: <see cref="IWritableStore"/>, <see cref="IListableStore"/>.
/// Implementations are safe for concurrent use.
/// </summary>
public interface IStore
{
    /// <summary>Describes the store for messages: a path or URL.</summary>
    string Location { get; }

    /// <summary>
    /// Reads a value, or a byte range of it. Returns null when the key does not exist; a range past the
    /// end of the value yields the bytes that exist (possibly none). The caller disposes the buffer.
    /// </summary>
    ValueTask<PooledBuffer?> GetAsync(string key, ByteRange range = default, CancellationToken cancellationToken = default);

    /// <summary>Tells whether a key exists.</summary>
    ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// How many chunk requests in flight suit this store: the processor count for local stores (decoding
    /// is the bottleneck), more for remote ones (latency is).
    /// </summary>
    int PreferredConcurrency => Environment.ProcessorCount;
}
