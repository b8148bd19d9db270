namespace Tessera.Imaging.Conversion;

/// <summary>One field (site) of a well: its number, acquisition and the file of every plane, indexed [t, c, z].</summary>
public sealed record PlateLayoutField(long Field, long? Acquisition, string[,,] Planes);
