namespace Tessera.Imaging.Ome;

/// <summary>
/// One TiffData block: which IFDs of which file hold which planes. Absent attributes stay null so that
/// <see cref="OmePlaneMap"/> can apply the specification's defaults, which depend on what is absent.
/// </summary>
/// <param name="Ifd">The first IFD (0 when absent).</param>
/// <param name="FirstZ">The Z of the first plane (0 when absent).</param>
/// <param name="FirstC">The channel of the first plane (0 when absent).</param>
/// <param name="FirstT">The time point of the first plane (0 when absent).</param>
/// <param name="PlaneCount">How many planes follow in dimension order (when absent: every IFD of the file, or 1 when <paramref name="Ifd"/> is given).</param>
/// <param name="FileName">The file holding the IFDs, from the UUID element; null when not given.</param>
/// <param name="Uuid">The UUID of the file holding the IFDs ("urn:uuid:…"); null when the block is about this file.</param>
public sealed record OmeTiffData(int? Ifd, int? FirstZ, int? FirstC, int? FirstT, int? PlaneCount, string? FileName, string? Uuid);
