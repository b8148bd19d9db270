namespace Tessera.Zarr.Storage;

/// <summary>
/// The order of entries in an archive this library writes, following RFC-9 (zipped OME-Zarr): the root
/// <c>zarr.json</c> first, the other <c>zarr.json</c> documents breadth-first (shallower first, then by key), then
/// Zarr v2 metadata the same way, then every other key in ordinal order. A reader can so discover the hierarchy
/// from the start of the central directory (or of the file) without reading past the metadata.
/// </summary>
internal sealed class ZipEntryOrder : IComparer<string>
{
    public static ZipEntryOrder Instance { get; } = new();

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var kind = Kind(x).CompareTo(Kind(y));
        if (kind != 0)
        {
            return kind;
        }

        if (Kind(x) != DocumentKind.Other)
        {
            var depth = Depth(x).CompareTo(Depth(y));
            if (depth != 0)
            {
                return depth;
            }
        }

        return string.CompareOrdinal(x, y);
    }

    /// <summary>True for a <c>zarr.json</c> key at any depth.</summary>
    public static bool IsZarrJson(string key) => Kind(key) == DocumentKind.ZarrJson;

    // zarr.json documents come before v2 ones so that a mixed hierarchy still has every zarr.json ahead of
    // every other record, which is what the RFC's "jsonFirst" comment flag asserts.
    private static DocumentKind Kind(string key)
    {
        var name = key.AsSpan(key.LastIndexOf('/') + 1);
        return name switch
        {
            "zarr.json" => DocumentKind.ZarrJson,
            ".zgroup" or ".zarray" or ".zattrs" or ".zmetadata" => DocumentKind.ZarrV2,
            _ => DocumentKind.Other,
        };
    }

    private static int Depth(string key) => key.AsSpan().Count('/');

    private enum DocumentKind
    {
        ZarrJson,
        ZarrV2,
        Other,
    }
}
