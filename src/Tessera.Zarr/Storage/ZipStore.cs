using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;
using Tessera.Zarr.Buffers;
using Tessera.Zarr.Checksums;

namespace Tessera.Zarr.Storage;

/// <summary>
/// A read-only store over a zip archive, such as a single-file OME-Zarr (<c>.ozx</c>): each file entry is a key.
/// Stored (uncompressed) entries are read by byte range straight from the file, so a shard's index and single
/// inner chunks cost one small read each; deflated entries are inflated whole, then the range is taken.
/// Use <see cref="Create"/> to write an archive.
/// </summary>
/// <remarks>
/// The central directory is read once by <see cref="Open"/>; the archive must not change while it is open.
/// Reads are positional, so concurrent reads never share a file position.
/// </remarks>
public sealed class ZipStore : IStore, IListableStore, IDisposable
{
    // Deflate cannot expand data by more than about 1032:1; a larger declared size is a corrupt field, and
    // checking it keeps a bad header from driving a huge allocation.
    private const long MaxDeflateRatio = 1032;

    private readonly string _path;
    private readonly SafeFileHandle _handle;
    private readonly ZipCentralDirectory _directory;
    private readonly long _fileLength;

    private ZipStore(string path, SafeFileHandle handle, ZipCentralDirectory directory, long fileLength)
    {
        _path = path;
        _handle = handle;
        _directory = directory;
        _fileLength = fileLength;
    }

    /// <inheritdoc />
    public string Location => _path;

    /// <summary>
    /// The archive comment (empty when there is none). An OME-Zarr zip file carries JSON here, such as
    /// <c>{"ome":{"version":"0.5"}}</c>.
    /// </summary>
    public string Comment => _directory.Comment;

    /// <summary>Number of keys (file entries; directory entries are not counted).</summary>
    public int Count => _directory.SortedKeys.Length;

    /// <summary>Opens an existing archive and reads its central directory.</summary>
    /// <exception cref="ZarrStoreException">The file cannot be read or is not a valid zip archive; the message names the file and the problem.</exception>
    public static ZipStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ZarrStoreException(fullPath, null, e.Message, e);
        }

        try
        {
            var fileLength = RandomAccess.GetLength(handle);
            return new ZipStore(fullPath, handle, ZipCentralDirectory.Read(handle, fullPath), fileLength);
        }
        catch (IOException e)
        {
            handle.Dispose();
            throw new ZarrStoreException(fullPath, null, e.Message, e);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts writing a new archive at <paramref name="path"/>. Nothing appears there until
    /// <see cref="ZipStoreWriter.CommitAsync"/>; an existing file stays untouched until then.
    /// </summary>
    public static ZipStoreWriter Create(string path) => ZipStoreWriter.Create(path);

    /// <inheritdoc />
    public async ValueTask<PooledBuffer?> GetAsync(string key, ByteRange range = default, CancellationToken cancellationToken = default)
    {
        StoreKey.Validate(key);
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (!_directory.Entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        try
        {
            CheckSupported(entry);
            var dataOffset = DataOffsetOf(entry);
            return entry.Method == ZipFormat.MethodStored
                ? await ReadStoredAsync(entry, dataOffset, range, cancellationToken).ConfigureAwait(false)
                : ReadDeflated(entry, dataOffset, range);
        }
        catch (IOException e)
        {
            throw new ZarrStoreException(_path, key, e.Message, e);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        StoreKey.Validate(key);
        return ValueTask.FromResult(_directory.Entries.ContainsKey(key));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListAsync(string prefix = "", [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        StoreKey.ValidatePrefix(prefix);
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var key in KeyListing.Range(_directory.SortedKeys, prefix))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return key;
        }
    }

    /// <inheritdoc />
    public ValueTask<StoreListing> ListDirectoryAsync(string prefix, CancellationToken cancellationToken = default)
    {
        StoreKey.ValidatePrefix(prefix);
        return ValueTask.FromResult(KeyListing.Directory(KeyListing.Range(_directory.SortedKeys, prefix), prefix));
    }

    /// <summary>Closes the archive file.</summary>
    public void Dispose() => _handle.Dispose();

    /// <inheritdoc />
    public override string ToString() => _path;

    private void CheckSupported(ZipEntry entry)
    {
        if (entry.IsEncrypted)
        {
            throw new ZarrStoreException(_path, entry.Name, $"the zip entry is encrypted, with compression method {entry.Method} ({ZipFormat.MethodName(entry.Method)}); encrypted entries are not supported");
        }

        if (entry.Method is not (ZipFormat.MethodStored or ZipFormat.MethodDeflated))
        {
            throw new ZarrStoreException(_path, entry.Name, $"the zip entry uses compression method {entry.Method} ({ZipFormat.MethodName(entry.Method)}); only stored (0) and deflate (8) are supported");
        }

        if (entry.Method == ZipFormat.MethodStored && entry.CompressedSize != entry.UncompressedSize)
        {
            throw Corrupt(entry, $"stored entry has {entry.CompressedSize} bytes of data but an uncompressed size of {entry.UncompressedSize}");
        }
    }

    /// <summary>The entry's data offset, from its local header (read once, then cached on the entry).</summary>
    private long DataOffsetOf(ZipEntry entry)
    {
        var cached = entry.DataOffset;
        if (cached >= 0)
        {
            return cached;
        }

        Span<byte> header = stackalloc byte[ZipFormat.LocalHeaderSize];
        ZipCentralDirectory.ReadExactly(_handle, header, entry.LocalHeaderOffset, _path, _fileLength, entry.Name);
        var signature = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (signature != ZipFormat.LocalHeaderSignature)
        {
            throw Corrupt(entry, $"local header at offset {entry.LocalHeaderOffset} has signature 0x{signature:X8}, expected 0x{ZipFormat.LocalHeaderSignature:X8}");
        }

        var dataOffset = entry.LocalHeaderOffset + ZipFormat.LocalHeaderSize
            + BinaryPrimitives.ReadUInt16LittleEndian(header[26..]) + BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
        if (dataOffset > _directory.Start - entry.CompressedSize)
        {
            throw Corrupt(entry, $"data at offset {dataOffset} ({entry.CompressedSize} bytes) runs past the start of the central directory at {_directory.Start}");
        }

        entry.DataOffset = dataOffset;
        return dataOffset;
    }

    private async ValueTask<PooledBuffer> ReadStoredAsync(ZipEntry entry, long dataOffset, ByteRange range, CancellationToken cancellationToken)
    {
        var (start, length) = range.Resolve(entry.UncompressedSize);
        var buffer = Rent(length, entry);
        try
        {
            var read = 0;
            while (read < buffer.Length)
            {
                // Small reads are synchronous: from the page cache the async path costs more than the read.
                var n = buffer.Length <= 1 << 20
                    ? RandomAccess.Read(_handle, buffer.Span[read..], dataOffset + start + read)
                    : await RandomAccess.ReadAsync(_handle, buffer.Memory[read..], dataOffset + start + read, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw Corrupt(entry, $"unexpected end of file at offset {dataOffset + start + read}: the archive was truncated after it was opened");
                }

                read += n;
            }

            // A whole value can be checked against its CRC at little cost; a range cannot.
            if (length == entry.UncompressedSize)
            {
                CheckCrc(entry, buffer.Span);
            }

            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    private PooledBuffer ReadDeflated(ZipEntry entry, long dataOffset, ByteRange range)
    {
        if (entry.UncompressedSize > entry.CompressedSize * MaxDeflateRatio + 1024)
        {
            throw Corrupt(entry, $"declares {entry.UncompressedSize} bytes inflated from {entry.CompressedSize} compressed bytes, more than deflate can produce");
        }

        using var compressed = Rent(entry.CompressedSize, entry);
        ZipCentralDirectory.ReadExactly(_handle, compressed.Span, dataOffset, _path, _fileLength, entry.Name);
        var inflated = Rent(entry.UncompressedSize, entry);
        try
        {
            using (var stream = new DeflateStream(new MemoryStream(compressed.RentedArray, 0, compressed.Length, writable: false), CompressionMode.Decompress))
            {
                var n = stream.ReadAtLeast(inflated.Span, inflated.Length, throwOnEndOfStream: false);
                if (n < inflated.Length)
                {
                    throw Corrupt(entry, $"deflate data inflates to {n} bytes, the central directory says {entry.UncompressedSize}");
                }

                if (stream.ReadByte() >= 0)
                {
                    throw Corrupt(entry, $"deflate data inflates to more than the {entry.UncompressedSize} bytes the central directory says");
                }
            }

            CheckCrc(entry, inflated.Span);
            var (start, length) = range.Resolve(inflated.Length);
            if (length == inflated.Length)
            {
                return inflated;
            }

            using (inflated)
            {
                return PooledBuffer.CopyOf(inflated.Span.Slice((int)start, (int)length));
            }
        }
        catch (InvalidDataException e)
        {
            inflated.Dispose();
            throw new ZarrStoreException(_path, entry.Name, $"corrupt zip archive: the entry's deflate data is invalid: {e.Message}", e);
        }
        catch
        {
            inflated.Dispose();
            throw;
        }
    }

    // The message is only built for the rare value too large for one buffer.
    private PooledBuffer Rent(long length, ZipEntry entry) =>
        length <= Array.MaxLength ? PooledBuffer.Rent((int)length) : PooledBuffer.Rent(length, $"{_path}: value '{entry.Name}'");

    private void CheckCrc(ZipEntry entry, ReadOnlySpan<byte> data)
    {
        var crc = Crc32.Compute(data);
        if (crc != entry.Crc32)
        {
            throw Corrupt(entry, $"CRC-32 of the data is 0x{crc:X8}, the central directory says 0x{entry.Crc32:X8}");
        }
    }

    private ZarrStoreException Corrupt(ZipEntry entry, string problem) => ZipCentralDirectory.Corrupt(_path, problem, entry.Name);
}
