using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tessera.Ngff.Tests.Schema;

/// <summary>
/// The JSON schemas of one OME-NGFF version, evaluated per JSON Schema draft 2020-12. Only the keywords the NGFF
/// schemas use are implemented; any other keyword makes <see cref="Load"/> throw, so a schema is never silently
/// under-validated. Annotations (title, description, format…) are ignored, as 2020-12 allows.
/// </summary>
public sealed class JsonSchemaSet
{
    private const string Draft202012 = "https://json-schema.org/draft/2020-12/schema";

    // Keywords that never affect the boolean result.
    private static readonly HashSet<string> Annotations =
    [
        "$schema", "$id", "$comment", "title", "description", "default", "examples", "format", "deprecated", "readOnly", "writeOnly",
    ];

    private static readonly HashSet<string> SchemaValued = ["additionalProperties", "items", "contains", "not", "if", "then", "else"];
    private static readonly HashSet<string> SchemaArrayValued = ["prefixItems", "allOf", "anyOf", "oneOf"];
    private static readonly HashSet<string> SchemaMapValued = ["properties", "$defs"];

    private static readonly HashSet<string> Assertions =
    [
        "$ref", "type", "enum", "const", "required", "minItems", "maxItems", "uniqueItems", "minContains", "maxContains",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern",
    ];

    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    // A $ref chain this deep can only be a cycle that never consumes the instance.
    private const int MaxDepth = 256;

    private readonly Dictionary<string, JsonNode> _resources;
    private readonly Dictionary<string, Uri> _byFileName;

    private JsonSchemaSet(Dictionary<string, JsonNode> resources, Dictionary<string, Uri> byFileName)
    {
        _resources = resources;
        _byFileName = byFileName;
    }

    /// <summary>The file names of the loaded schemas, e.g. "image.schema".</summary>
    public IReadOnlyCollection<string> FileNames => _byFileName.Keys;

    /// <summary>
    /// Loads every *.schema file of a directory, registering each by its absolute $id and by its file name, then
    /// checks that every keyword is supported and every $ref resolves.
    /// </summary>
    public static JsonSchemaSet Load(string schemasDirectory)
    {
        var resources = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        var byFileName = new Dictionary<string, Uri>(StringComparer.Ordinal);
        foreach (var path in Directory.GetFiles(schemasDirectory, "*.schema").Order(StringComparer.Ordinal))
        {
            var root = JsonNode.Parse(File.ReadAllText(path))
                ?? throw new InvalidDataException($"{path}: a schema file holds null");
            var id = root is JsonObject rootObject && rootObject["$id"] is JsonValue idValue
                ? new Uri(idValue.GetValue<string>(), UriKind.Absolute)
                : new Uri(Path.GetFullPath(path));
            if (!resources.TryAdd(DocumentKey(id), root))
            {
                throw new InvalidDataException($"{path}: $id {id} is already taken by another schema file");
            }

            byFileName.Add(Path.GetFileName(path), id);
        }

        var set = new JsonSchemaSet(resources, byFileName);
        foreach (var id in byFileName.Values)
        {
            set.CheckVocabulary(resources[DocumentKey(id)], id, FileLabel(id), isResourceRoot: true);
        }

        return set;
    }

    /// <summary>Whether a schema file of this name was loaded.</summary>
    public bool Contains(string schemaFileName) => _byFileName.ContainsKey(schemaFileName);

    /// <summary>Whether <paramref name="instance"/> (null for JSON null) is valid against the named schema file.</summary>
    public bool IsValid(string schemaFileName, JsonNode? instance) => FirstFailure(schemaFileName, instance) is null;

    /// <summary>Null when the instance is valid; otherwise the first failed assertion, with instance and schema locations.</summary>
    public string? FirstFailure(string schemaFileName, JsonNode? instance)
    {
        if (!_byFileName.TryGetValue(schemaFileName, out var id))
        {
            throw new ArgumentException($"no schema file named '{schemaFileName}' was loaded", nameof(schemaFileName));
        }

        return Evaluate(_resources[DocumentKey(id)], instance, new Location(id, FileLabel(id) + "#", ""), depth: 0);
    }

    private string? Evaluate(JsonNode? schema, JsonNode? instance, Location at, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidOperationException($"{at.Schema}: $ref nesting exceeds {MaxDepth}; the schemas probably loop");
        }

        if (schema is JsonValue boolean && boolean.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return boolean.GetValue<bool>() ? null : at.Fail("the false schema accepts nothing");
        }

        var keywords = schema as JsonObject ?? throw new InvalidDataException($"{at.Schema}: not a schema");
        foreach (var (keyword, value) in keywords)
        {
            var failure = EvaluateKeyword(keywords, keyword, value, instance, at.Keyword(keyword), depth);
            if (failure is not null)
            {
                return failure;
            }
        }

        return null;
    }

    private string? EvaluateKeyword(JsonObject schema, string keyword, JsonNode? keywordValue, JsonNode? instance, Location at, int depth)
    {
        // Only const, and annotations such as default, may hold JSON null.
        if (keyword == "const")
        {
            return JsonDeepEquality.AreEqual(keywordValue, instance) ? null : at.Fail($"{Show(instance)} is not {Show(keywordValue)}");
        }

        if (Annotations.Contains(keyword))
        {
            return null;
        }

        var value = keywordValue ?? throw new InvalidDataException($"{at.Schema}: null is not a valid value here");
        var kind = JsonDeepEquality.KindOf(instance);
        switch (keyword)
        {
            case "$ref":
                var (target, targetBase, targetLabel) = Resolve(at.Base, value.GetValue<string>(), at.Schema);
                return Evaluate(target, instance, new Location(targetBase, targetLabel, at.Instance), depth + 1);
            case "type":
                var names = value is JsonArray list ? list.Select(n => n!.GetValue<string>()).ToArray() : [value.GetValue<string>()];
                return names.Any(name => HasType(instance, kind, name))
                    ? null
                    : at.Fail($"expected type {string.Join(" or ", names)}, found {kind}");
            case "enum":
                return value.AsArray().Any(allowed => JsonDeepEquality.AreEqual(allowed, instance))
                    ? null
                    : at.Fail($"{Show(instance)} is not one of {value.ToJsonString()}");
            case "allOf":
                var index = 0;
                foreach (var part in value.AsArray())
                {
                    if (Evaluate(part, instance, at.Keyword(index++.ToString(System.Globalization.CultureInfo.InvariantCulture)), depth + 1) is { } failure)
                    {
                        return failure;
                    }
                }

                return null;
            case "anyOf":
                var anyFailures = Branches(value, instance, at, depth);
                return anyFailures.Any(f => f is null)
                    ? null
                    : at.Fail($"no branch matched; first branch: {anyFailures[0]}");
            case "oneOf":
                var oneFailures = Branches(value, instance, at, depth);
                var matched = oneFailures.Count(f => f is null);
                return matched switch
                {
                    1 => null,
                    0 => at.Fail($"no branch matched; first branch: {oneFailures[0]}"),
                    _ => at.Fail($"{matched} branches matched, exactly one must"),
                };
            case "not":
                return Evaluate(value, instance, at, depth + 1) is null ? at.Fail("the instance matches the negated schema") : null;
            case "if":
                var conditionHolds = Evaluate(value, instance, at, depth + 1) is null;
                var branch = conditionHolds ? "then" : "else";
                return schema.TryGetPropertyValue(branch, out var consequence)
                    ? Evaluate(consequence, instance, at.Sibling(branch), depth + 1)
                    : null;
            case "then" or "else" or "minContains" or "maxContains" or "$defs":
                // Read by their siblings (if, contains) or only reachable through $ref.
                return null;
        }

        return kind switch
        {
            JsonValueKind.Object => EvaluateObjectKeyword(schema, keyword, value, instance!.AsObject(), at, depth),
            JsonValueKind.Array => EvaluateArrayKeyword(schema, keyword, value, instance!.AsArray(), at, depth),
            JsonValueKind.Number => EvaluateNumberKeyword(keyword, value, instance!, at),
            JsonValueKind.String => EvaluateStringKeyword(keyword, value, instance!.GetValue<string>(), at),
            _ => Applies(keyword, kind),
        };
    }

    private string? EvaluateObjectKeyword(JsonObject schema, string keyword, JsonNode value, JsonObject instance, Location at, int depth)
    {
        switch (keyword)
        {
            case "required":
                var missing = value.AsArray().Select(n => n!.GetValue<string>()).FirstOrDefault(name => !instance.ContainsKey(name));
                return missing is null ? null : at.Fail($"missing required member '{missing}'");
            case "properties":
                foreach (var (name, member) in instance)
                {
                    if (value.AsObject().TryGetPropertyValue(name, out var memberSchema)
                        && Evaluate(memberSchema, member, at.Keyword(name).Member(name), depth + 1) is { } failure)
                    {
                        return failure;
                    }
                }

                return null;
            case "additionalProperties":
                var declared = schema["properties"] as JsonObject;
                foreach (var (name, member) in instance)
                {
                    if (declared?.ContainsKey(name) != true && Evaluate(value, member, at.Member(name), depth + 1) is { } failure)
                    {
                        return failure;
                    }
                }

                return null;
            default:
                return Applies(keyword, JsonValueKind.Object);
        }
    }

    private string? EvaluateArrayKeyword(JsonObject schema, string keyword, JsonNode value, JsonArray instance, Location at, int depth)
    {
        switch (keyword)
        {
            case "minItems":
                return instance.Count >= value.GetValue<int>() ? null : at.Fail($"{instance.Count} items, at least {value} required");
            case "maxItems":
                return instance.Count <= value.GetValue<int>() ? null : at.Fail($"{instance.Count} items, at most {value} allowed");
            case "uniqueItems":
                if (!value.GetValue<bool>())
                {
                    return null;
                }

                for (var i = 0; i < instance.Count; i++)
                {
                    for (var j = i + 1; j < instance.Count; j++)
                    {
                        if (JsonDeepEquality.AreEqual(instance[i], instance[j]))
                        {
                            return at.Fail($"items {i} and {j} are equal ({Show(instance[i])})");
                        }
                    }
                }

                return null;
            case "prefixItems":
                var prefix = value.AsArray();
                for (var i = 0; i < Math.Min(prefix.Count, instance.Count); i++)
                {
                    if (Evaluate(prefix[i], instance[i], at.Keyword(Index(i)).Item(i), depth + 1) is { } failure)
                    {
                        return failure;
                    }
                }

                return null;
            case "items":
                // In 2020-12, items covers only what prefixItems leaves over.
                var start = (schema["prefixItems"] as JsonArray)?.Count ?? 0;
                for (var i = start; i < instance.Count; i++)
                {
                    if (Evaluate(value, instance[i], at.Item(i), depth + 1) is { } failure)
                    {
                        return failure;
                    }
                }

                return null;
            case "contains":
                var matches = instance.Count(item => Evaluate(value, item, at, depth + 1) is null);
                var min = schema["minContains"]?.GetValue<int>() ?? 1;
                var max = schema["maxContains"]?.GetValue<int>();
                if (matches < min)
                {
                    return at.Fail($"{matches} items match 'contains', at least {min} required");
                }

                return matches > max ? at.Fail($"{matches} items match 'contains', at most {max} allowed") : null;
            default:
                return Applies(keyword, JsonValueKind.Array);
        }
    }

    private static string? EvaluateNumberKeyword(string keyword, JsonNode value, JsonNode instance, Location at)
    {
        var order = keyword is "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum"
            ? JsonDeepEquality.CompareNumbers(instance, value)
            : 0;
        var holds = keyword switch
        {
            "minimum" => order >= 0,
            "maximum" => order <= 0,
            "exclusiveMinimum" => order > 0,
            "exclusiveMaximum" => order < 0,
            _ => Applies(keyword, JsonValueKind.Number) is null,
        };
        return holds ? null : at.Fail($"{Show(instance)} violates {keyword} {value.ToJsonString()}");
    }

    private static string? EvaluateStringKeyword(string keyword, JsonNode value, string instance, Location at)
    {
        switch (keyword)
        {
            case "minLength" or "maxLength":
                // Lengths count code points, not UTF-16 units.
                var length = instance.EnumerateRunes().Count();
                var limit = value.GetValue<int>();
                var holds = keyword == "minLength" ? length >= limit : length <= limit;
                return holds ? null : at.Fail($"length {length} violates {keyword} {limit}");
            case "pattern":
                var pattern = value.GetValue<string>();
                return PatternOf(pattern).IsMatch(instance) ? null : at.Fail($"\"{instance}\" does not match /{pattern}/");
            default:
                return Applies(keyword, JsonValueKind.String);
        }
    }

    /// <summary>
    /// For a keyword that does not apply to this kind of instance: passes if it is a known assertion (it constrains
    /// other kinds only), throws otherwise so an unsupported keyword never passes unnoticed.
    /// </summary>
    private static string? Applies(string keyword, JsonValueKind kind) =>
        Assertions.Contains(keyword) || SchemaValued.Contains(keyword) || SchemaArrayValued.Contains(keyword) || SchemaMapValued.Contains(keyword)
            ? null
            : throw new NotSupportedException($"JSON Schema keyword '{keyword}' is not supported (instance kind {kind})");

    private List<string?> Branches(JsonNode branches, JsonNode? instance, Location at, int depth) =>
        branches.AsArray().Select((branch, i) => Evaluate(branch, instance, at.Keyword(Index(i)), depth + 1)).ToList();

    private static bool HasType(JsonNode? instance, JsonValueKind kind, string name) => name switch
    {
        "null" => kind == JsonValueKind.Null,
        "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
        "object" => kind == JsonValueKind.Object,
        "array" => kind == JsonValueKind.Array,
        "string" => kind == JsonValueKind.String,
        "number" => kind == JsonValueKind.Number,
        // 2020-12 counts 1.0 as an integer: the type is about the value, not its spelling.
        "integer" => kind == JsonValueKind.Number && JsonDeepEquality.IsIntegral(instance!),
        _ => throw new InvalidDataException($"unknown JSON Schema type '{name}'"),
    };

    private static Regex PatternOf(string pattern) => Patterns.GetOrAdd(pattern, static p =>
    {
        // ECMAScript semantics are what the schemas mean; fall back to .NET's dialect for constructs it rejects.
        try
        {
            return new Regex(p, RegexOptions.ECMAScript | RegexOptions.CultureInvariant);
        }
        catch (ArgumentException)
        {
            return new Regex(p, RegexOptions.CultureInvariant);
        }
    });

    private (JsonNode? Schema, Uri Base, string Label) Resolve(Uri baseUri, string reference, string from)
    {
        var target = new Uri(baseUri, reference);
        if (!_resources.TryGetValue(DocumentKey(target), out var document))
        {
            throw new InvalidDataException($"{from}: $ref '{reference}' resolves to {target}, which is not loaded");
        }

        var resourceBase = new Uri(DocumentKey(target));
        var pointer = Uri.UnescapeDataString(target.Fragment.TrimStart('#'));
        if (pointer.Length == 0)
        {
            return (document, resourceBase, FileLabel(resourceBase) + "#");
        }

        if (pointer[0] != '/')
        {
            throw new NotSupportedException($"{from}: $ref '{reference}' uses an anchor; only JSON pointers are supported");
        }

        JsonNode? node = document;
        foreach (var token in pointer[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)))
        {
            node = node switch
            {
                JsonObject members when members.TryGetPropertyValue(token, out var member) => member,
                JsonArray items when int.TryParse(token, out var i) && i >= 0 && i < items.Count => items[i],
                _ => throw new InvalidDataException($"{from}: $ref '{reference}' points at nothing"),
            };
        }

        return (node, resourceBase, FileLabel(resourceBase) + "#" + pointer);
    }

    /// <summary>Rejects any keyword the evaluator does not implement and any $ref that does not resolve, before evaluating anything.</summary>
    private void CheckVocabulary(JsonNode? schema, Uri baseUri, string at, bool isResourceRoot)
    {
        if (schema is JsonValue boolean && boolean.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return;
        }

        var keywords = schema as JsonObject ?? throw new InvalidDataException($"{at}: not a schema");
        foreach (var (keyword, value) in keywords)
        {
            var where = at + "/" + keyword;
            if (keyword == "$schema" && value!.GetValue<string>() != Draft202012)
            {
                throw new NotSupportedException($"{where}: only draft 2020-12 is supported, found {value}");
            }

            if (keyword == "$id" && !isResourceRoot)
            {
                // An embedded resource would change the base URI of relative $refs beneath it.
                throw new NotSupportedException($"{where}: embedded schema resources are not supported");
            }

            if (keyword == "$ref")
            {
                _ = Resolve(baseUri, value!.GetValue<string>(), where);
            }
            else if (SchemaValued.Contains(keyword))
            {
                CheckVocabulary(value, baseUri, where, isResourceRoot: false);
            }
            else if (SchemaArrayValued.Contains(keyword))
            {
                var i = 0;
                foreach (var part in value!.AsArray())
                {
                    CheckVocabulary(part, baseUri, where + "/" + Index(i++), isResourceRoot: false);
                }
            }
            else if (SchemaMapValued.Contains(keyword))
            {
                foreach (var (name, part) in value!.AsObject())
                {
                    CheckVocabulary(part, baseUri, where + "/" + name, isResourceRoot: false);
                }
            }
            else if (!Assertions.Contains(keyword) && !Annotations.Contains(keyword))
            {
                throw new NotSupportedException($"{where}: JSON Schema keyword '{keyword}' is not supported");
            }
        }
    }

    private static string DocumentKey(Uri uri) => uri.GetLeftPart(UriPartial.Query);

    private static string FileLabel(Uri uri) => uri.Segments.Length > 0 ? uri.Segments[^1] : uri.ToString();

    private static string Index(int i) => i.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Show(JsonNode? instance)
    {
        var text = instance?.ToJsonString() ?? "null";
        return text.Length <= 80 ? text : text[..77] + "...";
    }

    /// <summary>Where evaluation stands: the base URI for relative $refs, the schema keyword path and the instance pointer.</summary>
    private readonly record struct Location(Uri Base, string Schema, string Instance)
    {
        public Location Keyword(string keyword) => this with { Schema = Schema + "/" + keyword };

        public Location Sibling(string keyword) => this with { Schema = Schema[..Schema.LastIndexOf('/')] + "/" + keyword };

        public Location Member(string name) =>
            this with { Instance = Instance + "/" + name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal) };

        public Location Item(int index) => this with { Instance = Instance + "/" + Index(index) };

        public string Fail(string message) => $"at '{(Instance.Length == 0 ? "/" : Instance)}': {message} [{Schema}]";
    }
}
