using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace Tessera.Ngff.Tests.Schema;

/// <summary>
/// Proves the test-only <see cref="JsonSchemaSet"/> against the OME-NGFF specification's own schema test cases and
/// examples, so that later tests can trust it as the reference for our hand-written validator.
/// </summary>
public sealed class JsonSchemaEvaluatorTests(ITestOutputHelper output)
{
    // Spec examples carry explanatory // comments.
    private static readonly JsonDocumentOptions WithComments = new() { CommentHandling = JsonCommentHandling.Skip };

    /// <summary>
    /// Cases of the main (0.6rc0) attribute tests whose declared result the schema cannot reproduce, keyed by path
    /// under tests/attributes, with why.
    /// </summary>
    private static readonly Dictionary<string, string> MainBeyondSchema = new(StringComparer.Ordinal)
    {
        // Empty: all 143 cases agree, including the ones about internal consistency (duplicates, group depth).
    };

    /// <summary>
    /// Published examples that are not valid against the schema their folder names, keyed by version/folder/file,
    /// with why. Both are in the unreleased main draft; the schema, not our evaluator, is what rejects them.
    /// </summary>
    private static readonly Dictionary<string, string> InvalidExamples = new(StringComparer.Ordinal)
    {
        // Still in the 0.4 .zattrs layout: no "ome" member (and no zarr.json "attributes"), version inside multiscales.
        ["main/multiscales_strict/multiscales_example_relative.json"] = "0.4-style layout without 'ome'",
        // Passes image.schema; strict_image.schema additionally requires multiscales[].metadata, which it lacks.
        // index.md includes it as multiscale_reference_to_label.json (sic), so it reads as an illustration, not a strict example.
        ["main/multiscales_strict/multiscales_reference_to_label.json"] = "no multiscales[0].metadata, required by strict_image",
    };

    [ConformanceTheory]
    [InlineData("0.4")]
    [InlineData("0.5")]
    public void Suite_cases_get_their_declared_result(string version)
    {
        var schemas = JsonSchemaSet.Load(ConformanceData.PathOf("ngff-spec", version, "schemas"));
        var cases = 0;
        var gaps = new List<string>();
        var disagreements = new List<string>();
        var suites = Directory.GetFiles(ConformanceData.PathOf("ngff-spec", version, "tests"), "*_suite.json").Order(StringComparer.Ordinal);
        foreach (var suitePath in suites)
        {
            var suite = JsonNode.Parse(File.ReadAllText(suitePath))!;
            var schemaName = SchemaFileName(suite["schema"]!["id"]!.GetValue<string>());
            foreach (var test in suite["tests"]!.AsArray())
            {
                cases++;
                var declared = test!["valid"]!.GetValue<bool>();
                var failure = schemas.FirstFailure(schemaName, test["data"]);
                var label = $"{Path.GetFileName(suitePath)} '{test["formerly"] ?? test["description"]}'";
                if (IsWellPathWithColumnBeforeRow(test))
                {
                    // The spec says a well path is "row/column"; pattern ^[A-Za-z0-9]+/[A-Za-z0-9]+$ cannot tie its
                    // parts to the rows and columns lists, so the schema accepts "1/A" for row A, column 1.
                    Assert.False(declared);
                    Assert.Null(failure);
                    gaps.Add(label);
                }
                else if ((failure is null) != declared)
                {
                    disagreements.Add($"{label}: declared {(declared ? "valid" : "invalid")}, schema says {failure ?? "valid"}");
                }
            }
        }

        output.WriteLine($"{version}: {cases} suite cases, {cases - gaps.Count - disagreements.Count} agree, " +
            $"{gaps.Count} beyond the schema, {disagreements.Count} disagree");
        gaps.ForEach(g => output.WriteLine($"  beyond the schema (declared invalid, schema-valid): {g}"));
        disagreements.ForEach(d => output.WriteLine($"  DISAGREES: {d}"));
        Assert.Empty(disagreements);
        Assert.Equal(version == "0.5" ? 1 : 0, gaps.Count);
    }

    [ConformanceFact]
    public void Main_attribute_cases_get_their_declared_result()
    {
        var schemas = JsonSchemaSet.Load(ConformanceData.PathOf("ngff-spec", "main", "schemas"));
        var root = ConformanceData.PathOf("ngff-spec", "main", "tests", "attributes");
        var agree = 0;
        var expectedGaps = new List<string>();
        var disagreements = new List<string>();
        var files = Directory.GetFiles(root, "*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        foreach (var relative in files)
        {
            // <spec|strict>/<valid|invalid>/<kind>/<case>.json
            var parts = relative.Split('/');
            Assert.Equal(4, parts.Length);
            var document = JsonNode.Parse(File.ReadAllText(Path.Combine(root, relative)), documentOptions: WithComments)!.AsObject();
            var byDirectory = parts[1] == "valid";
            string schemaName;
            bool declared;
            if (document["_conformance"] is JsonObject conformance)
            {
                document.Remove("_conformance");
                schemaName = SchemaFileName(conformance["schema"]!["id"]!.GetValue<string>());
                declared = conformance["valid"]?.GetValue<bool>() ?? byDirectory;
                Assert.True(declared == byDirectory, $"{relative}: 'valid' contradicts its directory");
            }
            else
            {
                // A case without _conformance is named by where it lives.
                schemaName = (parts[0] == "strict" ? "strict_" : "") + parts[2] + ".schema";
                declared = byDirectory;
                output.WriteLine($"  no _conformance in {relative}: using {schemaName}, {parts[1]}");
            }

            var failure = schemas.FirstFailure(schemaName, document);
            var agrees = (failure is null) == declared;
            if (MainBeyondSchema.TryGetValue(relative, out var reason))
            {
                Assert.False(agrees, $"{relative} is listed as beyond the schema but now agrees: drop it from the list");
                expectedGaps.Add($"{relative} ({reason})");
            }
            else if (agrees)
            {
                agree++;
            }
            else
            {
                disagreements.Add($"{relative} against {schemaName}: declared {(declared ? "valid" : "invalid")}, schema says {failure ?? "valid"}");
            }
        }

        output.WriteLine($"main: {files.Count} attribute cases, {agree} agree, {expectedGaps.Count} beyond the schema, {disagreements.Count} disagree");
        expectedGaps.ForEach(g => output.WriteLine($"  beyond the schema: {g}"));
        disagreements.ForEach(d => output.WriteLine($"  DISAGREES: {d}"));
        Assert.Empty(disagreements);
        Assert.Equal(MainBeyondSchema.Count, expectedGaps.Count);
    }

    [ConformanceTheory]
    [InlineData("0.4")]
    [InlineData("0.5")]
    [InlineData("main")]
    public void Spec_examples_are_valid_against_their_configured_schema(string version)
    {
        var schemas = JsonSchemaSet.Load(ConformanceData.PathOf("ngff-spec", version, "schemas"));
        var examples = ConformanceData.PathOf("ngff-spec", version, "examples");
        var valid = 0;
        var skipped = 0;
        var known = new List<string>();
        var invalid = new List<string>();
        foreach (var directory in Directory.GetDirectories(examples).Order(StringComparer.Ordinal))
        {
            var config = Path.Combine(directory, ".config.json");
            if (!File.Exists(config))
            {
                continue;
            }

            var schemaName = SchemaFileName(JsonNode.Parse(File.ReadAllText(config))!["schema"]!.GetValue<string>());
            var files = Directory.GetFiles(directory, "*.json")
                .Where(f => !Path.GetFileName(f).StartsWith('.'))
                .Order(StringComparer.Ordinal)
                .ToList();
            if (!schemas.Contains(schemaName))
            {
                skipped += files.Count;
                output.WriteLine($"  skipped {Path.GetFileName(directory)}/ ({files.Count} files): its schema {schemaName} is not published");
                continue;
            }

            foreach (var file in files)
            {
                var document = JsonNode.Parse(File.ReadAllText(file), documentOptions: WithComments);
                // zarr.json documents nest the NGFF metadata in "attributes"; 0.4's .zattrs content is the metadata itself.
                var metadata = document?["attributes"] is JsonObject attributes ? attributes : document;
                var key = $"{version}/{Path.GetFileName(directory)}/{Path.GetFileName(file)}";
                var failure = schemas.FirstFailure(schemaName, metadata);
                if (InvalidExamples.TryGetValue(key, out var reason))
                {
                    Assert.True(failure is not null, $"{key} is listed as invalid but now passes: drop it from the list");
                    known.Add($"{key} ({reason}): {failure}");
                }
                else if (failure is not null)
                {
                    invalid.Add($"{key} against {schemaName}: {failure}");
                }
                else
                {
                    valid++;
                }
            }
        }

        output.WriteLine($"{version}: {valid + known.Count + invalid.Count} examples evaluated, {valid} valid, " +
            $"{known.Count} known invalid, {invalid.Count} unexpectedly invalid, {skipped} skipped");
        known.ForEach(k => output.WriteLine($"  known invalid: {k}"));
        invalid.ForEach(i => output.WriteLine($"  INVALID: {i}"));
        Assert.True(valid > 0);
        Assert.Empty(invalid);
        Assert.Equal(InvalidExamples.Keys.Count(k => k.StartsWith(version + "/", StringComparison.Ordinal)), known.Count);
    }

    [Theory]
    [InlineData("""{"type": "integer"}""", "1.0", true)]
    [InlineData("""{"type": "integer"}""", "1.5", false)]
    [InlineData("""{"type": ["string", "null"]}""", "null", true)]
    [InlineData("""{"const": {"a": [1]}}""", """{"a": [1.0]}""", true)]
    [InlineData("""{"enum": [1, "x"]}""", "\"1\"", false)]
    [InlineData("""{"uniqueItems": true}""", "[1, 1.0]", false)]
    [InlineData("""{"uniqueItems": true}""", """[{"a": 1}, {"a": 2}]""", true)]
    [InlineData("""{"minContains": 2}""", "[]", true)]
    [InlineData("""{"contains": {"const": 1}}""", "[2]", false)]
    [InlineData("""{"contains": {"const": 1}, "minContains": 0}""", "[]", true)]
    [InlineData("""{"contains": {"const": 1}, "maxContains": 1}""", "[1, 2, 1]", false)]
    [InlineData("""{"prefixItems": [{"type": "string"}], "items": {"type": "number"}}""", """["a", 1, 2]""", true)]
    [InlineData("""{"prefixItems": [{"type": "string"}], "items": {"type": "number"}}""", """[1, 1]""", false)]
    [InlineData("""{"properties": {"a": true}, "additionalProperties": false}""", """{"a": 1, "b": 2}""", false)]
    [InlineData("""{"minLength": 2, "maxLength": 2}""", "\"\ud83d\ude00x\"", true)]
    [InlineData("""{"pattern": "^[A-Za-z0-9]+$"}""", "\"A-1\"", false)]
    [InlineData("""{"pattern": "b"}""", "\"abc\"", true)]
    [InlineData("""{"exclusiveMinimum": 0}""", "0", false)]
    [InlineData("""{"maximum": 1}""", "1.0", true)]
    [InlineData("""{"minimum": 0}""", "\"-1\"", true)]
    [InlineData("""{"oneOf": [{"type": "integer"}, {"type": "number"}]}""", "1", false)]
    [InlineData("""{"not": {"required": ["a"]}}""", """{"a": 1}""", false)]
    [InlineData("""{"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": false}""", """{"a": 1}""", false)]
    [InlineData("""{"if": {"required": ["a"]}, "then": {"required": ["b"]}, "else": false}""", "{}", false)]
    [InlineData("""{"if": {"required": ["a"]}, "then": {"required": ["b"]}}""", "{}", true)]
    [InlineData("""{"$ref": "other.schema#/$defs/positive"}""", "-1", false)]
    [InlineData("""{"$ref": "#/$defs/local", "$defs": {"local": {"$ref": "other.schema"}}}""", "[]", false)]
    [InlineData("""{"$ref": "https://example.org/s/other.schema"}""", """{"n": 1}""", true)]
    public void Keywords_follow_draft_2020_12(string schema, string instance, bool expected)
    {
        using var directory = new TestDirectory();
        var root = JsonNode.Parse(schema)!.AsObject();
        root["$id"] = "https://example.org/s/main.schema";
        File.WriteAllText(directory.Combine("main.schema"), root.ToJsonString());
        File.WriteAllText(directory.Combine("other.schema"),
            """{"$id": "https://example.org/s/other.schema", "type": "object", "$defs": {"positive": {"exclusiveMinimum": 0}}}""");
        var schemas = JsonSchemaSet.Load(directory.Path);
        var failure = schemas.FirstFailure("main.schema", JsonNode.Parse(instance));
        output.WriteLine(failure ?? "valid");
        Assert.Equal(expected, failure is null);
    }

    [Theory]
    [InlineData("""{"patternProperties": {"^x": true}}""")]
    [InlineData("""{"$ref": "missing.schema"}""")]
    [InlineData("""{"$ref": "#anchor"}""")]
    [InlineData("""{"items": {"unevaluatedProperties": false}}""")]
    public void Unsupported_keywords_and_dangling_refs_fail_at_load(string schema)
    {
        using var directory = new TestDirectory();
        File.WriteAllText(directory.Combine("main.schema"), schema);
        Assert.ThrowsAny<Exception>(() => JsonSchemaSet.Load(directory.Path));
    }

    /// <summary>"schemas/image.schema" → "image.schema".</summary>
    private static string SchemaFileName(string id) => id[(id.LastIndexOf('/') + 1)..];

    /// <summary>
    /// The 0.5 plate case whose only well path "1/A" names column 1 then row A (columns [1], rows [A]): recognised by
    /// its name and confirmed by its data, so a renamed or reshaped case fails loudly instead of slipping through.
    /// </summary>
    private static bool IsWellPathWithColumnBeforeRow(JsonNode test)
    {
        if (test["formerly"]?.GetValue<string>() != "plate/well_path_has_column_before_row")
        {
            return false;
        }

        var plate = test["data"]?["ome"]?["plate"] ?? test["data"]?["plate"];
        var columns = plate?["columns"]?.AsArray().Select(c => c?["name"]?.GetValue<string>()).ToList();
        var rows = plate?["rows"]?.AsArray().Select(r => r?["name"]?.GetValue<string>()).ToList();
        var paths = plate?["wells"]?.AsArray().Select(w => w?["path"]?.GetValue<string>()).ToList();
        Assert.Equal(["1"], columns!);
        Assert.Equal(["A"], rows!);
        Assert.Equal(["1/A"], paths!);
        return true;
    }
}
