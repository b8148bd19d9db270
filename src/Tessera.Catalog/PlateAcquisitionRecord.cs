namespace Tessera.Catalog;

/// <summary>One run of imaging a plate.</summary>
/// <param name="Id">Catalogue id.</param>
/// <param name="Name">Name.</param>
/// <param name="MaximumFieldCount">Fields per well in this acquisition.</param>
/// <param name="StartedAt">Start time.</param>
/// <param name="EndedAt">End time.</param>
public sealed record PlateAcquisitionRecord(long Id, string? Name, int? MaximumFieldCount, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt);
