namespace Tessera.Zarr.Storage;

/// <summary>A value held in a <see cref="ZipStoreWriter"/>'s spool file: where it is, how long, and its CRC-32.</summary>
internal readonly record struct SpooledEntry(string Key, long Offset, int Length, uint Crc32);
