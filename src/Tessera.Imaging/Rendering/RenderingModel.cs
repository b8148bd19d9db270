namespace Tessera.Imaging.Rendering;

/// <summary>How active channels become an RGB image (OMERO's rendering models).</summary>
public enum RenderingModel
{
    /// <summary>Every active channel in its colour, added per RGB component.</summary>
    Color,

    /// <summary>The first active channel alone, as grey.</summary>
    Greyscale,
}
