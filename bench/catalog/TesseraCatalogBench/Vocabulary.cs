using System.Globalization;

namespace Tessera.Bench.Catalog;

/// <summary>
/// The values of the generated annotations, IDR-like: a few keys with few, heavily skewed values, gene symbols
/// Zipf-distributed over 20 000 names, and free-ish values (siRNA ids, comments). Built from a fixed seed.
/// </summary>
public sealed class Vocabulary
{
    public static readonly string[] Organisms = ["Homo sapiens", "Mus musculus", "Drosophila melanogaster", "Saccharomyces cerevisiae", "Danio rerio"];
    public static readonly double[] OrganismWeights = [0.72, 0.14, 0.07, 0.04, 0.03];

    public static readonly string[] ImagingMethods =
    [
        "fluorescence microscopy", "spinning disk confocal microscopy", "confocal microscopy", "widefield microscopy", "light sheet fluorescence microscopy",
        "bright-field microscopy", "phase contrast microscopy", "scanning electron microscopy", "STED microscopy", "structured illumination microscopy",
    ];

    public static readonly string[] StudyTypes = ["high content screen", "cell based assay", "time-lapse imaging", "tissue imaging", "3D imaging"];
    public static readonly double[] StudyTypeWeights = [0.45, 0.25, 0.15, 0.10, 0.05];

    private static readonly string[] RealCellLines =
    [
        "HeLa", "U2OS", "HEK293", "HEK293T", "MCF7", "MCF10A", "A549", "RPE-1", "hTERT-RPE1", "HCT116", "HT-1080", "NIH/3T3", "COS-7", "CHO-K1",
        "Jurkat", "K562", "SH-SY5Y", "PC-3", "LNCaP", "DU145", "Caco-2", "HepG2", "Huh7", "MDCK", "Vero", "S2R+", "Kc167", "BY4741", "mESC E14", "iPSC",
    ];

    private static readonly string[] GeneStems =
    [
        "CDK", "KIF", "ZNF", "SLC", "TMEM", "FAM", "RAB", "MAP", "PLK", "AUR", "BRC", "TP", "NDC", "CEN", "BUB", "MAD", "ATP", "COL", "KRT", "HOX",
        "ABC", "ADAM", "AKAP", "ANK", "ARHGAP", "CCDC", "CD", "CLEC", "DNAH", "EIF", "FBX", "GPR", "HIST", "IFT", "KCN", "LRRC", "MYO", "NUP", "OR",
        "PCDH", "POLR", "PPP", "PRKC", "RNF", "SEC", "SNX", "SPAT", "TBC", "TRIM", "UBE", "USP", "VPS", "WDR", "YTH", "ZBTB", "ZC3H", "PSM", "RPL", "RPS", "MRP",
    ];

    private static readonly string[] PhenotypeQualities =
    [
        "increased", "decreased", "abnormal", "absent", "enlarged", "fragmented", "elongated", "condensed", "mislocalised", "clustered",
        "binucleated", "polylobed", "round", "flat", "irregular", "bright", "dim", "dispersed", "aggregated", "delayed", "prolonged", "arrested", "multipolar", "small", "large",
    ];

    private static readonly string[] PhenotypeEntities =
    [
        "nucleus", "nuclear size", "cell size", "mitosis", "cytokinesis", "spindle", "golgi", "mitochondria", "actin cytoskeleton", "microtubules",
        "focal adhesions", "cell shape", "chromatin", "nucleoli", "cell number", "endosomes", "lysosomes", "cell cycle", "centrosome", "cilia",
    ];

    private static readonly string[] Fluorophores = ["DAPI", "Hoechst", "GFP", "FITC", "Cy3", "Cy5", "mCherry", "Alexa 488", "Alexa 568", "Alexa 647"];
    private static readonly string[] Targets = ["DNA", "tubulin", "actin", "H2B", "lamin", "Golgi", "mitochondria", "EdU", "pH3", "gamma-tubulin"];

    public Vocabulary(int seed)
    {
        var random = new Random(seed);

        var cellLines = new List<string>(RealCellLines);
        while (cellLines.Count < 200)
        {
            var line = $"{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}-{random.Next(10, 999)}";
            if (!cellLines.Contains(line))
            {
                cellLines.Add(line);
            }
        }

        CellLines = [.. cellLines];

        // 20 000 distinct symbols; their frequency ranks are shuffled so popular genes are spread over the alphabet.
        var genes = new HashSet<string>(StringComparer.Ordinal) { "TP53", "BRCA1", "CDK5RAP2", "PLK1", "AURKA", "KIF11", "MAD2L1", "NDC80", "CENPE", "BUB1" };
        while (genes.Count < 20_000)
        {
            var stem = GeneStems[random.Next(GeneStems.Length)];
            var symbol = random.Next(4) switch
            {
                0 => stem + random.Next(1, 40).ToString(CultureInfo.InvariantCulture),
                1 => stem + random.Next(1, 300).ToString(CultureInfo.InvariantCulture),
                2 => stem + (char)('A' + random.Next(26)) + random.Next(1, 20).ToString(CultureInfo.InvariantCulture),
                _ => stem + random.Next(1, 99).ToString(CultureInfo.InvariantCulture) + (char)('A' + random.Next(26)),
            };
            genes.Add(symbol);
        }

        Genes = [.. genes.Order(StringComparer.Ordinal)];
        random.Shuffle(Genes);
        GeneIdentifiers = Genes.Select((_, i) => "ENSG" + (100_000 + (i * 37L % 900_000)).ToString("D11", CultureInfo.InvariantCulture)).ToArray();

        Phenotypes = [.. PhenotypeQualities.SelectMany(q => PhenotypeEntities.Select(e => $"{q} {e}"))];
        random.Shuffle(Phenotypes);

        var channels = new HashSet<string>(StringComparer.Ordinal);
        while (channels.Count < 50)
        {
            var n = random.Next(1, 4);
            channels.Add(string.Join(";", Enumerable.Range(0, n).Select(i => $"{Fluorophores[(i * 3 + random.Next(4)) % Fluorophores.Length]}:{Targets[random.Next(Targets.Length)]}")));
        }

        Channels = [.. channels.Order(StringComparer.Ordinal)];
    }

    /// <summary>200 cell lines, Zipf-drawn.</summary>
    public string[] CellLines { get; }

    /// <summary>20 000 gene symbols in frequency-rank order (index 0 is the most frequent).</summary>
    public string[] Genes { get; }

    /// <summary>An Ensembl-like id per gene symbol.</summary>
    public string[] GeneIdentifiers { get; }

    /// <summary>500 phenotypes in frequency-rank order.</summary>
    public string[] Phenotypes { get; }

    /// <summary>50 channel descriptions.</summary>
    public string[] Channels { get; }

    public WeightedSampler Organism { get; } = new(OrganismWeights);

    public WeightedSampler ImagingMethod { get; } = WeightedSampler.Zipf(10, 1.0);

    public WeightedSampler StudyType { get; } = new(StudyTypeWeights);

    public WeightedSampler CellLine { get; } = WeightedSampler.Zipf(200, 1.1);

    public WeightedSampler Gene { get; } = WeightedSampler.Zipf(20_000, 1.0);

    public WeightedSampler Phenotype { get; } = WeightedSampler.Zipf(500, 1.05);

    public WeightedSampler Channel { get; } = WeightedSampler.Zipf(50, 0.8);
}
