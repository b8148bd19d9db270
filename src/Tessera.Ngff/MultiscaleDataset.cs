namespace Tessera.Ngff;

/// <summary>One resolution level of a multiscale image: the array's path and how its pixels map to physical space.</summary>
/// <param name="Path">The array path relative to the image group ("0", "1", …).</param>
/// <param name="Transformations">Exactly one scale, optionally followed by one translation (0.4/0.5); one scale, identity or scale+translation sequence (0.6).</param>
public sealed record MultiscaleDataset(string Path, ValueList<CoordinateTransformation> Transformations)
{
    /// <summary>The level's scale factors, or null when it has none (or only an identity).</summary>
    public ValueList<double>? Scale => Find<ScaleTransformation>()?.Scale;

    /// <summary>The level's translation, or null.</summary>
    public ValueList<double>? Translation => Find<TranslationTransformation>()?.Translation;

    /// <summary>A level with a scale and, when given, a translation.</summary>
    public static MultiscaleDataset Create(string path, IEnumerable<double> scale, IEnumerable<double>? translation = null) =>
        new(path, translation is null
            ? new ValueList<CoordinateTransformation>([new ScaleTransformation(new(scale))])
            : new ValueList<CoordinateTransformation>([new ScaleTransformation(new(scale)), new TranslationTransformation(new(translation))]));

    private T? Find<T>()
        where T : CoordinateTransformation
    {
        foreach (var transformation in Transformations)
        {
            if (transformation is T found)
            {
                return found;
            }

            if (transformation is SequenceTransformation sequence && sequence.Transformations.OfType<T>().FirstOrDefault() is { } inner)
            {
                return inner;
            }
        }

        return null;
    }
}
