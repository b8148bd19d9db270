namespace Tessera.Ngff;

/// <summary>One acquisition (run) of a plate.</summary>
/// <param name="Id">Unique within the plate.</param>
public sealed record PlateAcquisition(long Id)
{
    /// <summary>The acquisition name.</summary>
    public string? Name { get; init; }

    /// <summary>A description.</summary>
    public string? Description { get; init; }

    /// <summary>The largest number of fields in any well of this acquisition.</summary>
    public int? MaximumFieldCount { get; init; }

    /// <summary>Start, in seconds since the Unix epoch.</summary>
    public long? StartTime { get; init; }

    /// <summary>End, in seconds since the Unix epoch.</summary>
    public long? EndTime { get; init; }
}
