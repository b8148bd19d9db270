namespace Tessera.Imaging.Ome;

/// <summary>One OME channel of an image.</summary>
/// <param name="Id">The channel ID.</param>
/// <param name="Name">The channel name ("DAPI").</param>
/// <param name="SamplesPerPixel">Samples one plane of this channel holds (3 for an RGB channel); 1 by default.</param>
/// <param name="Color">The display colour as six hexadecimal digits "RRGGBB", or null when the file gives none.</param>
/// <param name="Alpha">The colour's alpha (255 opaque), or null when the file gives no colour.</param>
/// <param name="EmissionWavelength">The emission wavelength (unit nm by default).</param>
/// <param name="ExcitationWavelength">The excitation wavelength (unit nm by default).</param>
/// <param name="Fluor">The fluorophore.</param>
public sealed record OmeChannel(
    string Id,
    string? Name,
    int SamplesPerPixel,
    string? Color,
    byte? Alpha,
    OmeQuantity? EmissionWavelength,
    OmeQuantity? ExcitationWavelength,
    string? Fluor);
