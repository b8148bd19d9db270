namespace Tessera.Imaging.Conversion;

/// <summary>One file of a plate folder and where it belongs: well (row name, column name), field, plane.</summary>
/// <param name="Path">The file.</param>
/// <param name="Row">The row name ("A").</param>
/// <param name="Column">The column name ("1").</param>
/// <param name="Field">The field (site) number within the well.</param>
/// <param name="Channel">The channel key as it appears in the file name ("DAPI", "1").</param>
/// <param name="Z">The focal plane number.</param>
/// <param name="T">The time point number.</param>
/// <param name="Acquisition">The acquisition (run) number, or null when the plate has one.</param>
public sealed record PlateFile(string Path, string Row, string Column, long Field, string Channel, long Z, long T, long? Acquisition);
