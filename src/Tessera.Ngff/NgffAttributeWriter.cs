using System.Text.Json.Nodes;

namespace Tessera.Ngff;

/// <summary>Writes the model as the JSON of one version: top-level blocks with per-block versions for 0.4, an <c>ome</c> block for 0.5 and 0.6.</summary>
internal static class NgffAttributeWriter
{
    private static readonly string[] OmeKeys =
        ["ome", "multiscales", "omero", "image-label", "labels", "plate", "well", "bioformats2raw.layout", "series", "scene"];

    public static JsonObject Write(NgffMetadata metadata, NgffVersion version, JsonObject? existing)
    {
        if (version < NgffVersion.V0_4)
        {
            throw new ArgumentException($"Tessera writes OME-NGFF 0.4 and later, not {version.ToText()}", nameof(version));
        }

        var result = existing is null ? [] : (JsonObject)existing.DeepClone();
        foreach (var key in OmeKeys)
        {
            result.Remove(key);
        }

        var content = new JsonObject();
        var blockVersion = version == NgffVersion.V0_4 ? version.ToText() : null;
        if (version.UsesOmeNamespace())
        {
            content["version"] = version.ToText();
        }

        if (metadata.Bioformats2RawLayout is { } layout)
        {
            content["bioformats2raw.layout"] = layout;
        }

        if (metadata.Multiscales is { } multiscales)
        {
            content["multiscales"] = new JsonArray([.. multiscales.Select(m => (JsonNode)WriteMultiscale(m, version))]);
        }

        if (metadata.Omero is { } omero)
        {
            content["omero"] = WriteOmero(omero);
        }

        if (metadata.ImageLabel is { } label)
        {
            content["image-label"] = WriteImageLabel(label, blockVersion);
        }

        if (metadata.Labels is { } labels)
        {
            content["labels"] = Strings(labels);
        }

        if (metadata.Plate is { } plate)
        {
            content["plate"] = WritePlate(plate, blockVersion);
        }

        if (metadata.Well is { } well)
        {
            var wellJson = new JsonObject();
            if (blockVersion is not null)
            {
                wellJson["version"] = blockVersion;
            }

            wellJson["images"] = new JsonArray([.. well.Images.Select(i => (JsonNode)Object(("path", i.Path), ("acquisition", i.Acquisition)))]);
            content["well"] = wellJson;
        }

        if (metadata.Series is { } series)
        {
            content["series"] = Strings(series);
        }

        if (metadata.Scene is { } scene)
        {
            if (version < NgffVersion.V0_6)
            {
                throw new ArgumentException($"scenes need OME-NGFF 0.6, not {version.ToText()}", nameof(version));
            }

            content["scene"] = scene.ToJsonObject();
        }

        if (version.UsesOmeNamespace())
        {
            result["ome"] = content;
        }
        else
        {
            foreach (var (key, value) in content.ToList())
            {
                content.Remove(key);
                result[key] = value;
            }
        }

        return result;
    }

    private static JsonObject WriteMultiscale(Multiscale multiscale, NgffVersion version)
    {
        var json = new JsonObject();
        if (version == NgffVersion.V0_4)
        {
            json["version"] = "0.4";
        }

        if (multiscale.Name is { } name)
        {
            json["name"] = name;
        }

        if (version >= NgffVersion.V0_6)
        {
            WriteMultiscaleV06(multiscale, json);
        }
        else
        {
            if (multiscale.CoordinateSystems.Count > 0 || multiscale.Transformations.Concat(multiscale.Datasets.SelectMany(d => d.Transformations)).Any(t => t is not (ScaleTransformation or TranslationTransformation) && !IsSimpleSequence(t)))
            {
                throw new ArgumentException($"this multiscale uses 0.6 coordinate transformations that OME-NGFF {version.ToText()} cannot express", nameof(version));
            }

            json["axes"] = new JsonArray([.. multiscale.Axes.Select(a => (JsonNode)WriteAxis(a))]);
            json["datasets"] = new JsonArray([.. multiscale.Datasets.Select(d => (JsonNode)new JsonObject
            {
                ["path"] = d.Path,
                ["coordinateTransformations"] = WriteScaleTranslation(Flatten(d.Transformations)),
            })]);
            if (multiscale.Transformations.Count > 0)
            {
                json["coordinateTransformations"] = WriteScaleTranslation(Flatten(multiscale.Transformations));
            }
        }

        if (multiscale.Type is { } type)
        {
            json["type"] = type;
        }

        if (multiscale.Metadata is { } metadata)
        {
            json["metadata"] = metadata.ToJsonObject();
        }

        return json;
    }

    private static bool IsSimpleSequence(CoordinateTransformation t) =>
        t is SequenceTransformation s && s.Transformations.All(x => x is ScaleTransformation or TranslationTransformation);

    private static IEnumerable<CoordinateTransformation> Flatten(IEnumerable<CoordinateTransformation> transformations) =>
        transformations.SelectMany(t => t is SequenceTransformation s ? s.Transformations : [t]);

    /// <summary>0.6: coordinate systems (one "physical" system built from the axes when the model has none) and levels mapped to it.</summary>
    private static void WriteMultiscaleV06(Multiscale multiscale, JsonObject json)
    {
        var systems = multiscale.CoordinateSystems.Count > 0
            ? multiscale.CoordinateSystems
            : [new CoordinateSystem("physical", multiscale.Axes)];
        var intrinsic = multiscale.Datasets.Select(d => d.Transformations.FirstOrDefault()?.Output?.Name).FirstOrDefault(n => n is not null) ?? systems[0].Name;
        json["coordinateSystems"] = new JsonArray([.. systems.Select(s => (JsonNode)new JsonObject
        {
            ["name"] = s.Name,
            ["axes"] = new JsonArray([.. s.Axes.Select(a => (JsonNode)WriteAxis(a))]),
        })]);
        json["datasets"] = new JsonArray([.. multiscale.Datasets.Select(d =>
        {
            var steps = Flatten(d.Transformations).ToList();
            CoordinateTransformation level = steps.Count == 1 ? steps[0] : new SequenceTransformation(steps);
            level = level with { Input = new TransformationEndpoint(null, d.Path), Output = new TransformationEndpoint(intrinsic) };
            return (JsonNode)new JsonObject { ["path"] = d.Path, ["coordinateTransformations"] = new JsonArray(WriteTransformation(level)) };
        })]);
        if (multiscale.Transformations.Count > 0)
        {
            if (multiscale.Transformations.Any(t => t.Input?.Name is null || t.Output?.Name is null))
            {
                throw new ArgumentException("0.6 multiscale transformations need input and output coordinate system names");
            }

            json["coordinateTransformations"] = new JsonArray([.. multiscale.Transformations.Select(t => (JsonNode)WriteTransformation(t))]);
        }
    }

    private static JsonObject WriteAxis(Axis axis)
    {
        var json = new JsonObject { ["name"] = axis.Name };
        if (axis.Type is { } type)
        {
            json["type"] = type;
        }

        if (axis.Unit is { } unit)
        {
            json["unit"] = unit;
        }

        if (axis.LongName is { } longName)
        {
            json["longName"] = longName;
        }

        if (axis.Discrete is { } discrete)
        {
            json["discrete"] = discrete;
        }

        return json;
    }

    private static JsonArray WriteScaleTranslation(IEnumerable<CoordinateTransformation> transformations) =>
        new([.. transformations.OrderBy(t => t is ScaleTransformation ? 0 : 1).Select(t => (JsonNode)WriteTransformation(t with { Input = null, Output = null, Name = null }))]);

    private static JsonObject WriteTransformation(CoordinateTransformation transformation)
    {
        var json = new JsonObject { ["type"] = transformation.Type };
        switch (transformation)
        {
            case ScaleTransformation scale:
                json["scale"] = Numbers(scale.Scale);
                break;
            case TranslationTransformation translation:
                json["translation"] = Numbers(translation.Translation);
                break;
            case SequenceTransformation sequence:
                json["transformations"] = new JsonArray([.. sequence.Transformations.Select(t => (JsonNode)WriteTransformation(t))]);
                break;
            case GeneralTransformation general:
                foreach (var (key, value) in general.Parameters.ToJsonObject().ToList())
                {
                    json[key] = value?.DeepClone();
                }

                break;
        }

        if (transformation.Name is { } name)
        {
            json["name"] = name;
        }

        if (transformation.Input is { } input)
        {
            json["input"] = Object(("name", input.Name), ("path", input.Path));
        }

        if (transformation.Output is { } output)
        {
            json["output"] = Object(("name", output.Name), ("path", output.Path));
        }

        return json;
    }

    private static JsonObject WriteOmero(OmeroMetadata omero)
    {
        var json = new JsonObject();
        if (omero.Id is { } id)
        {
            json["id"] = id;
        }

        if (omero.Name is { } name)
        {
            json["name"] = name;
        }

        json["channels"] = new JsonArray([.. omero.Channels.Select(c => (JsonNode)Object(
            ("color", c.Color),
            ("window", new JsonObject { ["min"] = c.Window.Min, ["max"] = c.Window.Max, ["start"] = c.Window.Start, ["end"] = c.Window.End }),
            ("label", c.Label),
            ("active", c.Active),
            ("inverted", c.Inverted),
            ("coefficient", c.Coefficient),
            ("family", c.Family)))]);
        if (omero.RenderingDefaults is { } rdefs)
        {
            json["rdefs"] = Object(("defaultZ", rdefs.DefaultZ), ("defaultT", rdefs.DefaultT), ("model", rdefs.Model));
        }

        return json;
    }

    private static JsonObject WriteImageLabel(ImageLabel label, string? blockVersion)
    {
        var json = new JsonObject();
        if (blockVersion is not null)
        {
            json["version"] = blockVersion;
        }

        if (label.Colors is { } colors)
        {
            json["colors"] = new JsonArray([.. colors.Select(c => (JsonNode)Object(
                ("label-value", c.LabelValue),
                ("rgba", c.Rgba is { } rgba ? new JsonArray([.. rgba.Select(v => (JsonNode)v)]) : null)))]);
        }

        if (label.Properties is { } properties)
        {
            json["properties"] = new JsonArray([.. properties.Select(p =>
            {
                var item = new JsonObject { ["label-value"] = p.LabelValue };
                foreach (var (key, value) in p.Values.ToJsonObject().ToList())
                {
                    item[key] = value?.DeepClone();
                }

                return (JsonNode)item;
            })]);
        }

        if (label.SourceImage is { } source)
        {
            json["source"] = new JsonObject { ["image"] = source };
        }

        return json;
    }

    private static JsonObject WritePlate(Plate plate, string? blockVersion)
    {
        var json = new JsonObject();
        if (blockVersion is not null)
        {
            json["version"] = blockVersion;
        }

        if (plate.Name is { } name)
        {
            json["name"] = name;
        }

        json["rows"] = new JsonArray([.. plate.Rows.Select(r => (JsonNode)new JsonObject { ["name"] = r })]);
        json["columns"] = new JsonArray([.. plate.Columns.Select(c => (JsonNode)new JsonObject { ["name"] = c })]);
        json["wells"] = new JsonArray([.. plate.Wells.Select(w => (JsonNode)new JsonObject { ["path"] = w.Path, ["rowIndex"] = w.RowIndex, ["columnIndex"] = w.ColumnIndex })]);
        if (plate.Acquisitions is { } acquisitions)
        {
            json["acquisitions"] = new JsonArray([.. acquisitions.Select(a => (JsonNode)Object(
                ("id", a.Id),
                ("name", a.Name),
                ("description", a.Description),
                ("maximumfieldcount", a.MaximumFieldCount),
                ("starttime", a.StartTime),
                ("endtime", a.EndTime)))]);
        }

        if (plate.FieldCount is { } fieldCount)
        {
            json["field_count"] = fieldCount;
        }

        return json;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);

    private static JsonArray Numbers(IEnumerable<double> values) => new([.. values.Select(v => (JsonNode)v)]);

    /// <summary>An object of the members whose value is not null.</summary>
    private static JsonObject Object(params (string Key, object? Value)[] members)
    {
        var json = new JsonObject();
        foreach (var (key, value) in members)
        {
            JsonNode? node = value switch
            {
                null => null,
                JsonNode n => n,
                string s => s,
                bool b => b,
                int i => i,
                long l => l,
                double d => d,
                _ => throw new ArgumentException($"unexpected value type {value.GetType().Name} for '{key}'"),
            };
            if (node is not null)
            {
                json[key] = node;
            }
        }

        return json;
    }
}
