using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Tessera.Zarr.Buffers;

namespace Tessera.Zarr.Storage;

/// <summary>A store held in memory; values are copied in and out.</summary>
public sealed class MemoryStore : IWritableStore, IListableStore
{
    private readonly ConcurrentDictionary<string, byte[]> _values = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Location => "memory://";

    /// <summary>Number of keys held.</summary>
    public int Count => _values.Count;

    /// <summary>The keys currently held (a snapshot).</summary>
    public IReadOnlyCollection<string> Keys => _values.Keys.ToArray();

    /// <inheritdoc />
    public ValueTask<PooledBuffer?> GetAsync(string key, ByteRange range = default, CancellationToken cancellationToken = default)
    {
        StoreKey.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_values.TryGetValue(key, out var value))
        {
            return ValueTask.FromResult<PooledBuffer?>(null);
        }

        var (start, length) = range.Resolve(value.Length);
        return ValueTask.FromResult<PooledBuffer?>(PooledBuffer.CopyOf(value.AsSpan((int)start, (int)length)));
    }

    /// <inheritdoc />
    public ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        StoreKey.Validate(key);
        return ValueTask.FromResult(_values.ContainsKey(key));
    }

    /// <inheritdoc />
    public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        StoreKey.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        _values[key] = value.ToArray();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        StoreKey.Validate(key);
        _values.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListAsync(string prefix = "", [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        StoreKey.ValidatePrefix(prefix);
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var key in _values.Keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                yield return key;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<StoreListing> ListDirectoryAsync(string prefix, CancellationToken cancellationToken = default)
    {
        StoreKey.ValidatePrefix(prefix);
        return ValueTask.FromResult(KeyListing.Directory(_values.Keys, prefix));
    }
}
