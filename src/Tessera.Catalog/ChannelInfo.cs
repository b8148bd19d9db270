namespace Tessera.Catalog;

/// <summary>What a viewer needs of a channel without opening the Zarr.</summary>
/// <param name="Label">Channel name.</param>
/// <param name="Color">Colour as RRGGBB hex.</param>
/// <param name="WindowStart">Initial display window start.</param>
/// <param name="WindowEnd">Initial display window end.</param>
/// <param name="Active">Whether the channel is shown initially.</param>
public sealed record ChannelInfo(string? Label, string? Color, double? WindowStart = null, double? WindowEnd = null, bool Active = true);
