using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tessera.Ngff;

internal sealed partial class NgffAttributeReader
{
    private static readonly HashSet<string> SpaceUnits =
    [
        "angstrom", "attometer", "centimeter", "decimeter", "exameter", "femtometer", "foot", "gigameter", "hectometer", "inch",
        "kilometer", "megameter", "meter", "micrometer", "mile", "millimeter", "nanometer", "parsec", "petameter", "picometer",
        "terameter", "yard", "yoctometer", "yottameter", "zeptometer", "zettameter",
    ];

    private static readonly HashSet<string> TimeUnits =
    [
        "attosecond", "centisecond", "day", "decisecond", "exasecond", "femtosecond", "gigasecond", "hectosecond", "hour",
        "kilosecond", "megasecond", "microsecond", "millisecond", "minute", "nanosecond", "petasecond", "picosecond", "second",
        "terasecond", "yoctosecond", "yottasecond", "zeptosecond", "zettasecond",
    ];

    private ValueList<Multiscale>? ReadMultiscales(JsonNode? node, string path)
    {
        var array = ArrayAt(node, path, minItems: 1, uniqueItems: true);
        if (array is null)
        {
            return null;
        }

        var result = new List<Multiscale>();
        for (var i = 0; i < array.Count; i++)
        {
            if (ObjectAt(array[i], JsonPaths.Item(path, i), "a multiscale") is { } obj
                && ReadMultiscale(obj, JsonPaths.Item(path, i)) is { } multiscale)
            {
                result.Add(multiscale);
            }
        }

        return result;
    }

    private Multiscale? ReadMultiscale(JsonObject obj, string path)
    {
        var version = _version;
        if (version <= NgffVersion.V0_4 && obj.ContainsKey("version"))
        {
            var text = StringMember(obj, "version", path);
            if (text is not null && !(NgffVersionText.TryParse(text, out var declared) && declared == version))
            {
                Error(JsonPaths.Member(path, "version"), $"must be \"{version.ToText()}\", found \"{text}\"");
            }
        }
        else if (version == NgffVersion.V0_4)
        {
            Warn(JsonPaths.Member(path, "version"), "missing (recommended): 0.4 multiscales should say their version");
        }

        var name = StringMember(obj, "name", path, Need.Recommended);
        var type = StringMember(obj, "type", path, Need.Recommended);
        JsonFields? metadata = null;
        if (Present(obj, "metadata", path, version >= NgffVersion.V0_4 ? Need.Recommended : Need.Optional))
        {
            metadata = ObjectAt(obj["metadata"], JsonPaths.Member(path, "metadata"), "'metadata'") is { } m ? new JsonFields(m) : null;
        }

        if (version < NgffVersion.V0_4)
        {
            return ReadLegacyMultiscale(obj, path, version) is { } legacy ? legacy with { Name = name, Type = type, Metadata = metadata } : null;
        }

        if (version >= NgffVersion.V0_6)
        {
            return ReadMultiscaleV06(obj, path) is { } v06 ? v06 with { Name = name, Type = type, Metadata = metadata } : null;
        }

        var axes = ReadImageAxes(obj, path);
        var datasets = new List<MultiscaleDataset>();
        if (ArrayMember(obj, "datasets", path, Need.Required, minItems: 1) is { } datasetArray)
        {
            for (var i = 0; i < datasetArray.Count; i++)
            {
                var datasetPath = JsonPaths.Item(JsonPaths.Member(path, "datasets"), i);
                if (ReadDataset(datasetArray[i], datasetPath) is not var (dataset, arrayPath))
                {
                    continue;
                }

                var transformations = Present(dataset, "coordinateTransformations", datasetPath, Need.Required)
                    ? ReadScaleTranslation(dataset["coordinateTransformations"], JsonPaths.Member(datasetPath, "coordinateTransformations"), axes?.Count, requireScale: true)
                    : null;
                if (arrayPath is not null && transformations is not null)
                {
                    datasets.Add(new MultiscaleDataset(arrayPath, transformations));
                }
            }

            CheckUniqueStrings([.. datasets.Select(d => d.Path)], JsonPaths.Member(path, "datasets"), "dataset path");
        }

        var global = obj.ContainsKey("coordinateTransformations")
            ? ReadScaleTranslation(obj["coordinateTransformations"], JsonPaths.Member(path, "coordinateTransformations"), axes?.Count, requireScale: false)
            : ValueList<CoordinateTransformation>.Empty;
        if (axes is null || global is null)
        {
            return null;
        }

        return new Multiscale(axes, datasets) { Transformations = global, Name = name, Type = type, Metadata = metadata };
    }

    /// <summary>0.1–0.3: no coordinate transformations; axes are absent (t, c, z, y, x) or a list of names.</summary>
    private Multiscale? ReadLegacyMultiscale(JsonObject obj, string path, NgffVersion version)
    {
        ValueList<Axis> axes = new Axis[] { Axis.OfTime(), Axis.OfChannel(), Axis.OfSpace("z"), Axis.OfSpace("y"), Axis.OfSpace("x") };
        if (version == NgffVersion.V0_3 && ArrayMember(obj, "axes", path, Need.Required, minItems: 2, maxItems: 5) is { } names)
        {
            var list = new List<Axis>();
            for (var i = 0; i < names.Count; i++)
            {
                if (JsonPaths.TryGetString(names[i], out var name))
                {
                    list.Add(new Axis(name, name switch { "t" => Axis.Time, "c" => Axis.Channel, "z" or "y" or "x" => Axis.Space, _ => null }));
                }
                else
                {
                    Error(JsonPaths.Item(JsonPaths.Member(path, "axes"), i), $"must be an axis name, found {JsonPaths.KindOf(names[i])}");
                }
            }

            axes = list;
        }

        var datasets = new List<MultiscaleDataset>();
        if (ArrayMember(obj, "datasets", path, Need.Required, minItems: 1) is { } array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (ReadDataset(array[i], JsonPaths.Item(JsonPaths.Member(path, "datasets"), i)) is (_, { } p))
                {
                    datasets.Add(new MultiscaleDataset(p, ValueList<CoordinateTransformation>.Empty));
                }
            }
        }

        return new Multiscale(axes, datasets);
    }

    /// <summary>A dataset entry: its object and its path (null when missing or not a string), the path checked to stay inside the hierarchy.</summary>
    private (JsonObject Dataset, string? Path)? ReadDataset(JsonNode? node, string path)
    {
        if (ObjectAt(node, path, "a dataset") is not { } dataset)
        {
            return null;
        }

        var arrayPath = StringMember(dataset, "path", path, Need.Required);
        if (arrayPath is not null)
        {
            CheckRelativePath(arrayPath, JsonPaths.Member(path, "path"));
        }

        return (dataset, arrayPath);
    }

    /// <summary>0.4/0.5 axes: 2–5 named axes, 2–3 of them space, ordered time, channel or custom, space.</summary>
    private ValueList<Axis>? ReadImageAxes(JsonObject obj, string path)
    {
        var axesPath = JsonPaths.Member(path, "axes");
        if (ArrayMember(obj, "axes", path, Need.Required, minItems: 2, maxItems: 5, uniqueItems: true) is not { } array)
        {
            return null;
        }

        var axes = new List<Axis>();
        var ok = true;
        for (var i = 0; i < array.Count; i++)
        {
            if (ReadAxis(array[i], JsonPaths.Item(axesPath, i), nonEmptyName: false) is { } axis)
            {
                axes.Add(axis);
            }
            else
            {
                ok = false;
            }
        }

        if (!ok)
        {
            return null;
        }

        CheckImageAxes(axes, axesPath);
        return axes;
    }

    private Axis? ReadAxis(JsonNode? node, string path, bool nonEmptyName)
    {
        if (ObjectAt(node, path, "an axis") is not { } obj)
        {
            return null;
        }

        var name = StringMember(obj, "name", path, Need.Required);
        if (name is not null && nonEmptyName && name.Length == 0)
        {
            Error(JsonPaths.Member(path, "name"), "must not be empty");
        }

        var type = StringMember(obj, "type", path, Need.Recommended);

        // Bio-Formats writes "unit": null on channel and time axes; the schema only constrains units of space axes.
        var nullUnit = obj.TryGetPropertyValue("unit", out var unitNode) && unitNode is null && type != Axis.Space;
        if (nullUnit)
        {
            Note(JsonPaths.Member(path, "unit"), "is null; omit 'unit' when there is none");
        }

        var unit = nullUnit ? null : StringMember(obj, "unit", path);
        var longName = StringMember(obj, "longName", path);
        var discrete = BooleanMember(obj, "discrete", path);
        if (unit is not null && (type == Axis.Space && !SpaceUnits.Contains(unit) || type == Axis.Time && !TimeUnits.Contains(unit)))
        {
            Warn(JsonPaths.Member(path, "unit"), $"'{unit}' is not a UDUNITS-2 {type} unit the specification lists (e.g. {(type == Axis.Space ? "micrometer" : "second")})");
        }

        if (type is not null && type is not (Axis.Space or Axis.Time or Axis.Channel) && (_version < NgffVersion.V0_6 || type is not ("array" or "coordinate" or "displacement" or "frequency")))
        {
            Warn(JsonPaths.Member(path, "type"), $"'{type}' is a custom axis type; readers may not understand it");
        }

        return name is null || (nonEmptyName && name.Length == 0) || (obj.ContainsKey("type") && type is null) || (obj.ContainsKey("unit") && unit is null && !nullUnit)
            ? null
            : new Axis(name, type, unit) { LongName = longName, Discrete = discrete };
    }

    /// <summary>The multiscale rules on axes, for 0.4/0.5 axes and 0.6 coordinate systems of images.</summary>
    private void CheckImageAxes(IReadOnlyList<Axis> axes, string path)
    {
        CheckUniqueStrings([.. axes.Select(a => a.Name)], path, "axis name");

        // The schema's "contains" counts untyped axes as space too, so at most 3 axes may be space or untyped.
        var spaceOrUntyped = axes.Count(a => a.Type is null or Axis.Space);
        var space = axes.Count(a => a.Type == Axis.Space);
        if (space < 2)
        {
            Error(path, $"must have 2 or 3 axes of type \"space\", found {space}");
        }
        else if (spaceOrUntyped > 3)
        {
            Error(path, spaceOrUntyped == space
                ? $"must have at most 3 axes of type \"space\", found {space}"
                : $"must have at most 3 axes that are of type \"space\" or untyped, found {spaceOrUntyped}");
        }

        if (axes.Count(a => a.Type == Axis.Time) > 1)
        {
            Error(path, "must have at most one axis of type \"time\"");
        }

        if (axes.Count(a => a.Type is not (Axis.Time or Axis.Space or "array")) > 1)
        {
            Error(path, "must have at most one channel or custom axis");
        }

        // Order: time, then channel or custom, then space.
        static int Rank(Axis axis) => axis.Type switch { Axis.Time => 0, Axis.Space => 2, _ => 1 };
        for (var i = 1; i < axes.Count; i++)
        {
            if (Rank(axes[i]) < Rank(axes[i - 1]))
            {
                Error(JsonPaths.Item(path, i), $"axis '{axes[i].Name}' ({axes[i].Type ?? "untyped"}) comes after '{axes[i - 1].Name}' ({axes[i - 1].Type ?? "untyped"}); axes must be ordered time, then channel or custom, then space");
                break;
            }
        }
    }

    /// <summary>0.4/0.5 transformations: scale and translation only, at most one scale (exactly one per dataset), translation after scale, one value per axis.</summary>
    private ValueList<CoordinateTransformation>? ReadScaleTranslation(JsonNode? node, string path, int? rank, bool requireScale)
    {
        if (ArrayAt(node, path, minItems: 1) is not { } array)
        {
            return null;
        }

        var result = new List<CoordinateTransformation>();
        var ok = true;
        for (var i = 0; i < array.Count; i++)
        {
            var itemPath = JsonPaths.Item(path, i);
            if (ObjectAt(array[i], itemPath, "a coordinate transformation") is not { } obj)
            {
                ok = false;
                continue;
            }

            var type = StringMember(obj, "type", itemPath, Need.Required);
            CoordinateTransformation? transformation = type switch
            {
                "scale" => Present(obj, "scale", itemPath, Need.Required, "a scale transformation needs its 'scale' array")
                    && NumberArray(obj["scale"], JsonPaths.Member(itemPath, "scale"), 2) is { } scale ? new ScaleTransformation(scale) : null,
                "translation" => Present(obj, "translation", itemPath, Need.Required, "a translation transformation needs its 'translation' array")
                    && NumberArray(obj["translation"], JsonPaths.Member(itemPath, "translation"), 2) is { } translation ? new TranslationTransformation(translation) : null,
                null => null,
                _ => Unknown(type, JsonPaths.Member(itemPath, "type")),
            };
            if (transformation is null)
            {
                ok = false;
                continue;
            }

            var values = transformation is ScaleTransformation s ? s.Scale : ((TranslationTransformation)transformation).Translation;
            if (rank is { } axes && values.Count != axes)
            {
                // 0.4's own suite declares a scale shorter than the axes valid; against the arrays it is an error anyway.
                (_version == NgffVersion.V0_4 ? (Action<string, string>)Warn : Error)(JsonPaths.Member(itemPath, transformation.Type), $"has {values.Count} values, the axes {axes}; there must be one per axis");
            }

            if (transformation is ScaleTransformation && values.Any(v => v <= 0))
            {
                Warn(JsonPaths.Member(itemPath, "scale"), "scale factors should be positive");
            }

            result.Add(transformation);
        }

        var scales = result.Count(t => t is ScaleTransformation);
        if (scales > 1)
        {
            Error(path, $"must contain at most one scale transformation, found {scales}");
        }
        else if (scales == 0 && requireScale && ok)
        {
            Error(path, "must contain exactly one scale transformation");
        }

        if (result.Count(t => t is TranslationTransformation) > 1)
        {
            Error(path, "must contain at most one translation transformation");
        }

        var firstTranslation = result.FindIndex(t => t is TranslationTransformation);
        if (firstTranslation >= 0 && result.FindIndex(t => t is ScaleTransformation) > firstTranslation)
        {
            Error(JsonPaths.Item(path, firstTranslation), "the translation must come after the scale");
        }

        return ok ? new ValueList<CoordinateTransformation>(result) : null;

        CoordinateTransformation? Unknown(string type, string typePath)
        {
            Error(typePath, $"must be \"scale\" or \"translation\" in OME-NGFF {_version.ToText()}, found \"{type}\"");
            return null;
        }
    }

    private OmeroMetadata? ReadOmero(JsonNode? node, string path)
    {
        if (ObjectAt(node, path, "'omero'") is not { } obj)
        {
            return null;
        }

        var channels = new List<OmeroChannel>();
        if (ArrayMember(obj, "channels", path, Need.Required) is { } array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (ReadChannel(array[i], JsonPaths.Item(JsonPaths.Member(path, "channels"), i)) is { } channel)
                {
                    channels.Add(channel);
                }
            }
        }

        OmeroRenderingDefaults? rdefs = null;
        if (obj.ContainsKey("rdefs") && ObjectAt(obj["rdefs"], JsonPaths.Member(path, "rdefs"), "'rdefs'") is { } r)
        {
            var rPath = JsonPaths.Member(path, "rdefs");
            var model = StringMember(r, "model", rPath);
            if (model is not null and not ("color" or "greyscale"))
            {
                Warn(JsonPaths.Member(rPath, "model"), $"should be \"color\" or \"greyscale\", found \"{model}\"");
            }

            rdefs = new OmeroRenderingDefaults(
                (int?)IntegerMember(r, "defaultZ", rPath, minimum: 0),
                (int?)IntegerMember(r, "defaultT", rPath, minimum: 0),
                model);
        }

        return new OmeroMetadata(channels)
        {
            Id = JsonPaths.TryGetInteger(obj["id"], out var id) ? id : null,
            Name = JsonPaths.TryGetString(obj["name"], out var name) ? name : null,
            RenderingDefaults = rdefs,
        };
    }

    private OmeroChannel? ReadChannel(JsonNode? node, string path)
    {
        if (ObjectAt(node, path, "a channel") is not { } obj)
        {
            return null;
        }

        // 0.4's schema requires colour and window; 0.5's text still says MUST though its schema dropped it.
        var color = StringMember(obj, "color", path, Need.Required);
        if (color is not null && !HexColor().IsMatch(color))
        {
            Error(JsonPaths.Member(path, "color"), $"must be six hexadecimal digits (RRGGBB), found \"{color}\"");
            color = null;
        }

        OmeroWindow? window = null;
        if (Present(obj, "window", path, Need.Required) && ObjectAt(obj["window"], JsonPaths.Member(path, "window"), "'window'") is { } w)
        {
            var wPath = JsonPaths.Member(path, "window");
            var min = NumberMember(w, "min", wPath, Need.Required);
            var max = NumberMember(w, "max", wPath, Need.Required);
            var start = NumberMember(w, "start", wPath, Need.Required);
            var end = NumberMember(w, "end", wPath, Need.Required);
            if (min is { } lo && max is { } hi && start is { } s && end is { } e)
            {
                window = new OmeroWindow(lo, hi, s, e);
                if (lo > hi)
                {
                    Warn(wPath, $"min ({lo.ToString(CultureInfo.InvariantCulture)}) is greater than max ({hi.ToString(CultureInfo.InvariantCulture)})");
                }

                if (s > e)
                {
                    Note(wPath, $"start ({s.ToString(CultureInfo.InvariantCulture)}) is above end ({e.ToString(CultureInfo.InvariantCulture)}); use 'inverted' to invert a channel");
                }
            }
        }

        var label = StringMember(obj, "label", path);
        var family = StringMember(obj, "family", path);
        var active = BooleanMember(obj, "active", path);
        var inverted = BooleanMember(obj, "inverted", path);
        var coefficient = NumberMember(obj, "coefficient", path);
        return color is null || window is null
            ? null
            : new OmeroChannel(color.ToUpperInvariant(), window) { Label = label, Family = family, Active = active, Inverted = inverted, Coefficient = coefficient };
    }

    private ImageLabel? ReadImageLabel(JsonNode? node, string path)
    {
        if (ObjectAt(node, path, "'image-label'") is not { } obj)
        {
            return null;
        }

        CheckBlockVersion(obj, path);
        ValueList<LabelColor>? colors = null;
        if (ArrayMember(obj, "colors", path, Need.Recommended, minItems: 1, uniqueItems: true) is { } colorArray)
        {
            var list = new List<LabelColor>();
            for (var i = 0; i < colorArray.Count; i++)
            {
                var itemPath = JsonPaths.Item(JsonPaths.Member(path, "colors"), i);
                if (ObjectAt(colorArray[i], itemPath, "a label colour") is not { } c)
                {
                    continue;
                }

                var value = NumberMember(c, "label-value", itemPath, Need.Required);
                ValueList<int>? rgba = null;
                if (c.ContainsKey("rgba") && ArrayAt(c["rgba"], JsonPaths.Member(itemPath, "rgba"), 4, 4) is { } rgbaArray)
                {
                    var channels = new List<int>();
                    for (var k = 0; k < rgbaArray.Count; k++)
                    {
                        if (JsonPaths.TryGetInteger(rgbaArray[k], out var v) && v is >= 0 and <= 255)
                        {
                            channels.Add((int)v);
                        }
                        else
                        {
                            Error(JsonPaths.Item(JsonPaths.Member(itemPath, "rgba"), k), $"must be an integer from 0 to 255, found {rgbaArray[k]?.ToJsonString() ?? "null"}");
                        }
                    }

                    rgba = channels.Count == 4 && rgbaArray.Count == 4 ? new ValueList<int>(channels) : null;
                }

                if (value is { } labelValue)
                {
                    list.Add(new LabelColor(labelValue, rgba));
                }
            }

            foreach (var duplicate in list.GroupBy(c => c.LabelValue).Where(g => g.Count() > 1))
            {
                Error(JsonPaths.Member(path, "colors"), $"label-value {duplicate.Key.ToString(CultureInfo.InvariantCulture)} has more than one colour");
            }

            colors = list;
        }

        ValueList<LabelProperty>? properties = null;
        if (ArrayMember(obj, "properties", path, Need.Optional, minItems: 1, uniqueItems: true) is { } propertyArray)
        {
            var list = new List<LabelProperty>();
            for (var i = 0; i < propertyArray.Count; i++)
            {
                var itemPath = JsonPaths.Item(JsonPaths.Member(path, "properties"), i);
                if (ObjectAt(propertyArray[i], itemPath, "a label property") is { } p && IntegerMember(p, "label-value", itemPath, Need.Required) is { } value)
                {
                    var values = (JsonObject)p.DeepClone();
                    values.Remove("label-value");
                    list.Add(new LabelProperty(value, new JsonFields(values)));
                }
            }

            properties = list;
        }

        string? source = null;
        if (obj.ContainsKey("source") && ObjectAt(obj["source"], JsonPaths.Member(path, "source"), "'source'") is { } src)
        {
            source = StringMember(src, "image", JsonPaths.Member(path, "source"));
        }

        return new ImageLabel { Colors = colors, Properties = properties, SourceImage = source };
    }

    [GeneratedRegex("^[0-9A-Fa-f]{6}$")]
    private static partial Regex HexColor();
}
