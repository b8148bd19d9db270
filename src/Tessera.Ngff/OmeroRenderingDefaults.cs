namespace Tessera.Ngff;

/// <summary>The <c>omero.rdefs</c> block: which plane is shown first and in which model.</summary>
/// <param name="DefaultZ">The initial z index.</param>
/// <param name="DefaultT">The initial t index.</param>
/// <param name="Model">"color" or "greyscale".</param>
public sealed record OmeroRenderingDefaults(int? DefaultZ = null, int? DefaultT = null, string? Model = null);
