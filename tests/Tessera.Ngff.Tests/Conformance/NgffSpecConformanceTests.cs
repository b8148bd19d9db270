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

    private void Check(IEnumerable<NgffSpecCase> cases, string what)
    {
        int valid = 0, invalid = 0;
        var wrong = new List<string>();
        foreach (var spec in cases)
        {
            var result = NgffAttributes.Read(spec.Attributes, new NgffReadOptions { ExpectedVersion = spec.Version });
            var failing = result.Problems.Where(p => p.Severity == NgffSeverity.Error || spec.Strict && p.Severity == NgffSeverity.Warning).ToList();
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
