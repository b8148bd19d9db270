using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using Tessera.Zarr.Buffers;

namespace Tessera.Zarr.Storage;

/// <summary>
/// A store on a local directory: each key is a file below the root. Writes go to a temporary file in the
/// same directory that is then renamed over the target, so a crash never leaves a half-written value.
/// </summary>
public sealed class FileSystemStore : IWritableStore, IListableStore
{
    /// <summary>Name prefix of in-flight temporary files; listings skip them.</summary>
    internal const string TemporaryPrefix = ".tessera-tmp-";

    private readonly string _root;

    /// <summary>Opens (without creating) the directory <paramref name="root"/> as a store.</summary>
    public FileSystemStore(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = Path.GetFullPath(root);
    }

    /// <summary>The absolute root directory.</summary>
    public string Root => _root;

    /// <inheritdoc />
    public string Location => _root;

    /// <inheritdoc />
    public async ValueTask<PooledBuffer?> GetAsync(string key, ByteRange range = default, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (UnauthorizedAccessException) when (Directory.Exists(path))
        {
            return null; // a directory is not a value
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ZarrStoreException(_root, key, e.Message, e);
        }

        using (handle)
        {
            long fileLength;
            try
            {
                fileLength = RandomAccess.GetLength(handle);
            }
            catch (IOException e)
            {
                throw new ZarrStoreException(_root, key, e.Message, e);
            }

            var (start, length) = range.Resolve(fileLength);
            var buffer = PooledBuffer.Rent(length, $"value '{key}'");
            try
            {
                var read = 0;
                while (read < buffer.Length)
                {
                    // Small values are read synchronously: the async path costs more than the read from page cache.
                    var n = buffer.Length <= 1 << 20
                        ? RandomAccess.Read(handle, buffer.Span[read..], start + read)
                        : await RandomAccess.ReadAsync(handle, buffer.Memory[read..], start + read, cancellationToken).ConfigureAwait(false);
                    if (n == 0)
                    {
                        break; // the file shrank under us: return what exists
                    }

                    read += n;
                }

                buffer.Truncate(read);
                return buffer;
            }
            catch (IOException e)
            {
                buffer.Dispose();
                throw new ZarrStoreException(_root, key, e.Message, e);
            }
            catch
            {
                buffer.Dispose();
                throw;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(File.Exists(PathOf(key)));

    /// <inheritdoc />
    public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        var directory = Path.GetDirectoryName(path)!;
        var temporary = Path.Combine(directory, TemporaryPrefix + Path.GetFileName(path) + "-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(directory);
            using (var handle = File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None, value.Length))
            {
                if (value.Length <= 1 << 20)
                {
                    RandomAccess.Write(handle, value.Span, 0);
                }
                else
                {
                    await RandomAccess.WriteAsync(handle, value, 0, cancellationToken).ConfigureAwait(false);
                }
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new ZarrStoreException(_root, key, e.Message, e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <inheritdoc />
    public ValueTask DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ZarrStoreException(_root, key, e.Message, e);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListAsync(string prefix = "", [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        StoreKey.ValidatePrefix(prefix);
        await Task.CompletedTask.ConfigureAwait(false);

        // A prefix is empty or ends with '/', so it names a directory: list below it.
        var slash = prefix.LastIndexOf('/');
        var directoryPrefix = slash < 0 ? "" : prefix[..(slash + 1)];
        var directory = directoryPrefix.Length == 0 ? _root : Path.Combine(_root, directoryPrefix.TrimEnd('/'));
        if (!Directory.Exists(directory))
        {
            yield break;
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        foreach (var file in Directory.EnumerateFiles(directory, "*", options))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Path.GetFileName(file).StartsWith(TemporaryPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var key = Path.GetRelativePath(_root, file).Replace(Path.DirectorySeparatorChar, '/');
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
        var directory = prefix.Length == 0 ? _root : Path.Combine(_root, prefix.TrimEnd('/'));
        if (!Directory.Exists(directory))
        {
            return ValueTask.FromResult(new StoreListing([], []));
        }

        var options = new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = 0 };
        var keys = Directory.EnumerateFiles(directory, "*", options)
            .Select(Path.GetFileName)
            .Where(name => !name!.StartsWith(TemporaryPrefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        var prefixes = Directory.EnumerateDirectories(directory, "*", options)
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .ToArray();
        return ValueTask.FromResult(new StoreListing(keys!, prefixes!));
    }

    /// <inheritdoc />
    public override string ToString() => _root;

    private string PathOf(string key)
    {
        StoreKey.Validate(key);
        return Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
