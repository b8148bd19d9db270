using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tessera.Ngff.Tests.Conformance;

/// <summary>One declared case of the OME-NGFF specification's own tests or examples.</summary>
/// <param name="Name">Where it comes from (file and description).</param>
/// <param name="Version">The version the case is written for.</param>
/// <param name="SchemaFile">The schema the case names ("image.schema", "strict_plate.schema").</param>
/// <param name="Attributes">The attributes document.</param>
/// <param name="Valid">The declared result.</param>
public sealed record NgffSpecCase(string Name, NgffVersion Version, string SchemaFile, JsonObject Attributes, bool Valid)
{
    private static readonly JsonDocumentOptions WithComments = new() { CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Whether the case is about the strict (SHOULD) rules.</summary>
    public bool Strict => SchemaFile.StartsWith("strict_", StringComparison.Ordinal);

    /// <summary>The JSON-Schema-Test-Suite style cases of 0.4 or 0.5 (<c>tests/*_suite.json</c>).</summary>
    public static IEnumerable<NgffSpecCase> Suites(string version)
    {
        var ngff = Parse(version);
        foreach (var file in Directory.GetFiles(ConformanceData.PathOf("ngff-spec", version, "tests"), "*_suite.json").Order(StringComparer.Ordinal))
        {
            var suite = JsonNode.Parse(File.ReadAllText(file))!;
            var schema = Path.GetFileName(suite["schema"]!["id"]!.GetValue<string>());
            var index = 0;
            foreach (var test in suite["tests"]!.AsArray())
            {
                yield return new NgffSpecCase(
                    $"{version}/tests/{Path.GetFileName(file)}[{index++}] {test!["formerly"] ?? test["description"]}",
                    ngff,
                    schema,
                    test["data"]!.AsObject(),
                    test["valid"]!.GetValue<bool>());
            }
        }
    }

    /// <summary>The 0.6rc0 attribute cases (<c>main/tests/attributes/{spec,strict}/{valid,invalid}/kind/*.json</c>); the folder is the declared result.</summary>
    public static IEnumerable<NgffSpecCase> MainAttributes()
    {
        var root = ConformanceData.PathOf("ngff-spec", "main", "tests", "attributes");
        foreach (var file in Directory.GetFiles(root, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            var parts = relative.Split('/');
            var document = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            var schema = document["_conformance"]?["schema"]?["id"]?.GetValue<string>() is { } id
                ? Path.GetFileName(id)
                : (parts[0] == "strict" ? "strict_" : "") + parts[2] + ".schema";
            document.Remove("_conformance");
            yield return new NgffSpecCase("main/tests/attributes/" + relative, NgffVersion.V0_6, schema, document, parts[1] == "valid");
        }
    }

    /// <summary>The examples of a version (<c>examples/&lt;dir&gt;/*.json</c>, all declared valid), with the schema their folder's .config.json names.</summary>
    public static IEnumerable<NgffSpecCase> Examples(string version)
    {
        var root = ConformanceData.PathOf("ngff-spec", version, "examples");
        foreach (var directory in Directory.GetDirectories(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var config = Path.Combine(directory, ".config.json");
            if (!File.Exists(config))
            {
                continue;
            }

            var schema = Path.GetFileName(JsonNode.Parse(File.ReadAllText(config))!["schema"]!.GetValue<string>());
            foreach (var file in Directory.GetFiles(directory, "*.json").Where(f => !f.EndsWith(".config.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                var document = JsonNode.Parse(File.ReadAllText(file), documentOptions: WithComments)!.AsObject();
                var attributes = document["attributes"] as JsonObject ?? document;
                yield return new NgffSpecCase($"{version}/examples/{Path.GetRelativePath(root, file).Replace('\\', '/')}", Parse(version), schema, attributes, true);
            }
        }
    }

    /// <summary>The version of a conformance folder.</summary>
    public static NgffVersion Parse(string folder) => folder switch
    {
        "0.4" => NgffVersion.V0_4,
        "0.5" => NgffVersion.V0_5,
        _ => NgffVersion.V0_6,
    };

    /// <inheritdoc/>
    public override string ToString() => Name;
}
