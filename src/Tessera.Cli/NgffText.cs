using System.Globalization;
using Tessera.Ngff;

namespace Tessera.Cli;

/// <summary>The words the commands use for OME-NGFF kinds and validation reports.</summary>
internal static class NgffText
{
    public static string Kind(NgffKind kind) => kind switch
    {
        NgffKind.None => "group without OME-NGFF metadata",
        NgffKind.Image => "image",
        NgffKind.LabelImage => "label image",
        NgffKind.Labels => "labels group",
        NgffKind.Plate => "plate",
        NgffKind.Well => "well",
        NgffKind.Bioformats2RawCollection => "bioformats2raw collection",
        NgffKind.OmeSeries => "OME series group",
        NgffKind.Scene => "scene",
        _ => kind.ToString(),
    };

    /// <summary>One line per problem, in the report's order (by path).</summary>
    public static void WriteProblems(NgffValidationReport report, TextWriter writer)
    {
        foreach (var problem in report.Problems)
        {
            writer.WriteLine(problem.ToString());
        }
    }

    /// <summary>"valid OME-NGFF 0.5 plate (12 groups, 30 arrays checked)" or "invalid: 3 errors, 1 warning".</summary>
    public static string Summary(NgffValidationReport report, bool metadataOnly)
    {
        var errors = report.Problems.Count(p => p.Severity == NgffSeverity.Error);
        var warnings = report.Problems.Count(p => p.Severity == NgffSeverity.Warning);
        if (!report.Valid)
        {
            // Under --strict the warnings are what fails, so say so rather than print "0 errors".
            return $"invalid{(report.Strict ? " (--strict: warnings fail)" : "")}: {Count(errors, "error")}, {Count(warnings, "warning")}";
        }

        var checkedText = $"{Count(report.NodesChecked, "group")}, {Count(report.ArraysChecked, "array")} checked{(metadataOnly ? ", metadata only" : "")}";
        var warningText = warnings > 0 ? $" with {Count(warnings, "warning")}" : "";
        return $"valid OME-NGFF {report.Version?.ToText() ?? "?"} {Kind(report.Kind)}{warningText} ({checkedText})";
    }

    public static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? noun : noun + "s");
}
