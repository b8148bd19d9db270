namespace Tessera.Ngff;

/// <summary>A per-axis offset in physical units, applied after the scale.</summary>
/// <param name="Translation">One offset per axis.</param>
public sealed record TranslationTransformation(ValueList<double> Translation) : CoordinateTransformation
{
    /// <inheritdoc/>
    public override string Type => "translation";
}
