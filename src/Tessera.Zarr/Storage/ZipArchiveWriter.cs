using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Tessera.Zarr.Storage;

/// <summary>
/// Writes a complete archive in one sequential pass: for each value a local header with its final CRC and
/// sizes (no data descriptors) followed by the bytes copied from the spool, then the central directory in the
/// same order, the ZIP64 end record and locator, and the classic end record with the comment. Every entry is
/// stored (method 0). Output goes through one pooled buffer, so memory stays flat whatever the archive size.
/// </summary>
internal sealed class ZipArchiveWriter : IDisposable
{
    private const int BufferSize = 1 << 20;

    // Reads from the spool below this size are synchronous: the async path costs more than a page-cache read.
    private const int SynchronousReadLimit = 64 << 10;

    private readonly SafeFileHandle _output;
    private readonly long _zip64Threshold;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _used;
    private long _flushed;

    private ZipArchiveWriter(SafeFileHandle output, long zip64Threshold)
    {
        _output = output;
        _zip64Threshold = zip64Threshold;
    }

    private long Position => _flushed + _used;

    /// <summary>
    /// Writes the archive of <paramref name="items"/> (already in archive order) to <paramref name="output"/>.
    /// Values at or above <paramref name="zip64Threshold"/> (sizes, offsets) are written through ZIP64 fields;
    /// the real limit is 0xFFFFFFFF, tests lower it to exercise the ZIP64 paths without writing 4 GiB.
    /// </summary>
    public static async ValueTask WriteAsync(SafeFileHandle output, SafeFileHandle spool, IReadOnlyList<SpooledEntry> items, byte[] comment, long zip64Threshold, CancellationToken cancellationToken)
    {
        using var writer = new ZipArchiveWriter(output, zip64Threshold);
        var names = new byte[items.Count][];
        var offsets = new long[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            names[i] = Encoding.UTF8.GetBytes(item.Key);
            offsets[i] = writer.Position;
            await writer.EnsureRoomAsync(ZipFormat.LocalHeaderSize + names[i].Length + 20, cancellationToken).ConfigureAwait(false);
            writer.WriteLocalHeader(names[i], item, offsets[i]);
            await writer.CopyAsync(spool, item.Offset, item.Length, cancellationToken).ConfigureAwait(false);
        }

        var directoryOffset = writer.Position;
        for (var i = 0; i < items.Count; i++)
        {
            await writer.EnsureRoomAsync(ZipFormat.CentralHeaderSize + names[i].Length + 28, cancellationToken).ConfigureAwait(false);
            writer.WriteCentralHeader(names[i], items[i], offsets[i]);
        }

        var directorySize = writer.Position - directoryOffset;
        await writer.EnsureRoomAsync(ZipFormat.Zip64EndOfCentralDirectorySize + ZipFormat.Zip64LocatorSize + ZipFormat.EndOfCentralDirectorySize + comment.Length, cancellationToken).ConfigureAwait(false);
        writer.WriteEndRecords(items.Count, directoryOffset, directorySize, comment);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private bool NeedsZip64(long value) => value >= _zip64Threshold;

    private void WriteLocalHeader(byte[] name, SpooledEntry item, long localHeaderOffset)
    {
        var zip64Sizes = NeedsZip64(item.Length);
        var header = Take(ZipFormat.LocalHeaderSize + name.Length + (zip64Sizes ? 20 : 0));
        BinaryPrimitives.WriteUInt32LittleEndian(header, ZipFormat.LocalHeaderSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], zip64Sizes || NeedsZip64(localHeaderOffset) ? ZipFormat.VersionZip64 : ZipFormat.VersionDefault);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], ZipFormat.FlagUtf8Name);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], ZipFormat.MethodStored);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], ZipFormat.DosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(header[12..], ZipFormat.DosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[14..], item.Crc32);
        var size32 = zip64Sizes ? ZipFormat.Sentinel32 : (uint)item.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(header[18..], size32);
        BinaryPrimitives.WriteUInt32LittleEndian(header[22..], size32);
        BinaryPrimitives.WriteUInt16LittleEndian(header[26..], (ushort)name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[28..], (ushort)(zip64Sizes ? 20 : 0));
        name.CopyTo(header[ZipFormat.LocalHeaderSize..]);
        if (zip64Sizes)
        {
            // In a local header the ZIP64 field carries both sizes, whichever overflowed.
            var extra = header[(ZipFormat.LocalHeaderSize + name.Length)..];
            BinaryPrimitives.WriteUInt16LittleEndian(extra, ZipFormat.Zip64ExtraId);
            BinaryPrimitives.WriteUInt16LittleEndian(extra[2..], 16);
            BinaryPrimitives.WriteUInt64LittleEndian(extra[4..], (ulong)item.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(extra[12..], (ulong)item.Length);
        }
    }

    private void WriteCentralHeader(byte[] name, SpooledEntry item, long localHeaderOffset)
    {
        var zip64Sizes = NeedsZip64(item.Length);
        var zip64Offset = NeedsZip64(localHeaderOffset);
        var extraLength = (zip64Sizes || zip64Offset ? 4 : 0) + (zip64Sizes ? 16 : 0) + (zip64Offset ? 8 : 0);
        var header = Take(ZipFormat.CentralHeaderSize + name.Length + extraLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header, ZipFormat.CentralHeaderSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], ZipFormat.VersionMadeBy);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], zip64Sizes || zip64Offset ? ZipFormat.VersionZip64 : ZipFormat.VersionDefault);
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], ZipFormat.FlagUtf8Name);
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], ZipFormat.MethodStored);
        BinaryPrimitives.WriteUInt16LittleEndian(header[12..], ZipFormat.DosTime);
        BinaryPrimitives.WriteUInt16LittleEndian(header[14..], ZipFormat.DosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], item.Crc32);
        var size32 = zip64Sizes ? ZipFormat.Sentinel32 : (uint)item.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], size32);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], size32);
        BinaryPrimitives.WriteUInt16LittleEndian(header[28..], (ushort)name.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[30..], (ushort)extraLength);
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], 0); // entry comment
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], 0); // disk
        BinaryPrimitives.WriteUInt16LittleEndian(header[36..], 0); // internal attributes
        BinaryPrimitives.WriteUInt32LittleEndian(header[38..], ZipFormat.RegularFileAttributes);
        BinaryPrimitives.WriteUInt32LittleEndian(header[42..], zip64Offset ? ZipFormat.Sentinel32 : (uint)localHeaderOffset);
        name.CopyTo(header[ZipFormat.CentralHeaderSize..]);
        if (extraLength > 0)
        {
            // In the central directory the ZIP64 field holds only the overflowed values, in this fixed order.
            var extra = header[(ZipFormat.CentralHeaderSize + name.Length)..];
            BinaryPrimitives.WriteUInt16LittleEndian(extra, ZipFormat.Zip64ExtraId);
            BinaryPrimitives.WriteUInt16LittleEndian(extra[2..], (ushort)(extraLength - 4));
            var field = extra[4..];
            if (zip64Sizes)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(field, (ulong)item.Length);
                BinaryPrimitives.WriteUInt64LittleEndian(field[8..], (ulong)item.Length);
                field = field[16..];
            }

            if (zip64Offset)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(field, (ulong)localHeaderOffset);
            }
        }
    }

    /// <summary>
    /// The ZIP64 end record and locator are always written (RFC-9 recommends them whatever the archive size, so
    /// the format does not change as an archive grows); the classic record carries the real values where they fit.
    /// </summary>
    private void WriteEndRecords(long entryCount, long directoryOffset, long directorySize, byte[] comment)
    {
        var zip64RecordOffset = Position;
        var records = Take(ZipFormat.Zip64EndOfCentralDirectorySize + ZipFormat.Zip64LocatorSize + ZipFormat.EndOfCentralDirectorySize + comment.Length);

        var record = records[..ZipFormat.Zip64EndOfCentralDirectorySize];
        BinaryPrimitives.WriteUInt32LittleEndian(record, ZipFormat.Zip64EndOfCentralDirectorySignature);
        BinaryPrimitives.WriteUInt64LittleEndian(record[4..], ZipFormat.Zip64EndOfCentralDirectorySize - 12); // size of the rest
        BinaryPrimitives.WriteUInt16LittleEndian(record[12..], ZipFormat.VersionMadeBy);
        BinaryPrimitives.WriteUInt16LittleEndian(record[14..], ZipFormat.VersionZip64);
        BinaryPrimitives.WriteUInt32LittleEndian(record[16..], 0); // this disk
        BinaryPrimitives.WriteUInt32LittleEndian(record[20..], 0); // disk of the central directory
        BinaryPrimitives.WriteUInt64LittleEndian(record[24..], (ulong)entryCount);
        BinaryPrimitives.WriteUInt64LittleEndian(record[32..], (ulong)entryCount);
        BinaryPrimitives.WriteUInt64LittleEndian(record[40..], (ulong)directorySize);
        BinaryPrimitives.WriteUInt64LittleEndian(record[48..], (ulong)directoryOffset);

        var locator = records.Slice(ZipFormat.Zip64EndOfCentralDirectorySize, ZipFormat.Zip64LocatorSize);
        BinaryPrimitives.WriteUInt32LittleEndian(locator, ZipFormat.Zip64LocatorSignature);
        BinaryPrimitives.WriteUInt32LittleEndian(locator[4..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(locator[8..], (ulong)zip64RecordOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(locator[16..], 1); // one disk in all

        var end = records[(ZipFormat.Zip64EndOfCentralDirectorySize + ZipFormat.Zip64LocatorSize)..];
        var count16 = entryCount >= ZipFormat.Sentinel16 ? ZipFormat.Sentinel16 : (ushort)entryCount;
        BinaryPrimitives.WriteUInt32LittleEndian(end, ZipFormat.EndOfCentralDirectorySignature);
        BinaryPrimitives.WriteUInt16LittleEndian(end[4..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(end[6..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], count16);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], count16);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], NeedsZip64(directorySize) ? ZipFormat.Sentinel32 : (uint)directorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], NeedsZip64(directoryOffset) ? ZipFormat.Sentinel32 : (uint)directoryOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(end[20..], (ushort)comment.Length);
        comment.CopyTo(end[ZipFormat.EndOfCentralDirectorySize..]);
    }

    /// <summary>Makes sure <paramref name="size"/> bytes fit in the buffer, flushing it if not.</summary>
    private async ValueTask EnsureRoomAsync(int size, CancellationToken cancellationToken)
    {
        if (_buffer.Length - _used < size)
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The next <paramref name="size"/> bytes of output, to fill (after <see cref="EnsureRoomAsync"/>).</summary>
    private Span<byte> Take(int size)
    {
        var span = _buffer.AsSpan(_used, size);
        _used += size;
        return span;
    }

    private async ValueTask CopyAsync(SafeFileHandle spool, long offset, long length, CancellationToken cancellationToken)
    {
        while (length > 0)
        {
            if (_used == _buffer.Length)
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            var want = (int)Math.Min(length, _buffer.Length - _used);
            var n = want <= SynchronousReadLimit
                ? RandomAccess.Read(spool, _buffer.AsSpan(_used, want), offset)
                : await RandomAccess.ReadAsync(spool, _buffer.AsMemory(_used, want), offset, cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                throw new IOException($"the spool file ended at offset {offset}, {length} bytes short of a value");
            }

            _used += n;
            offset += n;
            length -= n;
        }
    }

    private async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_used == 0)
        {
            return;
        }

        await RandomAccess.WriteAsync(_output, _buffer.AsMemory(0, _used), _flushed, cancellationToken).ConfigureAwait(false);
        _flushed += _used;
        _used = 0;
    }
}
