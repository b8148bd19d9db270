namespace Tessera.Catalog;

/// <summary>A plate: its OME-Zarr location, grid, acquisitions and wells with their fields.</summary>
public sealed record PlateRecord
{
    /// <summary>Catalogue id.</summary>
    public long Id { get; init; }

    /// <summary>Plate name.</summary>
    public required string Name { get; init; }

    /// <summary>Description.</summary>
    public string? Description { get; init; }

    /// <summary>Owner.</summary>
    public long OwnerId { get; init; }

    /// <summary>Group.</summary>
    public long GroupId { get; init; }

    /// <summary>The plate group: repository-relative path, absolute path (in place) or URL.</summary>
    public required string Location { get; init; }

    /// <summary>Whether the pixels stay where they were imported from.</summary>
    public bool InPlace { get; init; }

    /// <summary>What the plate was imported from.</summary>
    public string? Source { get; init; }

    /// <summary>Row names in order.</summary>
    public IReadOnlyList<string> RowNames { get; init; } = [];

    /// <summary>Column names in order.</summary>
    public IReadOnlyList<string> ColumnNames { get; init; } = [];

    /// <summary>Most fields in any well.</summary>
    public int FieldCount { get; init; }

    /// <summary>When it was imported.</summary>
    public DateTimeOffset ImportedAt { get; init; }

    /// <summary>Acquisitions.</summary>
    public IReadOnlyList<PlateAcquisitionRecord> Acquisitions { get; init; } = [];

    /// <summary>Wells that exist, by row then column.</summary>
    public IReadOnlyList<WellRecord> Wells { get; init; } = [];
}
