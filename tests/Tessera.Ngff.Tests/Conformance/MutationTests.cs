using System.Text;
using System.Text.Json.Nodes;
using Tessera.Ngff.Tests.Hierarchy;
using Tessera.Ngff.Tests.Schema;
using Tessera.Zarr.Storage;
using Xunit.Abstractions;

namespace Tessera.Ngff.Tests.Conformance;

/// <summary>
/// Thousands of mutated valid documents: reading and validating only ever produce validation results (no exception),
/// and whatever the official JSON schema rejects, our validator rejects too (it may reject more: the rules the schema
/// cannot express).
/// </summary>
public sealed class MutationTests(ITestOutputHelper output)
{
    private static readonly JsonNode?[] Replacements =
    [
        null, true, false, 0, -1, 1.5, 3, 256, 1e300, "", "x", "../x", "A/1", "1/A", "0.4", "0.5", "scale", "space", "time", "channel",
        new JsonObject(), new JsonArray(), new JsonArray(1, 2), new JsonArray("a", "b"), new JsonObject { ["name"] = "z" },
    ];

    [ConformanceTheory]
    [InlineData("0.4", 1500)]
    [InlineData("0.5", 1500)]
    [InlineData("main", 1500)]
    public void Mutated_documents_give_validation_results_and_never_miss_a_schema_error(string folder, int mutations)
    {
        var schemas = JsonSchemaSet.Load(ConformanceData.PathOf("ngff-spec", folder, "schemas"));
        var seeds = (folder == "main" ? NgffSpecCase.MainAttributes() : NgffSpecCase.Suites(folder).Concat(NgffSpecCase.Examples(folder)))
            .Where(c => c.Valid && schemas.Contains(c.SchemaFile)).ToList();
        // A fixed seed per folder, so a failure reproduces; TESSERA_MUTATIONS runs more for a deeper search.
        var random = new Random(folder.Sum(c => c) * 7919);
        mutations = int.TryParse(Environment.GetEnvironmentVariable("TESSERA_MUTATIONS"), out var more) ? more : mutations;
        int schemaInvalid = 0, beyondSchema = 0;
        var missed = new List<string>();
        for (var i = 0; i < mutations; i++)
        {
            var seed = seeds[random.Next(seeds.Count)];
            var document = (JsonObject)seed.Attributes.DeepClone();
            var steps = 1 + random.Next(3);
            for (var s = 0; s < steps; s++)
            {
                Mutate(document, random);
            }

            var result = NgffAttributes.Read(document, new NgffReadOptions { ExpectedVersion = seed.Version });
            var rejected = result.Problems.Any(p => p.Severity == NgffSeverity.Error || seed.Strict && p.Severity == NgffSeverity.Warning);
            // A mutation may turn one kind into another (a bioformats2raw plate that loses its layout is still a
            // valid plate), so non-strict seeds are judged by the schema of all kinds where the version has one.
            var schemaFile = !seed.Strict && schemas.Contains("ome_zarr.schema") ? "ome_zarr.schema" : seed.SchemaFile;
            var schemaFailure = schemas.FirstFailure(schemaFile, document);
            if (schemaFailure is not null)
            {
                schemaInvalid++;
                if (!rejected)
                {
                    missed.Add($"{seed.Name} mutated to {document.ToJsonString()}: schema says {schemaFailure}; we found {(result.Problems.Count == 0 ? "nothing" : string.Join("; ", result.Problems))}");
                }
            }
            else if (rejected)
            {
                beyondSchema++;
            }
        }

        output.WriteLine($"{folder}: {mutations} mutations of {seeds.Count} valid documents; schema rejects {schemaInvalid}, we reject all of those{(missed.Count > 0 ? $" but {missed.Count}" : "")}; we also reject {beyondSchema} the schema accepts (rules beyond the schema)");
        missed.Take(10).ToList().ForEach(m => output.WriteLine("  MISSED " + m));
        Assert.Empty(missed);
    }

    [Fact]
    public async Task Mutated_hierarchies_give_validation_results_only()
    {
        var random = new Random(3);
        var pristine = new MemoryStore();
        await SampleOmeZarr.WriteImageAsync(pristine, "", NgffVersion.V0_5, size: 16, levels: 2);
        await SampleOmeZarr.WritePlateAsync(pristine, "plate", NgffVersion.V0_5, rows: 1, columns: 2);
        var metadataKeys = pristine.Keys.Where(k => k.EndsWith("zarr.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        var invalid = 0;
        for (var i = 0; i < 300; i++)
        {
            var store = new MemoryStore();
            foreach (var key in pristine.Keys)
            {
                using var value = (await pristine.GetAsync(key))!;
                await store.SetAsync(key, value.Memory.ToArray());
            }

            var target = metadataKeys[random.Next(metadataKeys.Count)];
            using (var bytes = (await store.GetAsync(target))!)
            {
                var json = JsonNode.Parse(bytes.Memory.Span)!.AsObject();
                Mutate(json, random);
                await store.SetAsync(target, Encoding.UTF8.GetBytes(random.Next(20) == 0 ? json.ToJsonString()[..^1] : json.ToJsonString()));
            }

            var root = target.StartsWith("plate/", StringComparison.Ordinal) ? "plate" : "";
            try
            {
                var report = await NgffValidator.ValidateAsync(store, root);
                invalid += report.Valid ? 0 : 1;
            }
            catch (Tessera.Zarr.ZarrNodeNotFoundException)
            {
                // Only when the mutation turned the root's own metadata into something that is not a node.
                Assert.Contains(target, new[] { "zarr.json", "plate/zarr.json" });
            }
        }

        output.WriteLine($"300 mutated hierarchies: {invalid} invalid, no exception");
        Assert.InRange(invalid, 1, 300);
    }

    /// <summary>One random edit somewhere in the tree: replace, delete, duplicate, rename or wrap a value.</summary>
    private static void Mutate(JsonObject root, Random random)
    {
        var containers = new List<JsonNode>();
        Collect(root, containers);
        var container = containers[random.Next(containers.Count)];
        var replacement = Replacements[random.Next(Replacements.Length)]?.DeepClone();
        switch (container)
        {
            case JsonObject obj when obj.Count > 0:
                var key = obj.ElementAt(random.Next(obj.Count)).Key;
                switch (random.Next(4))
                {
                    case 0:
                        obj[key] = replacement;
                        break;
                    case 1:
                        obj.Remove(key);
                        break;
                    case 2:
                        var value = obj[key];
                        obj.Remove(key);
                        obj[key + "_"] = value;
                        break;
                    default:
                        var old = obj[key];
                        obj[key] = new JsonArray(old?.DeepClone());
                        break;
                }

                break;
            case JsonArray array when array.Count > 0:
                var index = random.Next(array.Count);
                switch (random.Next(3))
                {
                    case 0:
                        array[index] = replacement;
                        break;
                    case 1:
                        array.RemoveAt(index);
                        break;
                    default:
                        array.Add(array[index]?.DeepClone());
                        break;
                }

                break;
            case JsonObject obj:
                obj["name"] = replacement;
                break;
            case JsonArray array:
                array.Add(replacement);
                break;
        }
    }

    private static void Collect(JsonNode node, List<JsonNode> containers)
    {
        containers.Add(node);
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (var child in children)
        {
            if (child is JsonObject or JsonArray)
            {
                Collect(child, containers);
            }
        }
    }
}
