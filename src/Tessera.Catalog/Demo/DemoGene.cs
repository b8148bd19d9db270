namespace Tessera.Catalog.Demo;

/// <summary>
/// What one well of the demo screen knocks down and what it shows: the annotations of the well and, through
/// <see cref="Layout"/>, the picture, so searching "Phenotype=mitotic arrest" finds wells that look arrested.
/// </summary>
/// <param name="Symbol">The gene symbol, or null for a control well.</param>
/// <param name="Phenotype">The phenotype annotated and drawn.</param>
internal sealed record DemoGene(string? Symbol, string Phenotype)
{
    /// <summary>The phenotypes, with the tag each carries.</summary>
    public static readonly IReadOnlyDictionary<string, string> Tags = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["mitotic arrest"] = "mitosis",
        ["enlarged nuclei"] = "polyploidy",
        ["reduced cell number"] = "cell loss",
        ["elongated nuclei"] = "nuclear shape",
    };

    /// <summary>The siRNA library, cycled over the non-control wells (real genes, phenotypes as screens report them).</summary>
    private static readonly DemoGene[] Library =
    [
        new("PLK1", "mitotic arrest"), new("KIF11", "mitotic arrest"), new("CDK5RAP2", "mitotic arrest"), new("CCNB1", "mitotic arrest"),
        new("AURKB", "enlarged nuclei"), new("INCENP", "enlarged nuclei"), new("ECT2", "enlarged nuclei"), new("PRC1", "enlarged nuclei"),
        new("RAN", "reduced cell number"), new("PSMA1", "reduced cell number"), new("RPL7", "reduced cell number"), new("POLR2A", "reduced cell number"),
        new("LMNA", "elongated nuclei"), new("LMNB1", "elongated nuclei"), new("EMD", "elongated nuclei"),
        new("TP53", "normal"), new("GAPDH", "normal"), new("ACTB", "normal"), new("MYC", "normal"), new("BRCA1", "normal"), new("TUBB", "normal"), new("CDH1", "normal"),
    ];

    /// <summary>Whether the well is a negative control.</summary>
    public bool IsControl => Symbol is null;

    /// <summary>The gene of the well at (row, column): the first and last columns are controls, the rest cycle through the library.</summary>
    public static DemoGene ForWell(int row, int column, int columns)
    {
        if (column == 0 || column == columns - 1)
        {
            return new DemoGene(null, "normal");
        }

        return Library[(row * Math.Max(1, columns - 2) + column - 1) % Library.Length];
    }

    /// <summary>How the phenotype looks in a field of <paramref name="size"/> pixels.</summary>
    public CellLayout Layout(int size)
    {
        // ~30 nuclei of radius 9 in a 256-pixel field, scaled with the field's area.
        var count = (int)Math.Max(3, 30.0 * size * size / (256 * 256));
        var radius = 9.0 * Math.Max(0.5, size / 256.0);
        return Phenotype switch
        {
            "mitotic arrest" => new CellLayout(count * 3 / 2, radius * 0.7, 0.05, 3400),
            "enlarged nuclei" => new CellLayout(count * 2 / 3, radius * 1.6, 0.1, 2200),
            "reduced cell number" => new CellLayout(Math.Max(2, count / 4), radius, 0.15, 2500),
            "elongated nuclei" => new CellLayout(count, radius * 1.1, 0.45, 2500),
            _ => new CellLayout(count, radius, 0.15, 2500),
        };
    }
}
