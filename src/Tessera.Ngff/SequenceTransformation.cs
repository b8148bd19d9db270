namespace Tessera.Ngff;

/// <summary>Transformations applied in order (0.6).</summary>
/// <param name="Transformations">The steps.</param>
public sealed record SequenceTransformation(ValueList<CoordinateTransformation> Transformations) : CoordinateTransformation
{
    /// <inheritdoc/>
    public override string Type => "sequence";
}
