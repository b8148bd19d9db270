namespace Tessera.Catalog.Bulk;

/// <summary>
/// One image for <see cref="CatalogBulkLoader"/>: its record (with <see cref="ImageRecord.OwnerId"/> and
/// <see cref="ImageRecord.GroupId"/> filled in, as there is no caller to take them from), the ordered key/value pairs
/// of its one map annotation, and optionally the dataset it goes into.
/// </summary>
/// <param name="Image">The image; <see cref="ImageRecord.Id"/> is ignored (the loader assigns ids).</param>
/// <param name="Pairs">Key/value pairs in order (duplicate keys allowed); none means no map annotation.</param>
/// <param name="DatasetId">A dataset in the image's group to link the image into, or null.</param>
public sealed record BulkImage(ImageRecord Image, IReadOnlyList<KeyValuePair<string, string>> Pairs, long? DatasetId = null);
