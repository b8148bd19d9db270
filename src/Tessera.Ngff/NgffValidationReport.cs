using System.Text.Json.Nodes;

namespace Tessera.Ngff;

/// <summary>The outcome of validating an OME-Zarr hierarchy.</summary>
/// <param name="Version">The root's version, or null when unknown.</param>
/// <param name="Kind">What the root is.</param>
/// <param name="Problems">Every problem found, ordered by path.</param>
/// <param name="Strict">Whether warnings count as errors.</param>
/// <param name="NodesChecked">Groups whose metadata was checked.</param>
/// <param name="ArraysChecked">Arrays whose metadata was checked.</param>
public sealed record NgffValidationReport(NgffVersion? Version, NgffKind Kind, IReadOnlyList<NgffProblem> Problems, bool Strict, int NodesChecked, int ArraysChecked)
{
    /// <summary>True when nothing fails: no error, and under <see cref="Strict"/> no warning.</summary>
    public bool Valid => !Problems.Any(p => p.Severity == NgffSeverity.Error || Strict && p.Severity == NgffSeverity.Warning);

    /// <summary>Problems that fail validation.</summary>
    public IEnumerable<NgffProblem> Errors => Problems.Where(p => p.Severity == NgffSeverity.Error || Strict && p.Severity == NgffSeverity.Warning);

    /// <summary>Problems that do not fail validation (warnings unless strict, and notes).</summary>
    public IEnumerable<NgffProblem> Warnings => Problems.Except(Errors);

    /// <summary>
    /// The report as <c>{"valid", "version", "kind", "errors": [{"path","message"}], "warnings": [...]}</c>; notes are
    /// listed among the warnings with <c>"severity": "note"</c>.
    /// </summary>
    public JsonObject ToJson()
    {
        static JsonArray List(IEnumerable<NgffProblem> problems) => new([.. problems.Select(p =>
        {
            var item = new JsonObject { ["path"] = p.Path, ["message"] = p.Message };
            if (p.Severity == NgffSeverity.Note)
            {
                item["severity"] = "note";
            }

            return (JsonNode)item;
        })]);

        return new JsonObject
        {
            ["valid"] = Valid,
            ["version"] = Version?.ToText(),
            ["kind"] = Kind.ToString(),
            ["nodes"] = NodesChecked,
            ["arrays"] = ArraysChecked,
            ["errors"] = List(Errors),
            ["warnings"] = List(Warnings),
        };
    }
}
