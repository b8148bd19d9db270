namespace Tessera.Ngff;

/// <summary>
/// A 0.6 transformation Tessera validates but does not interpret (affine, rotation, mapAxis, projectAxis,
/// byDimension, bijection, displacements, coordinates): its type and its parameters as JSON.
/// </summary>
/// <param name="TypeName">The <c>type</c> value.</param>
/// <param name="Parameters">Every member except type, name, input and output.</param>
public sealed record GeneralTransformation(string TypeName, JsonFields Parameters) : CoordinateTransformation
{
    /// <inheritdoc/>
    public override string Type => TypeName;
}
