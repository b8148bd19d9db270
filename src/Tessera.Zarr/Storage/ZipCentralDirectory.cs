using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Tessera.Zarr.Storage;

/// <summary>
/// The parsed central directory of an archive: its file entries by name, the archive comment, and where the entry
/// data area ends. Parsing trusts no size field further than the file's real length, so a corrupt archive fails
/// with a message rather than a huge allocation or a read past the end.
/// </summary>
internal sealed class ZipCentralDirectory
{
    // Reading the central directory in blocks keeps memory flat however many entries there are; a block always
    // holds at least one maximal record.
    private const int BlockSize = 1 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private ZipCentralDirectory(Dictionary<string, ZipEntry> entries, long start, string comment)
    {
        Entries = entries;
        Start = start;
        Comment = comment;
        var keys = entries.Keys.ToArray();
        Array.Sort(keys, StringComparer.Ordinal);
        SortedKeys = keys;
    }

    /// <summary>File entries by store key (directory entries and names that are not valid keys left out).</summary>
    public IReadOnlyDictionary<string, ZipEntry> Entries { get; }

    /// <summary>The keys, sorted ordinally, for prefix listing.</summary>
    public string[] SortedKeys { get; }

    /// <summary>Offset of the central directory: every entry's header and data lie before it.</summary>
    public long Start { get; }

    /// <summary>The archive comment (empty when there is none).</summary>
    public string Comment { get; }

    /// <summary>Reads and checks the end records and the central directory of the archive open as <paramref name="handle"/>.</summary>
    /// <exception cref="ZarrStoreException">The file is not a readable zip archive; the message says why.</exception>
    public static ZipCentralDirectory Read(SafeFileHandle handle, string location)
    {
        var fileLength = RandomAccess.GetLength(handle);
        if (fileLength < ZipFormat.EndOfCentralDirectorySize)
        {
            throw Corrupt(location, $"file is {fileLength} bytes, too short for a zip archive (an empty one has {ZipFormat.EndOfCentralDirectorySize})");
        }

        // The end record sits in the last 22 bytes plus at most a 64 KiB comment; 20 more bytes catch the ZIP64
        // locator that precedes it in the same read.
        var tailLength = (int)Math.Min(fileLength, ZipFormat.EndOfCentralDirectorySize + ZipFormat.MaxFieldLength + ZipFormat.Zip64LocatorSize);
        var tailStart = fileLength - tailLength;
        var tail = ArrayPool<byte>.Shared.Rent(tailLength);
        try
        {
            ReadExactly(handle, tail.AsSpan(0, tailLength), tailStart, location, fileLength);
            return Parse(handle, location, fileLength, tail.AsSpan(0, tailLength), tailStart);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(tail);
        }
    }

    /// <summary>Reads exactly <paramref name="destination"/>'s length at <paramref name="offset"/>, failing if the file ends first.</summary>
    public static void ReadExactly(SafeFileHandle handle, Span<byte> destination, long offset, string location, long fileLength, string? key = null)
    {
        var done = 0;
        while (done < destination.Length)
        {
            var n = RandomAccess.Read(handle, destination[done..], offset + done);
            if (n == 0)
            {
                throw Corrupt(location, $"unexpected end of file at offset {offset + done} (reading {destination.Length} bytes at {offset}; the archive was {fileLength} bytes when opened)", key);
            }

            done += n;
        }
    }

    public static ZarrStoreException Corrupt(string location, string problem, string? key = null) => new(location, key, "corrupt zip archive: " + problem);

    private static ZipCentralDirectory Parse(SafeFileHandle handle, string location, long fileLength, ReadOnlySpan<byte> tail, long tailStart)
    {
        var eocdIndex = FindEndRecord(tail);
        if (eocdIndex < 0)
        {
            throw Corrupt(location, $"no end-of-central-directory record in the last {tail.Length} bytes (not a zip archive, or truncated)");
        }

        var eocd = tail.Slice(eocdIndex, ZipFormat.EndOfCentralDirectorySize);
        var eocdPosition = tailStart + eocdIndex;
        uint disk = BinaryPrimitives.ReadUInt16LittleEndian(eocd[4..]);
        uint directoryDisk = BinaryPrimitives.ReadUInt16LittleEndian(eocd[6..]);
        long entryCount = BinaryPrimitives.ReadUInt16LittleEndian(eocd[10..]);
        long directorySize = BinaryPrimitives.ReadUInt32LittleEndian(eocd[12..]);
        long directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(eocd[16..]);
        var comment = Encoding.UTF8.GetString(tail.Slice(eocdIndex + ZipFormat.EndOfCentralDirectorySize, BinaryPrimitives.ReadUInt16LittleEndian(eocd[20..])));

        var recordsStart = eocdPosition;
        var zip64 = eocdIndex >= ZipFormat.Zip64LocatorSize
            && BinaryPrimitives.ReadUInt32LittleEndian(tail[(eocdIndex - ZipFormat.Zip64LocatorSize)..]) == ZipFormat.Zip64LocatorSignature;
        if (zip64)
        {
            var locator = tail.Slice(eocdIndex - ZipFormat.Zip64LocatorSize, ZipFormat.Zip64LocatorSize);
            var recordDisk = BinaryPrimitives.ReadUInt32LittleEndian(locator[4..]);
            var recordOffset = BinaryPrimitives.ReadUInt64LittleEndian(locator[8..]);
            var diskCount = BinaryPrimitives.ReadUInt32LittleEndian(locator[16..]);
            if (recordDisk != 0 || diskCount > 1)
            {
                throw Corrupt(location, $"the ZIP64 locator describes a multi-part archive ({diskCount} parts), which is not supported");
            }

            var locatorPosition = eocdPosition - ZipFormat.Zip64LocatorSize;
            if (locatorPosition < ZipFormat.Zip64EndOfCentralDirectorySize || recordOffset > (ulong)(locatorPosition - ZipFormat.Zip64EndOfCentralDirectorySize))
            {
                throw Corrupt(location, $"the ZIP64 end-of-central-directory record offset {recordOffset} points past the locator at {locatorPosition}");
            }

            Span<byte> record = stackalloc byte[ZipFormat.Zip64EndOfCentralDirectorySize];
            ReadExactly(handle, record, (long)recordOffset, location, fileLength);
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(record);
            if (signature != ZipFormat.Zip64EndOfCentralDirectorySignature)
            {
                throw Corrupt(location, $"bad ZIP64 end-of-central-directory signature 0x{signature:X8} at offset {recordOffset}");
            }

            disk = BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
            directoryDisk = BinaryPrimitives.ReadUInt32LittleEndian(record[20..]);
            entryCount = ToLong(BinaryPrimitives.ReadUInt64LittleEndian(record[32..]));
            directorySize = ToLong(BinaryPrimitives.ReadUInt64LittleEndian(record[40..]));
            directoryOffset = ToLong(BinaryPrimitives.ReadUInt64LittleEndian(record[48..]));
            recordsStart = (long)recordOffset;
        }
        else if (directoryOffset == ZipFormat.Sentinel32 || directorySize == ZipFormat.Sentinel32)
        {
            throw Corrupt(location, "the end record defers to a ZIP64 record (0xFFFFFFFF) but there is no ZIP64 locator");
        }

        if (disk != 0 || directoryDisk != 0)
        {
            throw Corrupt(location, $"multi-part archives are not supported (this is part {disk}, the central directory is on part {directoryDisk})");
        }

        if (directoryOffset > recordsStart || directorySize > recordsStart - directoryOffset)
        {
            throw Corrupt(location, $"the central directory (offset {directoryOffset}, {directorySize} bytes) runs past the end records at offset {recordsStart} (file is {fileLength} bytes)");
        }

        var entries = ReadEntries(handle, location, fileLength, directoryOffset, directorySize);
        if (entries.Count != entryCount && (zip64 || (entries.Count & 0xFFFF) != entryCount))
        {
            // Old writers without ZIP64 store the count modulo 65536; tolerate that, nothing else.
            throw Corrupt(location, $"the central directory holds {entries.Count} records but the end record says {entryCount}");
        }

        var files = new Dictionary<string, ZipEntry>(entries.Count, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (IsKey(entry.Name))
            {
                files[entry.Name] = entry; // a duplicate name: the later record wins, as in other readers
            }
        }

        return new ZipCentralDirectory(files, directoryOffset, comment);

        long ToLong(ulong value) => value <= long.MaxValue
            ? (long)value
            : throw Corrupt(location, $"the ZIP64 end-of-central-directory record holds an impossible value {value}");
    }

    /// <summary>Index of the end record in <paramref name="tail"/>: the last signature whose comment length reaches exactly to the end.</summary>
    private static int FindEndRecord(ReadOnlySpan<byte> tail)
    {
        var lowest = Math.Max(0, tail.Length - ZipFormat.EndOfCentralDirectorySize - ZipFormat.MaxFieldLength);
        for (var i = tail.Length - ZipFormat.EndOfCentralDirectorySize; i >= lowest; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail[i..]) == ZipFormat.EndOfCentralDirectorySignature
                && i + ZipFormat.EndOfCentralDirectorySize + BinaryPrimitives.ReadUInt16LittleEndian(tail[(i + 20)..]) == tail.Length)
            {
                return i;
            }
        }

        return -1;
    }

    private static List<ZipEntry> ReadEntries(SafeFileHandle handle, string location, long fileLength, long start, long size)
    {
        // Never trust the record count for allocation: the directory's real size bounds it.
        var entries = new List<ZipEntry>((int)Math.Min(size / ZipFormat.CentralHeaderSize, 1 << 16));
        var block = ArrayPool<byte>.Shared.Rent((int)Math.Min(size, BlockSize));
        try
        {
            var end = start + size;
            var next = start;      // file offset of the next byte to read
            var held = 0;          // bytes in the block not yet parsed
            var heldOffset = start; // file offset of block[0]
            while (true)
            {
                var want = (int)Math.Min(block.Length - held, end - next);
                ReadExactly(handle, block.AsSpan(held, want), next, location, fileLength);
                next += want;
                held += want;

                var used = 0;
                while (TryParseRecord(block.AsSpan(used, held - used), heldOffset + used, entries.Count, start, location, out var entry, out var length))
                {
                    entries.Add(entry);
                    used += length;
                }

                if (next < end && used == 0 && held == block.Length)
                {
                    throw Corrupt(location, $"central directory record {entries.Count} at offset {heldOffset} is longer than any valid record");
                }

                if (next == end)
                {
                    if (used != held)
                    {
                        throw Corrupt(location, $"central directory record {entries.Count} at offset {heldOffset + used} is cut off by the end of the central directory at {end}");
                    }

                    return entries;
                }

                block.AsSpan(used, held - used).CopyTo(block);
                held -= used;
                heldOffset += used;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    /// <summary>Parses one central directory record at the start of <paramref name="span"/>; false when it is not all there yet.</summary>
    private static bool TryParseRecord(ReadOnlySpan<byte> span, long offset, int index, long dataEnd, string location, out ZipEntry entry, out int length)
    {
        entry = null!;
        length = 0;
        var signature = span.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(span) : ZipFormat.CentralHeaderSignature;
        if (signature != ZipFormat.CentralHeaderSignature)
        {
            throw Corrupt(location, $"central directory record {index} at offset {offset} has signature 0x{signature:X8}, expected 0x{ZipFormat.CentralHeaderSignature:X8}");
        }

        if (span.Length < ZipFormat.CentralHeaderSize)
        {
            return false;
        }

        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(span[28..]);
        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(span[30..]);
        int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(span[32..]);
        var total = ZipFormat.CentralHeaderSize + nameLength + extraLength + commentLength;
        if (span.Length < total)
        {
            return false;
        }

        var flags = BinaryPrimitives.ReadUInt16LittleEndian(span[8..]);
        var method = BinaryPrimitives.ReadUInt16LittleEndian(span[10..]);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(span[16..]);
        long compressedSize = BinaryPrimitives.ReadUInt32LittleEndian(span[20..]);
        long uncompressedSize = BinaryPrimitives.ReadUInt32LittleEndian(span[24..]);
        long headerOffset = BinaryPrimitives.ReadUInt32LittleEndian(span[42..]);
        var nameBytes = span.Slice(ZipFormat.CentralHeaderSize, nameLength);
        var name = DecodeName(nameBytes, flags, location, offset);

        if (uncompressedSize == ZipFormat.Sentinel32 || compressedSize == ZipFormat.Sentinel32 || headerOffset == ZipFormat.Sentinel32)
        {
            var extra = FindZip64Extra(span.Slice(ZipFormat.CentralHeaderSize + nameLength, extraLength));
            if (!(ReadWide(ref extra, ref uncompressedSize) && ReadWide(ref extra, ref compressedSize) && ReadWide(ref extra, ref headerOffset)))
            {
                throw Corrupt(location, $"entry '{name}': a size or offset is 0xFFFFFFFF but its ZIP64 extra field is missing, short or out of range");
            }
        }

        // Every entry's local header and data lie before the central directory; anything else is corrupt, and
        // checking now means reads never go past the end of the file.
        if (headerOffset > dataEnd - ZipFormat.LocalHeaderSize || compressedSize > dataEnd - ZipFormat.LocalHeaderSize - headerOffset)
        {
            throw Corrupt(location, $"entry '{name}': local header at offset {headerOffset} with {compressedSize} bytes of data runs past the start of the central directory at {dataEnd}");
        }

        entry = new ZipEntry(name, flags, method, crc, compressedSize, uncompressedSize, headerOffset);
        length = total;
        return true;
    }

    /// <summary>The payload of the ZIP64 extended information field in <paramref name="extra"/>, or empty.</summary>
    private static ReadOnlySpan<byte> FindZip64Extra(ReadOnlySpan<byte> extra)
    {
        while (extra.Length >= 4)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            int size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (size > extra.Length - 4)
            {
                return default;
            }

            if (id == ZipFormat.Zip64ExtraId)
            {
                return extra.Slice(4, size);
            }

            extra = extra[(4 + size)..];
        }

        return default;
    }

    /// <summary>Replaces a sentinel value with the next 64-bit field of the ZIP64 payload; false when it is missing or absurd.</summary>
    private static bool ReadWide(ref ReadOnlySpan<byte> payload, ref long value)
    {
        if (value != ZipFormat.Sentinel32)
        {
            return true;
        }

        if (payload.Length < 8)
        {
            return false;
        }

        var wide = BinaryPrimitives.ReadUInt64LittleEndian(payload);
        payload = payload[8..];
        if (wide > long.MaxValue)
        {
            return false;
        }

        value = (long)wide;
        return true;
    }

    private static string DecodeName(ReadOnlySpan<byte> bytes, ushort flags, string location, long offset)
    {
        if ((flags & ZipFormat.FlagUtf8Name) != 0)
        {
            try
            {
                return StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw Corrupt(location, $"the name of the central directory record at offset {offset} is flagged UTF-8 but is not valid UTF-8");
            }
        }

        if (System.Text.Ascii.IsValid(bytes))
        {
            return Encoding.ASCII.GetString(bytes);
        }

        // Unflagged non-ASCII names: many tools write UTF-8 without the flag; the APPNOTE default is code page 437.
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return CodePagesEncodingProvider.Instance.GetEncoding(437)?.GetString(bytes) ?? Encoding.Latin1.GetString(bytes);
        }
    }

    /// <summary>True for names that are store keys: not directory entries and normalized relative paths.</summary>
    private static bool IsKey(string name)
    {
        if (name.Length == 0 || name.EndsWith('/'))
        {
            return false;
        }

        try
        {
            StoreKey.Validate(name, nameof(name));
            return true;
        }
        catch (ArgumentException)
        {
            return false; // e.g. "../x" or "C:\x" from a foreign tool: never reachable as a key
        }
    }
}
