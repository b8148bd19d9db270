using System.Buffers.Binary;
using System.Text;
using Tessera.Zarr.Storage;

namespace Tessera.Zarr.Tests.Storage;

/// <summary>
/// A deliberately simple, independent look at an archive's bytes for tests: walks the local headers from offset
/// 0, finds the end records, lists central directory records. Shares no code with the store under test.
/// </summary>
internal static class ZipLayout
{
    public const uint LocalSignature = 0x04034B50;
    public const uint CentralSignature = 0x02014B50;
    public const uint EndSignature = 0x06054B50;
    public const uint Zip64EndSignature = 0x06064B50;
    public const uint Zip64LocatorSignature = 0x07064B50;

    public sealed record LocalEntry(long Offset, string Name, ushort Version, ushort Flags, ushort Method, uint Crc, long CompressedSize, long Size, long DataOffset, int ExtraLength);

    public sealed record CentralRecord(long Offset, string Name, ushort Method, uint Crc, uint CompressedSize32, uint Size32, uint LocalOffset32, byte[] Extra);

    public sealed record EndRecord(long Offset, ushort Count16, uint DirectorySize32, uint DirectoryOffset32, string Comment, long? Zip64RecordOffset, long DirectoryOffset, long DirectorySize, long Count);

    /// <summary>Writes <paramref name="contents"/> with <see cref="ZipStore.Create"/>, commits, returns nothing.</summary>
    public static async Task WriteAsync(string path, IEnumerable<KeyValuePair<string, byte[]>> contents, long? zip64Threshold = null)
    {
        await using var writer = ZipStore.Create(path);
        if (zip64Threshold is { } threshold)
        {
            writer.Zip64Threshold = threshold;
        }

        foreach (var (key, value) in contents)
        {
            await writer.SetAsync(key, value);
        }

        await writer.CommitAsync();
    }

    public static List<LocalEntry> LocalEntries(byte[] file)
    {
        var entries = new List<LocalEntry>();
        long offset = 0;
        while (offset + 30 <= file.Length && BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan((int)offset)) == LocalSignature)
        {
            var h = file.AsSpan((int)offset);
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(h[6..]);
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(h[26..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(h[28..]);
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(h[18..]);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(h[22..]);
            var extra = h.Slice(30 + nameLength, extraLength);
            if (size == uint.MaxValue)
            {
                Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(extra));
                size = (long)BinaryPrimitives.ReadUInt64LittleEndian(extra[4..]);
                compressed = (long)BinaryPrimitives.ReadUInt64LittleEndian(extra[12..]);
            }

            var dataOffset = offset + 30 + nameLength + extraLength;
            entries.Add(new LocalEntry(
                offset,
                Encoding.UTF8.GetString(h.Slice(30, nameLength)),
                BinaryPrimitives.ReadUInt16LittleEndian(h[4..]),
                flags,
                BinaryPrimitives.ReadUInt16LittleEndian(h[8..]),
                BinaryPrimitives.ReadUInt32LittleEndian(h[14..]),
                compressed,
                size,
                dataOffset,
                extraLength));
            offset = dataOffset + compressed;
        }

        return entries;
    }

    public static EndRecord End(byte[] file)
    {
        for (var i = file.Length - 22; i >= 0; i--)
        {
            var s = file.AsSpan(i);
            if (BinaryPrimitives.ReadUInt32LittleEndian(s) == EndSignature && i + 22 + BinaryPrimitives.ReadUInt16LittleEndian(s[20..]) == file.Length)
            {
                var count16 = BinaryPrimitives.ReadUInt16LittleEndian(s[10..]);
                var size32 = BinaryPrimitives.ReadUInt32LittleEndian(s[12..]);
                var offset32 = BinaryPrimitives.ReadUInt32LittleEndian(s[16..]);
                var comment = Encoding.UTF8.GetString(s.Slice(22, BinaryPrimitives.ReadUInt16LittleEndian(s[20..])));
                long? zip64 = null;
                long directoryOffset = offset32, directorySize = size32, count = count16;
                if (i >= 20 && BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(i - 20)) == Zip64LocatorSignature)
                {
                    zip64 = (long)BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(i - 20 + 8));
                    var record = file.AsSpan((int)zip64.Value);
                    Assert.Equal(Zip64EndSignature, BinaryPrimitives.ReadUInt32LittleEndian(record));
                    count = (long)BinaryPrimitives.ReadUInt64LittleEndian(record[32..]);
                    directorySize = (long)BinaryPrimitives.ReadUInt64LittleEndian(record[40..]);
                    directoryOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(record[48..]);
                }

                return new EndRecord(i, count16, size32, offset32, comment, zip64, directoryOffset, directorySize, count);
            }
        }

        throw new Xunit.Sdk.XunitException("no end record");
    }

    public static List<CentralRecord> CentralRecords(byte[] file)
    {
        var end = End(file);
        var records = new List<CentralRecord>();
        var offset = end.DirectoryOffset;
        for (long i = 0; i < end.Count; i++)
        {
            var h = file.AsSpan((int)offset);
            Assert.Equal(CentralSignature, BinaryPrimitives.ReadUInt32LittleEndian(h));
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(h[28..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(h[30..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(h[32..]);
            records.Add(new CentralRecord(
                offset,
                Encoding.UTF8.GetString(h.Slice(46, nameLength)),
                BinaryPrimitives.ReadUInt16LittleEndian(h[10..]),
                BinaryPrimitives.ReadUInt32LittleEndian(h[16..]),
                BinaryPrimitives.ReadUInt32LittleEndian(h[20..]),
                BinaryPrimitives.ReadUInt32LittleEndian(h[24..]),
                BinaryPrimitives.ReadUInt32LittleEndian(h[42..]),
                h.Slice(46 + nameLength, extraLength).ToArray()));
            offset += 46 + nameLength + extraLength + commentLength;
        }

        return records;
    }

    /// <summary>CRC-32 computed bit by bit: slow, obviously right, independent of the library's table version.</summary>
    public static uint ReferenceCrc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
