namespace Tessera.Ngff;

/// <summary>The <c>image-label</c> block that makes a multiscale image a label image.</summary>
public sealed record ImageLabel
{
    /// <summary>Colours per label value.</summary>
    public ValueList<LabelColor>? Colors { get; init; }

    /// <summary>Properties per label value.</summary>
    public ValueList<LabelProperty>? Properties { get; init; }

    /// <summary>The relative path of the image the labels derive from ("../../").</summary>
    public string? SourceImage { get; init; }
}
