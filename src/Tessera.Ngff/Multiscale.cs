namespace Tessera.Ngff;

/// <summary>A multiscale image: its axes and its resolution levels, highest resolution first.</summary>
/// <param name="Axes">The axes, in array dimension order (for 0.6, those of the intrinsic coordinate system).</param>
/// <param name="Datasets">The levels.</param>
public sealed record Multiscale(ValueList<Axis> Axes, ValueList<MultiscaleDataset> Datasets)
{
    /// <summary>The image name.</summary>
    public string? Name { get; init; }

    /// <summary>The downsampling method ("gaussian", "mean", …).</summary>
    public string? Type { get; init; }

    /// <summary>Details of the downsampling method.</summary>
    public JsonFields? Metadata { get; init; }

    /// <summary>Transformations applied to every level after its own.</summary>
    public ValueList<CoordinateTransformation> Transformations { get; init; } = ValueList<CoordinateTransformation>.Empty;

    /// <summary>The coordinate systems (0.6); empty before 0.6.</summary>
    public ValueList<CoordinateSystem> CoordinateSystems { get; init; } = ValueList<CoordinateSystem>.Empty;

    /// <summary>The index of the first axis of <paramref name="type"/>, or -1.</summary>
    public int IndexOfAxisType(string type)
    {
        for (var i = 0; i < Axes.Count; i++)
        {
            if (Axes[i].Type == type)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The index of the axis named <paramref name="name"/>, or -1.</summary>
    public int IndexOfAxis(string name)
    {
        for (var i = 0; i < Axes.Count; i++)
        {
            if (Axes[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }
}
