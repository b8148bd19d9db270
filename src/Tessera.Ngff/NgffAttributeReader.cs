using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Tessera.Ngff;

/// <summary>
/// Reads the OME-NGFF blocks of one attributes document into the model while collecting every problem with
/// its JSON path. Reading and validating are one walk so the two never disagree about what a document says.
/// Never throws on bad input: whatever cannot be read is reported and left out of the model.
/// </summary>
internal sealed partial class NgffAttributeReader
{
    private static readonly string[] BlockKeys =
        ["multiscales", "omero", "image-label", "labels", "plate", "well", "bioformats2raw.layout", "series", "scene"];

    private readonly List<NgffProblem> _problems = [];
    private readonly string _root;
    private NgffVersion _version;

    private NgffAttributeReader(string root) => _root = root;

    private enum Need
    {
        Optional,
        Recommended,
        Required,
    }

    public static NgffReadResult Read(JsonObject attributes, NgffReadOptions options)
    {
        var reader = new NgffAttributeReader(options.PathPrefix);
        var (metadata, version) = reader.ReadDocument(attributes, options.ExpectedVersion);
        return new NgffReadResult(metadata, version, reader._problems);
    }

    private (NgffMetadata Metadata, NgffVersion? Version) ReadDocument(JsonObject attributes, NgffVersion? expected)
    {
        var omePath = JsonPaths.Member(_root, "ome");
        if (attributes.TryGetPropertyValue("ome", out var omeNode))
        {
            if (omeNode is not JsonObject ome)
            {
                Error(omePath, $"must be an object, found {JsonPaths.KindOf(omeNode)}");
                return (new NgffMetadata(), expected);
            }

            var versionPath = JsonPaths.Member(omePath, "version");
            NgffVersion version;
            if (!ome.TryGetPropertyValue("version", out var versionNode))
            {
                // No schema covers a 'labels' group, and IDR publishes them without a version: a warning there.
                if (ome.Count == 1 && ome.ContainsKey("labels"))
                {
                    Warn(versionPath, "missing (recommended): the 'ome' block should say which OME-NGFF version it follows");
                }
                else
                {
                    Error(versionPath, "missing: the 'ome' block must say which OME-NGFF version it follows");
                }

                version = expected is >= NgffVersion.V0_5 ? expected.Value : NgffVersion.V0_5;
            }
            else if (!JsonPaths.TryGetString(versionNode, out var text))
            {
                Error(versionPath, $"must be a string, found {JsonPaths.KindOf(versionNode)}");
                version = expected is >= NgffVersion.V0_5 ? expected.Value : NgffVersion.V0_5;
            }
            else if (!NgffVersionText.TryParse(text, out version))
            {
                Error(versionPath, $"unknown OME-NGFF version '{text}' (Tessera reads 0.1 to 0.6rc0)");
                return (new NgffMetadata(), null);
            }
            else if (version < NgffVersion.V0_5)
            {
                Error(versionPath, $"version {text} metadata belongs at the top level of the attributes; the 'ome' block is 0.5 and later");
            }

            if (expected is { } wanted && wanted != version)
            {
                Error(versionPath, $"is {version.ToText()}, expected {wanted.ToText()}");
            }

            _version = version < NgffVersion.V0_5 ? NgffVersion.V0_5 : version;
            foreach (var key in BlockKeys)
            {
                if (attributes.ContainsKey(key))
                {
                    Warn(JsonPaths.Member(_root, key), $"'{key}' outside the 'ome' block is ignored in OME-NGFF {_version.ToText()}");
                }
            }

            return (ReadBlocks(ome, omePath), _version);
        }

        if (expected is >= NgffVersion.V0_5)
        {
            Error(omePath, $"missing: OME-NGFF {expected.Value.ToText()} metadata lives under attributes.ome");
            return (new NgffMetadata(), expected);
        }

        var detected = DetectTopLevelVersion(attributes);
        if (detected is >= NgffVersion.V0_5)
        {
            Error(omePath, $"missing: the metadata says version {detected.Value.ToText()}, whose metadata lives under attributes.ome");
            detected = NgffVersion.V0_4;
        }

        _version = expected ?? detected ?? NgffVersion.V0_4;
        var metadata = ReadBlocks(attributes, _root);

        // A group without any OME-NGFF block has no version, whatever we validated it as.
        return (metadata, BlockKeys.Any(attributes.ContainsKey) || expected is not null ? _version : null);
    }

    private static NgffVersion? DetectTopLevelVersion(JsonObject attributes)
    {
        NgffVersion? Of(JsonNode? node) =>
            node is JsonObject block && JsonPaths.TryGetString(block["version"], out var text) && NgffVersionText.TryParse(text, out var v) ? v : null;

        if (attributes["multiscales"] is JsonArray multiscales)
        {
            foreach (var item in multiscales)
            {
                if (Of(item) is { } v)
                {
                    return v;
                }
            }
        }

        return Of(attributes["plate"]) ?? Of(attributes["well"]) ?? Of(attributes["image-label"]);
    }

    private NgffMetadata ReadBlocks(JsonObject content, string path)
    {
        var found = BlockKeys.Any(content.ContainsKey);
        if (!found)
        {
            Error(path, "no OME-NGFF metadata: expected one of " + string.Join(", ", BlockKeys.Where(k => k != "scene" || _version >= NgffVersion.V0_6)));
            return new NgffMetadata();
        }

        var metadata = new NgffMetadata
        {
            Multiscales = content.ContainsKey("multiscales") ? ReadMultiscales(content["multiscales"], JsonPaths.Member(path, "multiscales")) : null,
            Omero = content.ContainsKey("omero") ? ReadOmero(content["omero"], JsonPaths.Member(path, "omero")) : null,
            ImageLabel = content.ContainsKey("image-label") ? ReadImageLabel(content["image-label"], JsonPaths.Member(path, "image-label")) : null,
            Labels = content.ContainsKey("labels") ? ReadLabels(content["labels"], JsonPaths.Member(path, "labels")) : null,
            Plate = content.ContainsKey("plate") ? ReadPlate(content["plate"], JsonPaths.Member(path, "plate")) : null,
            Well = content.ContainsKey("well") ? ReadWell(content["well"], JsonPaths.Member(path, "well")) : null,
            Bioformats2RawLayout = content.ContainsKey("bioformats2raw.layout") ? ReadLayout(content["bioformats2raw.layout"], JsonPaths.Member(path, "bioformats2raw.layout")) : null,
            Series = content.ContainsKey("series") ? ReadSeries(content["series"], JsonPaths.Member(path, "series")) : null,
            Scene = content.ContainsKey("scene") ? ReadScene(content["scene"], JsonPaths.Member(path, "scene")) : null,
        };
        if (metadata.Omero is not null && !content.ContainsKey("multiscales"))
        {
            Error(JsonPaths.Member(path, "multiscales"), "missing: 'omero' describes the channels of a multiscale image, which needs 'multiscales'");
        }

        return metadata;
    }

    // ---- blocks shared by all kinds ----
    private ValueList<string>? ReadLabels(JsonNode? node, string path)
    {
        var names = new List<string>();
        if (node is not JsonArray array)
        {
            Error(path, $"must be an array of label image paths, found {JsonPaths.KindOf(node)}");
            return null;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (!JsonPaths.TryGetString(array[i], out var name))
            {
                Error(JsonPaths.Item(path, i), $"must be a string (a label image path), found {JsonPaths.KindOf(array[i])}");
                continue;
            }

            CheckRelativePath(name, JsonPaths.Item(path, i));
            names.Add(name);
        }

        CheckUniqueStrings(names, path, "label image path");
        return names;
    }

    private int? ReadLayout(JsonNode? node, string path)
    {
        if (!JsonPaths.TryGetNumber(node, out var value))
        {
            Error(path, $"must be the number 3, found {JsonPaths.KindOf(node)}");
            return null;
        }

        if (value != 3)
        {
            Error(path, $"must be 3, found {value.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        return 3;
    }

    private ValueList<string>? ReadSeries(JsonNode? node, string path)
    {
        if (node is not JsonArray array)
        {
            Error(path, $"must be an array of image paths, found {JsonPaths.KindOf(node)}");
            return null;
        }

        var series = new List<string>();
        for (var i = 0; i < array.Count; i++)
        {
            if (JsonPaths.TryGetString(array[i], out var item))
            {
                series.Add(item);
            }
            else
            {
                Error(JsonPaths.Item(path, i), $"must be a string (an image path), found {JsonPaths.KindOf(array[i])}");
            }
        }

        return series;
    }

    // ---- typed access with problem reporting ----
    private void Error(string path, string message) => _problems.Add(new NgffProblem(path, message, NgffSeverity.Error));

    private void Warn(string path, string message) => _problems.Add(new NgffProblem(path, message, NgffSeverity.Warning));

    private void Note(string path, string message) => _problems.Add(new NgffProblem(path, message, NgffSeverity.Note));

    private JsonObject? ObjectAt(JsonNode? node, string path, string what)
    {
        if (node is JsonObject obj)
        {
            return obj;
        }

        Error(path, $"{what} must be an object, found {JsonPaths.KindOf(node)}");
        return null;
    }

    private bool Present(JsonObject parent, string key, string parentPath, Need need, string? why = null)
    {
        if (parent.ContainsKey(key))
        {
            return true;
        }

        var path = JsonPaths.Member(parentPath, key);
        if (need == Need.Required)
        {
            Error(path, "missing" + (why is null ? "" : ": " + why));
        }
        else if (need == Need.Recommended)
        {
            Warn(path, "missing (recommended)" + (why is null ? "" : ": " + why));
        }

        return false;
    }

    private string? StringMember(JsonObject parent, string key, string parentPath, Need need = Need.Optional)
    {
        if (!Present(parent, key, parentPath, need))
        {
            return null;
        }

        if (JsonPaths.TryGetString(parent[key], out var value))
        {
            return value;
        }

        Error(JsonPaths.Member(parentPath, key), $"must be a string, found {JsonPaths.KindOf(parent[key])}");
        return null;
    }

    private double? NumberMember(JsonObject parent, string key, string parentPath, Need need = Need.Optional)
    {
        if (!Present(parent, key, parentPath, need))
        {
            return null;
        }

        if (JsonPaths.TryGetNumber(parent[key], out var value))
        {
            return value;
        }

        Error(JsonPaths.Member(parentPath, key), $"must be a number, found {JsonPaths.KindOf(parent[key])}");
        return null;
    }

    private long? IntegerMember(JsonObject parent, string key, string parentPath, Need need = Need.Optional, long minimum = long.MinValue)
    {
        if (!Present(parent, key, parentPath, need))
        {
            return null;
        }

        var path = JsonPaths.Member(parentPath, key);
        if (!JsonPaths.TryGetInteger(parent[key], out var value))
        {
            Error(path, $"must be an integer, found {(JsonPaths.TryGetNumber(parent[key], out var d) ? d.ToString(CultureInfo.InvariantCulture) : JsonPaths.KindOf(parent[key]))}");
            return null;
        }

        if (value < minimum)
        {
            Error(path, $"must be at least {minimum}, found {value}");
            return null;
        }

        return value;
    }

    private bool? BooleanMember(JsonObject parent, string key, string parentPath)
    {
        if (!parent.ContainsKey(key))
        {
            return null;
        }

        if (JsonPaths.TryGetBoolean(parent[key], out var value))
        {
            return value;
        }

        Error(JsonPaths.Member(parentPath, key), $"must be true or false, found {JsonPaths.KindOf(parent[key])}");
        return null;
    }

    private JsonArray? ArrayMember(JsonObject parent, string key, string parentPath, Need need, int minItems = 0, int maxItems = int.MaxValue, bool uniqueItems = false)
    {
        if (!Present(parent, key, parentPath, need))
        {
            return null;
        }

        return ArrayAt(parent[key], JsonPaths.Member(parentPath, key), minItems, maxItems, uniqueItems);
    }

    private JsonArray? ArrayAt(JsonNode? node, string path, int minItems = 0, int maxItems = int.MaxValue, bool uniqueItems = false)
    {
        if (node is not JsonArray array)
        {
            Error(path, $"must be an array, found {JsonPaths.KindOf(node)}");
            return null;
        }

        if (array.Count < minItems)
        {
            Error(path, array.Count == 0 ? "must not be empty" : $"must have at least {minItems} entries, found {array.Count}");
        }

        if (array.Count > maxItems)
        {
            Error(path, $"must have at most {maxItems} entries, found {array.Count}");
        }

        if (uniqueItems)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < array.Count; i++)
            {
                var canonical = Canonical(array[i]);
                if (!seen.TryAdd(canonical, i))
                {
                    Error(JsonPaths.Item(path, i), $"duplicates entry {seen[canonical]}; entries must be unique");
                }
            }
        }

        return array;
    }

    private ValueList<double>? NumberArray(JsonNode? node, string path, int minItems)
    {
        var array = ArrayAt(node, path, minItems);
        if (array is null)
        {
            return null;
        }

        var values = new double[array.Count];
        var ok = true;
        for (var i = 0; i < array.Count; i++)
        {
            if (!JsonPaths.TryGetNumber(array[i], out values[i]))
            {
                Error(JsonPaths.Item(path, i), $"must be a number, found {JsonPaths.KindOf(array[i])}");
                ok = false;
            }
        }

        return ok ? new ValueList<double>(values) : null;
    }

    private void CheckUniqueStrings(IReadOnlyList<string> values, string path, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (!seen.Add(value))
            {
                Error(path, $"{what} '{value}' appears more than once");
            }
        }
    }

    /// <summary>Paths inside an OME-Zarr hierarchy are relative and stay inside it.</summary>
    private void CheckRelativePath(string value, string path)
    {
        if (value.Length == 0)
        {
            Error(path, "must not be empty");
        }
        else if (value.StartsWith('/') || value.Contains('\\', StringComparison.Ordinal) || value.Contains("://", StringComparison.Ordinal))
        {
            Error(path, $"'{value}' must be a relative path inside the hierarchy");
        }
        else if (value.Split('/').Any(segment => segment is ".." or "." || segment.Length == 0))
        {
            Error(path, $"'{value}' must not contain '.', '..' or empty segments (it would escape or alias the hierarchy)");
        }
    }

    /// <summary>A text form where equal JSON values (in the JSON Schema sense: member order and 1 vs 1.0 aside) are equal strings.</summary>
    private static string Canonical(JsonNode? node)
    {
        var builder = new StringBuilder();
        Append(node);
        return builder.ToString();

        void Append(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject obj:
                    builder.Append('{');
                    foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                    {
                        builder.Append(JsonValue.Create(key).ToJsonString()).Append(':');
                        Append(value);
                        builder.Append(',');
                    }

                    builder.Append('}');
                    break;
                case JsonArray array:
                    builder.Append('[');
                    foreach (var item in array)
                    {
                        Append(item);
                        builder.Append(',');
                    }

                    builder.Append(']');
                    break;
                default:
                    builder.Append(JsonPaths.TryGetNumber(n, out var d) ? d.ToString("R", CultureInfo.InvariantCulture) : n?.ToJsonString() ?? "null");
                    break;
            }
        }
    }
}
