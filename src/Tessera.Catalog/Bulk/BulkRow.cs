namespace Tessera.Catalog.Bulk;

/// <summary>One image of a batch with everything derived from it once, so each dialect's writer only copies values.</summary>
internal sealed class BulkRow
{
    public required ImageRecord Image { get; init; }

    public required long ImageId { get; init; }

    /// <summary>The map annotation's id, or 0 when the image has no pairs.</summary>
    public required long AnnotationId { get; init; }

    public long? DatasetId { get; init; }

    /// <summary>Trimmed key and value as stored, and their folded forms as indexed.</summary>
    public required (string Key, string Value, string KeyFold, string ValueFold)[] Pairs { get; init; }

    public required string[] Terms { get; init; }

    public required string ChannelsJson { get; init; }

    public required string OriginalFilesJson { get; init; }

    public required string RenderingSettingsJson { get; init; }
}
