namespace Tessera.Zarr.Storage;

/// <summary>
/// Constants of the ZIP records this library reads and writes (PKWARE APPNOTE 6.3): signatures, fixed record
/// sizes, ZIP64 sentinels and the flags that matter for a store.
/// </summary>
internal static class ZipFormat
{
    public const uint LocalHeaderSignature = 0x04034B50;
    public const uint CentralHeaderSignature = 0x02014B50;
    public const uint EndOfCentralDirectorySignature = 0x06054B50;
    public const uint Zip64EndOfCentralDirectorySignature = 0x06064B50;
    public const uint Zip64LocatorSignature = 0x07064B50;

    public const int LocalHeaderSize = 30;
    public const int CentralHeaderSize = 46;
    public const int EndOfCentralDirectorySize = 22;
    public const int Zip64EndOfCentralDirectorySize = 56;
    public const int Zip64LocatorSize = 20;

    /// <summary>Longest name, extra field or archive comment: their lengths are 16-bit fields.</summary>
    public const int MaxFieldLength = ushort.MaxValue;

    /// <summary>Longest central directory record: the fixed part plus a maximal name, extra field and comment.</summary>
    public const int MaxCentralHeaderSize = CentralHeaderSize + 3 * MaxFieldLength;

    public const ushort Zip64ExtraId = 0x0001;

    /// <summary>A 32-bit size or offset of this value means "see the ZIP64 extra field / record".</summary>
    public const uint Sentinel32 = uint.MaxValue;

    /// <summary>A 16-bit entry count or disk number of this value means "see the ZIP64 record".</summary>
    public const ushort Sentinel16 = ushort.MaxValue;

    public const ushort MethodStored = 0;
    public const ushort MethodDeflated = 8;

    public const ushort FlagEncrypted = 0x0001;
    public const ushort FlagStrongEncryption = 0x0040;
    public const ushort FlagUtf8Name = 0x0800;

    /// <summary>Version needed to extract: 2.0 for plain stored entries, 4.5 once ZIP64 fields are used.</summary>
    public const ushort VersionDefault = 20;
    public const ushort VersionZip64 = 45;

    /// <summary>"Made by" Unix (high byte 3), spec 4.5, so that extractors honour the permission bits below.</summary>
    public const ushort VersionMadeBy = (3 << 8) | VersionZip64;

    /// <summary>External attributes: a regular file, mode 0644, in the Unix high half.</summary>
    public const uint RegularFileAttributes = 0x81A4u << 16;

    /// <summary>
    /// The DOS epoch, 1980-01-01 00:00:00, for every entry: archives of the same content are byte-identical,
    /// and a store has no meaningful per-key modification time to record.
    /// </summary>
    public const ushort DosTime = 0;
    public const ushort DosDate = (0 << 9) | (1 << 5) | 1;

    /// <summary>A name for a compression method number, for messages.</summary>
    public static string MethodName(ushort method) => method switch
    {
        0 => "stored",
        1 => "shrink",
        6 => "implode",
        8 => "deflate",
        9 => "deflate64",
        12 => "bzip2",
        14 => "lzma",
        93 => "zstd",
        95 => "xz",
        96 => "jpeg",
        97 => "wavpack",
        98 => "ppmd",
        99 => "AE-x encryption",
        _ => "unknown",
    };
}
