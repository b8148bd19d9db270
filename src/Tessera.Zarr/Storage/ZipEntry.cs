namespace Tessera.Zarr.Storage;

/// <summary>One file entry of an archive's central directory, with sizes and offset already widened from ZIP64 fields.</summary>
internal sealed class ZipEntry
{
    private long _dataOffset = -1;

    public ZipEntry(string name, ushort flags, ushort method, uint crc32, long compressedSize, long uncompressedSize, long localHeaderOffset)
    {
        Name = name;
        Flags = flags;
        Method = method;
        Crc32 = crc32;
        CompressedSize = compressedSize;
        UncompressedSize = uncompressedSize;
        LocalHeaderOffset = localHeaderOffset;
    }

    public string Name { get; }

    public ushort Flags { get; }

    public ushort Method { get; }

    public uint Crc32 { get; }

    public long CompressedSize { get; }

    public long UncompressedSize { get; }

    public long LocalHeaderOffset { get; }

    public bool IsEncrypted => (Flags & (ZipFormat.FlagEncrypted | ZipFormat.FlagStrongEncryption)) != 0 || Method == 99;

    /// <summary>
    /// Where the entry's data starts, once its local header has been read (-1 before). The local header's name and
    /// extra lengths may differ from the central directory's, so only the local header can say.
    /// </summary>
    public long DataOffset
    {
        get => Volatile.Read(ref _dataOffset);
        set => Volatile.Write(ref _dataOffset, value); // racing readers compute the same value: last write is harmless
    }
}
