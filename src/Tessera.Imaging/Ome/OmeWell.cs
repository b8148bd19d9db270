namespace Tessera.Imaging.Ome;

/// <summary>One well of a plate with its fields.</summary>
/// <param name="Id">The well ID.</param>
/// <param name="Row">0-based row index.</param>
/// <param name="Column">0-based column index.</param>
/// <param name="Samples">The fields in document order.</param>
public sealed record OmeWell(string Id, int Row, int Column, IReadOnlyList<OmeWellSample> Samples);
