namespace Tessera.Imaging.Conversion;

/// <summary>A mask to store as an image-label beside the image: integer values, 0 for background.</summary>
/// <param name="Name">The label image's name under <c>labels/</c>.</param>
/// <param name="Pixels">The mask: one channel, the image's y and x sizes (and its z and t sizes, or one of each).</param>
public sealed record LabelSource(string Name, PixelSource Pixels)
{
    /// <summary>Properties per label value (from a CSV with a <c>label-value</c> column), each a set of named values.</summary>
    public IReadOnlyDictionary<long, IReadOnlyDictionary<string, string>> Properties { get; init; } = new Dictionary<long, IReadOnlyDictionary<string, string>>();
}
