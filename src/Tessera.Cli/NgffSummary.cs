using System.Text.Json.Nodes;
using Tessera.Ngff;
using Tessera.Zarr;

namespace Tessera.Cli;

/// <summary>
/// The OME-NGFF part of <c>tessera info</c>: what the node is and what a viewer would need to know about it
/// (axes, levels, channels, labels; plate layout; wells' fields; series), as JSON and as text.
/// </summary>
internal static class NgffSummary
{
    public static async Task<JsonObject> DescribeAsync(NgffNode node, Action onError, CancellationToken token)
    {
        var metadata = node.Metadata;
        var json = new JsonObject
        {
            ["kind"] = node.Kind.ToString(),
            ["version"] = node.Version?.ToText(),
        };
        var errors = node.Problems.Where(p => p.Severity == NgffSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            json["problems"] = new JsonArray([.. errors.Select(p => (JsonNode)p.ToString())]);
        }

        if (metadata.Multiscale is { } multiscale)
        {
            await DescribeImageAsync(node, multiscale, json, onError, token).ConfigureAwait(false);
        }

        if (metadata.Omero is { } omero)
        {
            json["channels"] = new JsonArray([.. omero.Channels.Select(c => (JsonNode)new JsonObject
            {
                ["label"] = c.Label,
                ["color"] = c.Color,
                ["window"] = new JsonObject { ["start"] = c.Window.Start, ["end"] = c.Window.End, ["min"] = c.Window.Min, ["max"] = c.Window.Max },
                ["active"] = c.Active,
            })]);
        }

        if (metadata.ImageLabel is { } label)
        {
            json["image_label"] = new JsonObject { ["colors"] = label.Colors?.Count ?? 0, ["properties"] = label.Properties?.Count ?? 0, ["source_image"] = label.SourceImage };
        }

        if (metadata.Kind == NgffKind.Labels)
        {
            json["labels"] = await DescribeLabelsAsync(node, "", metadata.Labels!, onError, token).ConfigureAwait(false);
        }
        else if (metadata.Kind == NgffKind.Image)
        {
            var names = await ListLabelsAsync(node, onError, token).ConfigureAwait(false);
            json["labels"] = await DescribeLabelsAsync(node, "labels", names, onError, token).ConfigureAwait(false);
        }

        if (metadata.Plate is { } plate)
        {
            json["plate"] = new JsonObject
            {
                ["name"] = plate.Name,
                ["rows"] = Strings(plate.Rows),
                ["columns"] = Strings(plate.Columns),
                ["wells"] = plate.Wells.Count,
                ["fields_per_well"] = plate.FieldCount ?? await FieldsOfFirstWellAsync(node, plate, token).ConfigureAwait(false),
                ["acquisitions"] = new JsonArray([.. (plate.Acquisitions ?? []).Select(a => (JsonNode)new JsonObject { ["id"] = a.Id, ["name"] = a.Name })]),
            };
        }

        if (metadata.Well is { } well)
        {
            json["fields"] = new JsonArray([.. well.Images.Select(i => (JsonNode)new JsonObject { ["path"] = i.Path, ["acquisition"] = i.Acquisition })]);
        }

        if (metadata.Kind == NgffKind.Bioformats2RawCollection)
        {
            json["series"] = Strings(await node.ListSeriesAsync(token).ConfigureAwait(false));
        }
        else if (metadata.Series is { } series)
        {
            json["series"] = Strings(series);
        }

        return json;
    }

    private static async Task DescribeImageAsync(NgffNode node, Multiscale multiscale, JsonObject json, Action onError, CancellationToken token)
    {
        json["name"] = multiscale.Name;
        if (node.Metadata.Multiscales!.Count > 1)
        {
            json["multiscales"] = node.Metadata.Multiscales.Count; // only the first is described
        }

        json["axes"] = new JsonArray([.. multiscale.Axes.Select(a => (JsonNode)new JsonObject { ["name"] = a.Name, ["type"] = a.Type, ["unit"] = a.Unit })]);
        var levels = new JsonArray();
        for (var i = 0; i < multiscale.Datasets.Count; i++)
        {
            var dataset = multiscale.Datasets[i];
            var level = new JsonObject { ["path"] = dataset.Path };
            try
            {
                var array = await node.OpenLevelAsync(i, cancellationToken: token).ConfigureAwait(false);
                var meta = array.Metadata;
                level["shape"] = Numbers(meta.Shape);
                level["chunks"] = Numbers(meta.InnerChunkShape);
                level["shards"] = meta.Sharding is null ? null : Numbers(meta.ChunkShape);
                level["data_type"] = meta.DataType.ToV3Json();
                level["codecs"] = new JsonArray([.. meta.Codecs.Select(c => (JsonNode)c.ToV3Json())]);
            }
            catch (ZarrException e)
            {
                onError();
                level["error"] = e.Message;
            }

            level["scale"] = dataset.Scale is { } scale ? Numbers(scale) : null;
            level["translation"] = dataset.Translation is { } translation ? Numbers(translation) : null;
            levels.Add(level);
        }

        json["levels"] = levels;
    }

    private static async Task<IReadOnlyList<string>> ListLabelsAsync(NgffNode node, Action onError, CancellationToken token)
    {
        try
        {
            return await node.ListLabelsAsync(token).ConfigureAwait(false);
        }
        catch (ZarrException)
        {
            onError(); // a labels group that cannot be read; `tessera validate` says why
            return [];
        }
    }

    /// <summary>Each label image's levels (path, shape, data type), read from <paramref name="under"/> of <paramref name="node"/>.</summary>
    private static async Task<JsonArray> DescribeLabelsAsync(NgffNode node, string under, IReadOnlyList<string> names, Action onError, CancellationToken token)
    {
        var labels = new JsonArray();
        foreach (var name in names)
        {
            var entry = new JsonObject { ["name"] = name };
            try
            {
                var label = await node.OpenChildAsync(under.Length == 0 ? name : $"{under}/{name}", token).ConfigureAwait(false);
                var levels = new JsonArray();
                for (var i = 0; i < (label.Metadata.Multiscale?.Datasets.Count ?? 0); i++)
                {
                    var array = await label.OpenLevelAsync(i, cancellationToken: token).ConfigureAwait(false);
                    levels.Add(new JsonObject { ["path"] = label.Metadata.Multiscale!.Datasets[i].Path, ["shape"] = Numbers(array.Metadata.Shape), ["data_type"] = array.Metadata.DataType.ToV3Json() });
                }

                entry["levels"] = levels;
            }
            catch (ZarrException e)
            {
                onError();
                entry["error"] = e.Message;
            }

            labels.Add(entry);
        }

        return labels;
    }

    private static async Task<int?> FieldsOfFirstWellAsync(NgffNode plate, Plate metadata, CancellationToken token)
    {
        if (metadata.Wells.Count == 0)
        {
            return null;
        }

        try
        {
            var well = await plate.OpenChildAsync(metadata.Wells[0].Path, token).ConfigureAwait(false);
            return well.Metadata.Well?.Images.Count;
        }
        catch (ZarrException)
        {
            return null;
        }
    }

    public static void Print(string name, int zarrFormat, JsonObject ngff)
    {
        var title = ngff["name"]?.GetValue<string>() is { } n ? $" \"{n}\"" : "";
        Console.WriteLine($"{name}  OME-NGFF {ngff["version"]?.GetValue<string>() ?? "?"} {NgffText.Kind(Enum.Parse<NgffKind>(ngff["kind"]!.GetValue<string>()))}{title} · Zarr v{zarrFormat}");
        const string indent = "   ";
        foreach (var problem in ngff["problems"] as JsonArray ?? [])
        {
            Field(indent, "problem", problem!.GetValue<string>());
        }

        if (ngff["axes"] is JsonArray axes)
        {
            Field(indent, "axes", string.Join(", ", axes.Select(a => $"{a!["name"]} ({string.Join(", ", new[] { a["type"], a["unit"] }.Where(v => v is not null))})".Replace(" ()", "", StringComparison.Ordinal))));
        }

        foreach (var level in ngff["levels"] as JsonArray ?? [])
        {
            var label = $"level {level!["path"]}";
            if (level["error"] is { } error)
            {
                Field(indent, label, $"(unreadable: {error.GetValue<string>()})");
                continue;
            }

            var scale = level["scale"] is JsonArray s ? $"  scale {List(s)}" : "";
            var translation = level["translation"] is JsonArray t ? $"  translation {List(t)}" : "";
            Field(indent, label, $"{InfoCommand.Shape(level["shape"])}  {InfoCommand.DataTypeText(level["data_type"])}{scale}{translation}");
            Field(indent, "", $"chunks {InfoCommand.Shape(level["chunks"])}{(level["shards"] is JsonArray ? $" in shards of {InfoCommand.Shape(level["shards"])}" : "")}");
            Field(indent, "", $"codecs {InfoCommand.CodecsText(level["codecs"] as JsonArray)}");
        }

        Rows(indent, "channels", ngff["channels"] as JsonArray, c =>
        {
            var window = c["window"]!;
            var active = c["active"]?.GetValue<bool>() switch { true => "  active", false => "  inactive", null => "" };
            return $"{c["label"]?.GetValue<string>() ?? "(no label)",-12} #{c["color"]}  window {window["start"]}–{window["end"]} of {window["min"]}–{window["max"]}{active}";
        });

        if (ngff["image_label"] is JsonObject imageLabel)
        {
            Field(indent, "image-label", $"{imageLabel["colors"]} colours, {imageLabel["properties"]} properties{(imageLabel["source_image"] is { } source ? $", source image {source}" : "")}");
        }

        Rows(indent, "labels", ngff["labels"] as JsonArray, l => l["error"] is { } error
            ? $"{l["name"]}  (unreadable: {error.GetValue<string>()})"
            : $"{l["name"]}  {InfoCommand.DataTypeText(l["levels"]!.AsArray().FirstOrDefault()?["data_type"])}  levels {string.Join(", ", l["levels"]!.AsArray().Select(v => InfoCommand.Shape(v!["shape"])))}");

        if (ngff["plate"] is JsonObject plate)
        {
            var rows = plate["rows"]!.AsArray();
            var columns = plate["columns"]!.AsArray();
            var fields = plate["fields_per_well"] is { } f ? $", {NgffText.Count(f.GetValue<int>(), "field")} per well" : "";
            Field(indent, "layout", $"{NgffText.Count(rows.Count, "row")} × {NgffText.Count(columns.Count, "column")}, {NgffText.Count(plate["wells"]!.GetValue<int>(), "well")}{fields}");
            Field(indent, "rows", List(rows));
            Field(indent, "columns", List(columns));
            Rows(indent, "acquisitions", plate["acquisitions"] as JsonArray, a => a["name"] is { } name ? $"{a["id"]}  {name}" : $"{a["id"]}");
        }

        if (ngff["fields"] is JsonArray wellFields)
        {
            Field(indent, "fields", string.Join(", ", wellFields.Select(f => f!["acquisition"] is { } a ? $"{f["path"]} (acquisition {a})" : $"{f["path"]}")));
        }

        if (ngff["series"] is JsonArray series)
        {
            Field(indent, "series", series.Count == 0 ? "(none found)" : List(series));
        }
    }

    private static void Rows(string indent, string label, JsonArray? items, Func<JsonNode, string> text)
    {
        if (items is not { Count: > 0 })
        {
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            Field(indent, i == 0 ? label : "", text(items[i]!));
        }
    }

    private static void Field(string indent, string label, string value) => Console.WriteLine($"{indent}{label,-13}{value}");

    private static string List(JsonArray values) => string.Join(", ", values.Select(v => v is JsonValue value && value.TryGetValue<string>(out var s) ? s : v?.ToJsonString()));

    private static JsonArray Numbers<T>(IEnumerable<T> values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)v)]);
}
