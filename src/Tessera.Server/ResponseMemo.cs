using System.Collections.Concurrent;
using System.Diagnostics;

namespace Tessera.Server;

/// <summary>
/// A short-lived in-process memo of answers that are expensive to decide but cheap to repeat: a caller's warm
/// thumbnail (rights checked, settings resolved, cache file read) or where an image's Zarr keys live. Entries live
/// <see cref="Lifetime"/> at most — the bound on how stale a change made by another server process (a deletion, a
/// move into a private group, new rendering settings) can look here; changes made through this process clear the
/// image's entries at once. The catalogue and the thumbnail files remain the truth: this is only a shortcut.
/// </summary>
public sealed class ResponseMemo
{
    /// <summary>How long an entry is trusted.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(2);

    private const int MaxEntries = 16_384;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>A memoised answer: a body (small responses) or a file, with its validator and content type.</summary>
    public sealed record Entry(long ImageId, string ETag, string ContentType, byte[]? Body, string? Path, long ExpiresAt);

    /// <summary>The entry for <paramref name="key"/> if it is still fresh.</summary>
    public Entry? Find(string key) =>
        _entries.TryGetValue(key, out var entry) && entry.ExpiresAt > Stopwatch.GetTimestamp() ? entry : null;

    /// <summary>Remembers an answer for <see cref="Lifetime"/>.</summary>
    public void Remember(string key, long imageId, string etag, string contentType, byte[]? body, string? path)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[key] = new Entry(imageId, etag, contentType, body, path, Stopwatch.GetTimestamp() + (long)(Lifetime.TotalSeconds * Stopwatch.Frequency));
    }

    /// <summary>Forgets everything remembered about an image (its settings changed or it was deleted here).</summary>
    public void Forget(long imageId)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.ImageId == imageId)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    /// <summary>Forgets everything (a deletion or move may change many images' visibility).</summary>
    public void Clear() => _entries.Clear();
}
