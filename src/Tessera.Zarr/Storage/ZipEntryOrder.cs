namespace Tessera.Zarr.Storage;

/// <summary>
/// The order of entries in an archive this library writes, following RFC-9 (zipped OME-Zarr): the root
/// <c>zarr.json</c> first, the other <c>zarr.json</c> documents breadth-first (shallower first, then by key), then
/// Zarr v2 metadata the same way, then every other key in ordinal order. A reader can so discover the hierarchy
/// from the start of the central directory (or of the file) without reading past the metadata.
/// </summary>
internal static class ZipEntryOrder
{
    private enum DocumentKind
    {
        ZarrJson,
        ZarrV2,
        Other,
    }

    /// <summary>Sorts <paramref name="entries"/> into archive order, computing each entry's rank once.</summary>
    public static void Sort(SpooledEntry[] entries)
    {
        var ranks = new long[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            var kind = Kind(entries[i].Key);
            var depth = kind == DocumentKind.Other ? 0 : Depth(entries[i].Key);
            ranks[i] = ((long)kind << 32) | (uint)depth;
        }

        Array.Sort(ranks, entries);

        // Within a run of equal rank, order by key.
        var start = 0;
        for (var i = 1; i <= entries.Length; i++)
        {
            if (i == entries.Length || ranks[i] != ranks[start])
            {
                Array.Sort(entries, start, i - start, KeyComparer.Instance);
                start = i;
            }
        }
    }

    /// <summary>True for a <c>zarr.json</c> key at any depth.</summary>
    public static bool IsZarrJson(string key) => Kind(key) == DocumentKind.ZarrJson;

    // zarr.json documents come before v2 ones so that a mixed hierarchy still has every zarr.json ahead of
    // every other record, which is what the RFC's "jsonFirst" comment flag asserts.
    private static DocumentKind Kind(string key) => key.AsSpan(key.LastIndexOf('/') + 1) switch
    {
        "zarr.json" => DocumentKind.ZarrJson,
        ".zgroup" or ".zarray" or ".zattrs" or ".zmetadata" => DocumentKind.ZarrV2,
        _ => DocumentKind.Other,
    };

    private static int Depth(string key) => key.AsSpan().Count('/');

    private sealed class KeyComparer : IComparer<SpooledEntry>
    {
        public static KeyComparer Instance { get; } = new();

        public int Compare(SpooledEntry x, SpooledEntry y) => string.CompareOrdinal(x.Key, y.Key);
    }
}
