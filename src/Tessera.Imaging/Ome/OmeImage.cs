namespace Tessera.Imaging.Ome;

/// <summary>One OME image: its name, description and pixels.</summary>
/// <param name="Id">The image ID ("Image:0").</param>
/// <param name="Name">The image name.</param>
/// <param name="AcquisitionDate">When it was acquired (UTC assumed when the file gives no offset).</param>
/// <param name="Description">A free-text description.</param>
/// <param name="Pixels">The pixel layout.</param>
public sealed record OmeImage(string Id, string? Name, DateTimeOffset? AcquisitionDate, string? Description, OmePixels Pixels);
