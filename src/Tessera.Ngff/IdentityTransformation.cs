namespace Tessera.Ngff;

/// <summary>The identity (0.6).</summary>
public sealed record IdentityTransformation : CoordinateTransformation
{
    /// <inheritdoc/>
    public override string Type => "identity";
}
