using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Ngff;
using Tessera.Zarr;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Storage;

namespace Tessera.Cli;

/// <summary>
/// <c>tessera info PATH_OR_URL [--json] [--tree]</c>: for an OME-Zarr group, its OME-NGFF summary; otherwise the tree
/// of groups and arrays with their layout and attributes.
/// </summary>
internal static class InfoCommand
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var location = new Argument<string>("PATH_OR_URL") { Description = "A Zarr group or array: directory, .zip/.ozx file, or http(s) URL" };
        var json = new Option<bool>("--json") { Description = "Print the tree as JSON (with an \"ngff\" object for OME-Zarr groups)" };
        var tree = new Option<bool>("--tree") { Description = "For OME-Zarr groups, also show the Zarr tree below the OME-NGFF summary" };
        var command = new Command("info", "Show an OME-Zarr group's OME-NGFF summary, or the groups and arrays of a Zarr hierarchy") { location, json, tree };
        command.SetAction((result, token) => CommandFailure.RunAsync(async () =>
        {
            await using var opened = StoreLocation.OpenRead(result.GetValue(location)!);
            var node = await ZarrNode.OpenAsync(opened.Store, opened.Path, token).ConfigureAwait(false);
            var errors = 0;
            var ngffNode = node is ZarrGroup ? await TryOpenNgffAsync(opened.Store, opened.Path, token).ConfigureAwait(false) : null;
            var ngff = ngffNode is null ? null : await NgffSummary.DescribeAsync(ngffNode, () => errors++, token).ConfigureAwait(false);

            // The summary already lists every level's layout; the whole tree of a plate can be thousands of
            // arrays, so for OME-Zarr groups it is shown only on request.
            var recursive = ngff is null || result.GetValue(tree);
            var description = await DescribeAsync(node, recursive, () => errors++, token).ConfigureAwait(false);
            if (ngff is not null)
            {
                description["ngff"] = ngff;
            }

            if (result.GetValue(json))
            {
                Console.WriteLine(description.ToJsonString(Indented));
            }
            else if (ngff is not null)
            {
                NgffSummary.Print(node.Path.Length == 0 ? "/" : node.Path, (int)node.ZarrFormat, ngff);
                if (recursive)
                {
                    Console.WriteLine();
                    Print(description, "", "", isRoot: true);
                }
            }
            else
            {
                Print(description, "", "", isRoot: true);
            }

            return errors == 0 ? 0 : CommandFailure.Failed;
        }));
        return command;
    }

    /// <summary>The group's OME-NGFF view, or null when it has no OME-NGFF metadata (or none that can be read).</summary>
    private static async Task<NgffNode?> TryOpenNgffAsync(IStore store, string path, CancellationToken token)
    {
        try
        {
            var node = await NgffNode.OpenAsync(store, path, token).ConfigureAwait(false);
            return node.Kind == NgffKind.None ? null : node;
        }
        catch (ZarrException)
        {
            return null;
        }
    }

    private static async Task<JsonObject> DescribeAsync(ZarrNode node, bool recursive, Action onError, CancellationToken token)
    {
        var json = new JsonObject
        {
            ["path"] = node.Path,
            ["node_type"] = node is ZarrArray ? "array" : "group",
            ["zarr_format"] = (int)node.ZarrFormat,
        };
        if (node is ZarrArray array)
        {
            var metadata = array.Metadata;
            json["shape"] = new JsonArray([.. metadata.Shape.Select(e => JsonValue.Create(e))]);
            json["chunks"] = new JsonArray([.. metadata.InnerChunkShape.Select(e => JsonValue.Create(e))]);
            json["shards"] = metadata.Sharding is null ? null : new JsonArray([.. metadata.ChunkShape.Select(e => JsonValue.Create(e))]);
            json["data_type"] = metadata.DataType.ToV3Json();
            json["fill_value"] = metadata.FillValue.ToJson(metadata.ZarrFormat);
            json["codecs"] = new JsonArray([.. metadata.Codecs.Select(c => (JsonNode)c.ToV3Json())]);
            json["chunk_key_encoding"] = metadata.ChunkKeyEncoding.ToV3Json();
            json["dimension_names"] = metadata.DimensionNames is { } names ? new JsonArray([.. names.Select(n => n is null ? null : JsonValue.Create(n))]) : null;
        }

        json["attributes"] = node.Attributes.DeepClone();
        if (recursive && node is ZarrGroup group)
        {
            var children = new JsonArray();
            if (!group.CanListChildren)
            {
                json["children_unlisted"] = "the store cannot list and the group has no consolidated metadata";
            }

            foreach (var name in await group.ListChildrenAsync(token).ConfigureAwait(false))
            {
                try
                {
                    var child = await group.OpenChildAsync(name, null, token).ConfigureAwait(false);
                    children.Add(await DescribeAsync(child, recursive, onError, token).ConfigureAwait(false));
                }
                catch (ZarrException e)
                {
                    onError();
                    children.Add(new JsonObject { ["path"] = StoreKey.Join(group.Path, name), ["error"] = e.Message });
                }
            }

            json["children"] = children;
        }

        return json;
    }

    private static void Print(JsonObject node, string indent, string branch, bool isRoot)
    {
        var path = node["path"]!.GetValue<string>();
        var name = isRoot ? (path.Length == 0 ? "/" : path) : path[(path.LastIndexOf('/') + 1)..];
        if (node["error"] is { } error)
        {
            Console.WriteLine($"{indent}{branch}{name}  (unreadable: {error.GetValue<string>()})");
            return;
        }

        var type = node["node_type"]!.GetValue<string>();
        Console.WriteLine($"{indent}{branch}{name}  {type} · Zarr v{node["zarr_format"]}");
        var detail = indent + (isRoot ? "" : branch.StartsWith('└') ? "   " : "│  ");
        var children = node["children"] as JsonArray;
        var bar = children is { Count: > 0 } ? "│  " : "   ";
        if (type == "array")
        {
            var sharded = node["shards"] is JsonArray;
            Field(detail + bar, "shape", Shape(node["shape"]));
            Field(detail + bar, "chunks", Shape(node["chunks"]) + (sharded ? $"  in shards of {Shape(node["shards"])}" : ""));
            Field(detail + bar, "dtype", $"{DataTypeText(node["data_type"])}, fill {node["fill_value"]?.ToJsonString(Compact) ?? "null"}");
            Field(detail + bar, "codecs", CodecsText(node["codecs"] as JsonArray));
            if (node["dimension_names"] is JsonArray names)
            {
                Field(detail + bar, "dimensions", string.Join(", ", names.Select(n => n?.GetValue<string>() ?? "–")));
            }
        }

        if (node["attributes"] is JsonObject { Count: > 0 } attributes)
        {
            var text = attributes.ToJsonString(Compact);
            Field(detail + bar, "attributes", text.Length > 240 ? text[..237] + "…" : text);
        }

        if (node["children_unlisted"] is { } reason)
        {
            Field(detail + bar, "children", $"not listed: {reason.GetValue<string>()}");
        }

        if (children is null)
        {
            return;
        }

        for (var i = 0; i < children.Count; i++)
        {
            var last = i == children.Count - 1;
            Print((JsonObject)children[i]!, detail, last ? "└─ " : "├─ ", isRoot: false);
        }
    }

    private static void Field(string indent, string label, string value) => Console.WriteLine($"{indent}{label,-12}{value}");

    internal static string Shape(JsonNode? shape) => shape is JsonArray array ? string.Join(" × ", array.Select(e => e!.ToJsonString())) : "";

    internal static string DataTypeText(JsonNode? dataType) => dataType switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonObject obj => $"{obj["name"]}[{obj["configuration"]?["scale_factor"]}{obj["configuration"]?["unit"]}]",
        _ => "?",
    };

    internal static string CodecsText(JsonArray? codecs) =>
        codecs is null ? "" : string.Join(" → ", codecs.Select(c => CodecText((JsonObject)c!)));

    private static string CodecText(JsonObject codec)
    {
        var name = codec["name"]!.GetValue<string>();
        var configuration = codec["configuration"] as JsonObject;
        if (name == "sharding_indexed" && configuration is not null)
        {
            return $"sharding_indexed[{CodecsText(configuration["codecs"] as JsonArray)}; index {CodecsText(configuration["index_codecs"] as JsonArray)} at {configuration["index_location"]}]";
        }

        var text = configuration is null || configuration.Count == 0
            ? name
            : $"{name}({string.Join(", ", configuration.Select(p => $"{p.Key}={p.Value?.ToJsonString(Compact)}"))})";
        return CodecRegistry.IsSupported(name) ? text : text + " [unsupported]";
    }
}
