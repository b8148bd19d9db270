namespace Tessera.Imaging.Rendering;

/// <summary>Whether a z-stack is rendered as one plane or projected first (OMERO.web's <c>p</c> parameter).</summary>
public enum ProjectionMode
{
    /// <summary>The requested z plane alone.</summary>
    Normal,

    /// <summary>The maximum intensity over the z range, per pixel and channel.</summary>
    IntMax,

    /// <summary>The mean intensity over the z range, per pixel and channel.</summary>
    IntMean,
}
