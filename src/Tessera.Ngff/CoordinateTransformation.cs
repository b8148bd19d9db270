namespace Tessera.Ngff;

/// <summary>
/// A coordinate transformation. 0.4 and 0.5 use <see cref="ScaleTransformation"/> and
/// <see cref="TranslationTransformation"/> only; 0.6 adds identity, sequences and the general kinds kept as
/// <see cref="GeneralTransformation"/>, and gives each an input and output.
/// </summary>
public abstract record CoordinateTransformation
{
    /// <summary>The transformation's <c>type</c> ("scale", "translation", …).</summary>
    public abstract string Type { get; }

    /// <summary>The optional name (0.6).</summary>
    public string? Name { get; init; }

    /// <summary>What the transformation maps from (0.6).</summary>
    public TransformationEndpoint? Input { get; init; }

    /// <summary>What the transformation maps to (0.6).</summary>
    public TransformationEndpoint? Output { get; init; }
}
