using Xunit.Abstractions;

namespace Tessera.Ngff.Tests.Conformance;

/// <summary>
/// Every case of the OME-NGFF specification's own tests gives its declared result through
/// <see cref="NgffAttributes.Read"/>: valid accepted (no error; for strict cases no warning either), invalid rejected
/// with a problem whose path names a place in the document. Strict cases count warnings, as <c>--strict</c> does.
/// </summary>
public sealed class NgffSpecConformanceTests(ITestOutputHelper output)
{
    [ConformanceTheory]
    [InlineData("0.4")]
    [InlineData("0.5")]
    public void Suite_cases_get_their_declared_result(string version) => Check(NgffSpecCase.Suites(version), $"{version}/tests");

    [ConformanceFact]
    public void Main_attribute_cases_get_their_declared_result() => Check(NgffSpecCase.MainAttributes(), "main/tests/attributes");

    [ConformanceTheory]
    [InlineData("0.4")]
    [InlineData("0.5")]
    public void Every_example_validates(string version) => Check(NgffSpecCase.Examples(version), $"{version}/examples");

    /// <summary>
    /// The 0.6rc0 examples whose folder names an existing schema, except the two that fail that schema itself
    /// (see the JSON Schema evaluator's tests): one still in the 0.4 layout, one lacking what strict_image requires.
    /// </summary>
    [ConformanceFact]
    public void Every_main_example_with_a_schema_validates()
    {
        var schemas = Directory.GetFiles(ConformanceData.PathOf("ngff-spec", "main", "schemas")).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        // The third is malformed: its "ome" member is the string "0.6rc0" (image.schema rejects it too).
        string[] invalidAgainstTheirOwnSchema = ["multiscales_example_relative.json", "multiscales_reference_to_label.json", "displacements/multiscales.json"];
        Check(NgffSpecCase.Examples("main").Where(c => schemas.Contains(c.SchemaFile) && !invalidAgainstTheirOwnSchema.Any(c.Name.EndsWith)), "main/examples");
    }

    [ConformanceFact]
    public void The_well_path_with_column_before_row_is_rejected_with_its_path()
    {
        var spec = NgffSpecCase.Suites("0.5").Single(c => c.Name.Contains("column_before_row", StringComparison.Ordinal) || c.Name.Contains("column before row", StringComparison.Ordinal));
        var result = NgffAttributes.Read(spec.Attributes, new NgffReadOptions { ExpectedVersion = NgffVersion.V0_5 });
        var error = Assert.Single(result.Problems, p => p.Severity == NgffSeverity.Error);
        Assert.Equal("$.ome.plate.wells[0].path", error.Path);
        Assert.Contains("column before the row", error.Message, StringComparison.Ordinal);
        output.WriteLine(error.ToString());
    }

    /// <summary>The block a strict schema adds rules to: strict_label's SHOULDs are about image-label, not the multiscales beside it.</summary>
    private static string StrictBlock(NgffSpecCase spec) => spec.SchemaFile switch
    {
        "strict_label.schema" => "image-label",
        "strict_plate.schema" => "plate",
        "strict_well.schema" => "well",
        _ => "multiscales",
    };

    private void Check(IEnumerable<NgffSpecCase> cases, string what)
    {
        int valid = 0, invalid = 0;
        var wrong = new List<string>();
        foreach (var spec in cases)
        {
            var result = NgffAttributes.Read(spec.Attributes, new NgffReadOptions { ExpectedVersion = spec.Version });
            var failing = result.Problems.Where(p => p.Severity == NgffSeverity.Error || spec.Strict && p.Severity == NgffSeverity.Warning && p.Path.Contains(StrictBlock(spec), StringComparison.Ordinal)).ToList();
            if (spec.Valid)
            {
                valid++;
                if (failing.Count > 0)
                {
                    wrong.Add($"{spec.Name}: declared valid, got {string.Join("; ", failing)}");
                }
            }
            else
            {
                invalid++;
                if (failing.Count == 0)
                {
                    wrong.Add($"{spec.Name}: declared invalid, accepted{(result.Problems.Count > 0 ? " (" + string.Join("; ", result.Problems) + ")" : "")}");
                }
                else if (failing.Any(p => !p.Path.StartsWith('$')))
                {
                    wrong.Add($"{spec.Name}: a problem without a JSON path: {string.Join("; ", failing)}");
                }
                else
                {
                    output.WriteLine($"  {spec.Name} → {failing[0]}");
                }
            }
        }

        output.WriteLine($"{what}: {valid} valid and {invalid} invalid cases; {valid + invalid - wrong.Count} give their declared result, {wrong.Count} do not");
        wrong.ForEach(w => output.WriteLine("  WRONG " + w));
        Assert.True(valid + invalid > 0, $"no cases found under {what}");
        Assert.Empty(wrong);
    }
}
