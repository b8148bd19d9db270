namespace Tessera.Imaging.Ome;

/// <summary>One acquisition (run) of a plate.</summary>
/// <param name="Id">The acquisition ID.</param>
/// <param name="Name">The name.</param>
/// <param name="MaximumFieldCount">The largest number of fields in any well of this run.</param>
/// <param name="StartTime">When the run started (UTC assumed when the file gives no offset).</param>
/// <param name="EndTime">When the run ended.</param>
public sealed record OmePlateAcquisition(string Id, string? Name, int? MaximumFieldCount, DateTimeOffset? StartTime, DateTimeOffset? EndTime);
