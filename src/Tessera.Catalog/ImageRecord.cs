namespace Tessera.Catalog;

/// <summary>
/// An image as the catalogue records it: where its OME-Zarr is (repository-relative path or URL) and what listing and
/// rendering need without opening it.
/// </summary>
public sealed record ImageRecord
{
    /// <summary>Catalogue id (0 before it is stored).</summary>
    public long Id { get; init; }

    /// <summary>Image name.</summary>
    public required string Name { get; init; }

    /// <summary>Description.</summary>
    public string? Description { get; init; }

    /// <summary>Owner (set by the catalogue on import).</summary>
    public long OwnerId { get; init; }

    /// <summary>Group (set by the catalogue on import).</summary>
    public long GroupId { get; init; }

    /// <summary>The multiscale image group: a path relative to the repository's pixel store, an absolute path (in place) or a URL.</summary>
    public required string Location { get; init; }

    /// <summary>Whether the pixels stay where they were imported from (referenced, not copied).</summary>
    public bool InPlace { get; init; }

    /// <summary>What the image was imported from (canonical path plus series), to refuse importing it twice.</summary>
    public string? Source { get; init; }

    /// <summary>Width.</summary>
    public long SizeX { get; init; }

    /// <summary>Height.</summary>
    public long SizeY { get; init; }

    /// <summary>Planes.</summary>
    public int SizeZ { get; init; } = 1;

    /// <summary>Channels.</summary>
    public int SizeC { get; init; } = 1;

    /// <summary>Time points.</summary>
    public int SizeT { get; init; } = 1;

    /// <summary>Zarr data type name (uint8, uint16, float32, …).</summary>
    public required string PixelType { get; init; }

    /// <summary>Pixel width in <see cref="PhysicalUnit"/>.</summary>
    public double? PhysicalSizeX { get; init; }

    /// <summary>Pixel height.</summary>
    public double? PhysicalSizeY { get; init; }

    /// <summary>Plane spacing.</summary>
    public double? PhysicalSizeZ { get; init; }

    /// <summary>Unit of the physical sizes (NGFF names: micrometer, …).</summary>
    public string? PhysicalUnit { get; init; }

    /// <summary>Pyramid levels.</summary>
    public int Levels { get; init; } = 1;

    /// <summary>Channel names, colours and initial windows.</summary>
    public IReadOnlyList<ChannelInfo> Channels { get; init; } = [];

    /// <summary>Names of the files the image came from.</summary>
    public IReadOnlyList<string> OriginalFiles { get; init; } = [];

    /// <summary>When it was acquired, if known.</summary>
    public DateTimeOffset? AcquiredAt { get; init; }

    /// <summary>When it was imported.</summary>
    public DateTimeOffset ImportedAt { get; init; }
}
