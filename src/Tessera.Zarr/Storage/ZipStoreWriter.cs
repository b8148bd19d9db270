using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Tessera.Zarr.Buffers;
using Tessera.Zarr.Checksums;

namespace Tessera.Zarr.Storage;

/// <summary>
/// Writes a zip archive (such as a single-file OME-Zarr, <c>.ozx</c>) as a store. Values are appended to a
/// temporary spool file next to the target as they arrive, so memory stays small for images of any size, and
/// they can be read back, listed, replaced and deleted before the archive is finished (a Zarr writer
/// read-modify-writes partial chunks). <see cref="CommitAsync"/> writes the archive in RFC-9 layout (metadata
/// first, every entry stored) to <c>&lt;path&gt;.partial</c>, flushes it to disk and renames it over the target.
/// Disposing without committing leaves no file at the target and any previous file there untouched.
/// </summary>
/// <remarks>
/// Safe for concurrent <see cref="SetAsync"/>, <see cref="GetAsync"/> and <see cref="DeleteAsync"/> of distinct
/// keys. Replaced and deleted values still occupy the spool until the writer is done; only live values reach
/// the archive. Create one with <see cref="ZipStore.Create"/>.
/// </remarks>
public sealed class ZipStoreWriter : IWritableStore, IListableStore, IAsyncDisposable
{
    // Spool IO up to this size is synchronous: the async path costs more than a page-cache read or write.
    private const int SynchronousLimit = 1 << 20;

    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly SafeFileHandle _spool;
    private readonly Dictionary<string, SpooledEntry> _values = new(StringComparer.Ordinal);
    private long _spoolLength;
    private int _writesInFlight;
    private State _state;

    private ZipStoreWriter(string path, SafeFileHandle spool)
    {
        _path = path;
        _spool = spool;
    }

    private enum State
    {
        Open,
        Committing,
        Committed,
        Disposed,
    }

    /// <summary>The path of the archive being written.</summary>
    public string Location => _path;

    /// <summary>Number of keys currently held.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _values.Count;
            }
        }
    }

    /// <summary>
    /// Sizes and offsets at or above this are written with ZIP64 fields. The format's limit is 0xFFFFFFFF; tests
    /// lower it to exercise the ZIP64 paths without writing 4 GiB.
    /// </summary>
    internal long Zip64Threshold { get; set; } = ZipFormat.Sentinel32;

    /// <inheritdoc />
    public async ValueTask<PooledBuffer?> GetAsync(string key, ByteRange range = default, CancellationToken cancellationToken = default)
    {
        StoreKey.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        SpooledEntry value;
        lock (_gate)
        {
            ThrowIfFinished();
            if (!_values.TryGetValue(key, out value))
            {
                return null;
            }
        }

        // Spool regions are never rewritten (a new value gets a new region), so this read needs no lock.
        var (start, length) = range.Resolve(value.Length);
        var buffer = PooledBuffer.Rent((int)length);
        try
        {
            var read = 0;
            while (read < buffer.Length)
            {
                var n = buffer.Length <= SynchronousLimit
                    ? RandomAccess.Read(_spool, buffer.Span[read..], value.Offset + start + read)
                    : await RandomAccess.ReadAsync(_spool, buffer.Memory[read..], value.Offset + start + read, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new ZarrStoreException(_path, key, $"the spool file ended at offset {value.Offset + start + read}, inside this value");
                }

                read += n;
            }

            return buffer;
        }
        catch (IOException e)
        {
            buffer.Dispose();
            throw new ZarrStoreException(_path, key, e.Message, e);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        StoreKey.Validate(key);
        lock (_gate)
        {
            ThrowIfFinished();
            return ValueTask.FromResult(_values.ContainsKey(key));
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The key is not valid, or longer than a zip entry name can be (65,535 UTF-8 bytes).</exception>
    public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        StoreKey.Validate(key);
        if (Encoding.UTF8.GetByteCount(key) > ZipFormat.MaxFieldLength)
        {
            throw new ArgumentException($"store key '{key[..40]}…' is longer than a zip entry name can be ({ZipFormat.MaxFieldLength} UTF-8 bytes)", nameof(key));
        }

        cancellationToken.ThrowIfCancellationRequested();
        long offset;
        lock (_gate)
        {
            ThrowIfNotWritable();
            offset = _spoolLength;
            _spoolLength += value.Length;
            _writesInFlight++;
        }

        try
        {
            var crc = Crc32.Compute(value.Span);
            if (value.Length <= SynchronousLimit)
            {
                RandomAccess.Write(_spool, value.Span, offset);
            }
            else
            {
                await RandomAccess.WriteAsync(_spool, value, offset, cancellationToken).ConfigureAwait(false);
            }

            lock (_gate)
            {
                // Published only once the bytes are in place: readers see the old value or the new one, whole.
                _values[key] = new SpooledEntry(key, offset, value.Length, crc);
            }
        }
        catch (IOException e)
        {
            throw new ZarrStoreException(_path, key, e.Message, e);
        }
        finally
        {
            lock (_gate)
            {
                _writesInFlight--;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        StoreKey.Validate(key);
        lock (_gate)
        {
            ThrowIfNotWritable();
            _values.Remove(key);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListAsync(string prefix = "", [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        StoreKey.ValidatePrefix(prefix);
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var key in Snapshot(prefix))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return key;
        }
    }

    /// <inheritdoc />
    public ValueTask<StoreListing> ListDirectoryAsync(string prefix, CancellationToken cancellationToken = default)
    {
        StoreKey.ValidatePrefix(prefix);
        return ValueTask.FromResult(KeyListing.Directory(Snapshot(prefix), prefix));
    }

    /// <summary>
    /// Writes the archive: <c>&lt;path&gt;.partial</c> first, flushed to disk, then renamed over the target in one
    /// step, so readers of the target see the previous file or the complete new one. The writer is finished
    /// afterwards. If the commit fails (or is cancelled), nothing changes at the target and it may be retried.
    /// </summary>
    /// <exception cref="InvalidOperationException">Writes are still in flight, or the writer is already committed or disposed.</exception>
    /// <exception cref="ZarrStoreException">The archive could not be written.</exception>
    public async ValueTask CommitAsync(CancellationToken cancellationToken = default)
    {
        SpooledEntry[] entries;
        lock (_gate)
        {
            ThrowIfNotWritable();
            if (_writesInFlight > 0)
            {
                throw new InvalidOperationException($"{_path}: {_writesInFlight} writes are still in flight; await them before committing");
            }

            _state = State.Committing;
            entries = [.. _values.Values];
        }

        var partial = _path + ".partial";
        try
        {
            ZipEntryOrder.Sort(entries);
            var comment = await CommentAsync(entries, cancellationToken).ConfigureAwait(false);
            using (var output = File.OpenHandle(partial, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await ZipArchiveWriter.WriteAsync(output, _spool, entries, comment, Zip64Threshold, cancellationToken).ConfigureAwait(false);
                RandomAccess.FlushToDisk(output);
            }

            File.Move(partial, _path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            AbandonCommit(partial);
            throw new ZarrStoreException(_path, null, $"could not write the archive: {e.Message}", e);
        }
        catch
        {
            AbandonCommit(partial);
            throw;
        }

        lock (_gate)
        {
            if (_state == State.Committing)
            {
                _state = State.Committed; // a dispose that raced with the commit keeps the writer disposed
            }
        }

        _spool.Dispose();
    }

    /// <summary>Releases the spool. Without a prior <see cref="CommitAsync"/>, nothing is written to the target.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _state = State.Disposed;
        }

        _spool.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override string ToString() => _path;

    internal static ZipStoreWriter Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new ArgumentException($"'{fullPath}' is a directory, not a file path for an archive", nameof(path));
        }

        var directory = Path.GetDirectoryName(fullPath)!;
        var spoolPath = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.spool");
        try
        {
            Directory.CreateDirectory(directory);
            var spool = File.OpenHandle(spoolPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
            if (!OperatingSystem.IsWindows())
            {
                // Unlinked at once, the open handle keeps the space: nothing is left behind even if the process dies.
                File.Delete(spoolPath);
            }

            return new ZipStoreWriter(fullPath, spool);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ZarrStoreException(fullPath, null, $"could not create the spool file '{spoolPath}': {e.Message}", e);
        }
    }

    /// <summary>The RFC-9 comment, derived from the root <c>zarr.json</c> (see <see cref="OmeZipComment"/>).</summary>
    private async ValueTask<byte[]> CommentAsync(SpooledEntry[] sorted, CancellationToken cancellationToken)
    {
        if (sorted.Length == 0 || sorted[0].Key != "zarr.json")
        {
            return [];
        }

        var seenOther = false;
        var jsonFirst = true;
        foreach (var entry in sorted)
        {
            var isZarrJson = ZipEntryOrder.IsZarrJson(entry.Key);
            jsonFirst &= !(isZarrJson && seenOther);
            seenOther |= !isZarrJson;
        }

        using var root = PooledBuffer.Rent(sorted[0].Length);
        var read = 0;
        while (read < root.Length)
        {
            var n = await RandomAccess.ReadAsync(_spool, root.Memory[read..], sorted[0].Offset + read, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return OmeZipComment.FromRootMetadata(root.Span[..read], jsonFirst);
    }

    private void AbandonCommit(string partial)
    {
        try
        {
            File.Delete(partial);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        lock (_gate)
        {
            if (_state == State.Committing)
            {
                _state = State.Open; // a failed commit can be retried; a concurrent dispose stays disposed
            }
        }
    }

    private List<string> Snapshot(string prefix)
    {
        lock (_gate)
        {
            ThrowIfFinished();
            return [.. _values.Keys.Where(key => key.StartsWith(prefix, StringComparison.Ordinal))];
        }
    }

    private void ThrowIfFinished()
    {
        ObjectDisposedException.ThrowIf(_state == State.Disposed, this);
        if (_state == State.Committed)
        {
            throw new InvalidOperationException($"{_path}: the archive is committed; open it with ZipStore.Open to read it");
        }
    }

    private void ThrowIfNotWritable()
    {
        ThrowIfFinished();
        if (_state == State.Committing)
        {
            throw new InvalidOperationException($"{_path}: the archive is being committed");
        }
    }
}
