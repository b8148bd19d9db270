using System.Globalization;

namespace Tessera.Catalog.Annotate;

/// <summary>
/// The result of a bulk annotation: one outcome per row or target, in order. Either every row was applied in one
/// transaction (<see cref="Written"/>), or — after any problem, or in a dry run — nothing was.
/// </summary>
/// <param name="Source">The CSV file, or "targets" for objects given by reference.</param>
/// <param name="TargetType">The kind of object annotated.</param>
/// <param name="Outcomes">One per row or target, in order.</param>
/// <param name="Written">Whether the annotations were committed.</param>
/// <param name="DryRun">Whether this was a dry run.</param>
public sealed record BulkAnnotationReport(string Source, CatalogObjectType? TargetType, IReadOnlyList<BulkAnnotationOutcome> Outcomes, bool Written, bool DryRun)
{
    /// <summary>The rows that cannot be applied, in order.</summary>
    public IReadOnlyList<BulkAnnotationOutcome> Problems { get; } = Outcomes.Where(o => o.Problem is not null).ToList();

    /// <summary>Whether every row can be (or was) applied.</summary>
    public bool Succeeded => Problems.Count == 0;

    /// <summary>Objects annotated (or to be annotated).</summary>
    public int ObjectCount => Outcomes.Count(o => o.Problem is null && (o.Pairs > 0 || o.Tags > 0));

    /// <summary>Key/value pairs written (or to be written) over all objects.</summary>
    public int PairCount => Outcomes.Where(o => o.Problem is null).Sum(o => o.Pairs);

    /// <summary>Tag links written (or to be written) over all objects.</summary>
    public int TagCount => Outcomes.Where(o => o.Problem is null).Sum(o => o.Tags);

    /// <summary>One line saying what was (or would be) done, e.g. "annotated 96 wells with 480 pairs".</summary>
    public string Summary
    {
        get
        {
            if (!Succeeded)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{Source}: {Problems.Count} problem{(Problems.Count == 1 ? "" : "s")} in {Outcomes.Count} row{(Outcomes.Count == 1 ? "" : "s")}; nothing was written");
            }

            var noun = TargetType is { } type ? CatalogObjectTypes.Name(type) : "object";
            var what = new List<string>();
            if (PairCount > 0)
            {
                what.Add(Count(PairCount, "pair"));
            }

            if (TagCount > 0)
            {
                what.Add(Count(TagCount, "tag"));
            }

            var verb = DryRun ? "would annotate" : "annotated";
            var text = $"{verb} {Count(ObjectCount, noun)}{(what.Count > 0 ? " with " + string.Join(" and ", what) : "")}";
            return DryRun ? $"{text} (dry run: nothing written)" : text;
        }
    }

    private static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? "" : "s")}");
}
