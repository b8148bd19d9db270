namespace Tessera.Ngff;

/// <summary>A per-axis scale: the pixel size in physical units at one level.</summary>
/// <param name="Scale">One factor per axis.</param>
public sealed record ScaleTransformation(ValueList<double> Scale) : CoordinateTransformation
{
    /// <inheritdoc/>
    public override string Type => "scale";
}
