using System.Text.Json.Nodes;

namespace Tessera.Ngff;

/// <summary>0.6rc0: coordinate systems, general coordinate transformations and scenes.</summary>
internal sealed partial class NgffAttributeReader
{
    private static readonly string[] TransformationTypes =
        ["identity", "mapAxis", "projectAxis", "scale", "translation", "affine", "rotation", "bijection", "sequence", "byDimension", "displacements", "coordinates"];

    private Multiscale? ReadMultiscaleV06(JsonObject obj, string path)
    {
        var systemsPath = JsonPaths.Member(path, "coordinateSystems");
        var systems = ArrayMember(obj, "coordinateSystems", path, Need.Required, minItems: 1) is { } systemArray
            ? ReadCoordinateSystems(systemArray, systemsPath, forImage: true)
            : null;
        var names = systems?.Select(s => s.Name).ToHashSet(StringComparer.Ordinal) ?? [];

        var datasets = new List<MultiscaleDataset>();
        string? intrinsic = null;
        if (ArrayMember(obj, "datasets", path, Need.Required, minItems: 1) is { } datasetArray)
        {
            for (var i = 0; i < datasetArray.Count; i++)
            {
                var datasetPath = JsonPaths.Item(JsonPaths.Member(path, "datasets"), i);
                if (ReadDataset(datasetArray[i], datasetPath) is not var (dataset, arrayPath))
                {
                    continue;
                }

                var ctPath = JsonPaths.Member(datasetPath, "coordinateTransformations");
                if (ArrayMember(dataset, "coordinateTransformations", datasetPath, Need.Required, minItems: 1, maxItems: 1, uniqueItems: true) is not { Count: 1 } ctArray)
                {
                    continue;
                }

                var itemPath = JsonPaths.Item(ctPath, 0);
                var transformation = ReadTransformation(ctArray[0], itemPath, requireInputPath: true, requireOutputName: true);
                if (transformation is null)
                {
                    continue;
                }

                var allowed = transformation switch
                {
                    ScaleTransformation or IdentityTransformation => true,
                    SequenceTransformation { Transformations: var steps } => steps.Count == 2
                        && steps.Count(t => t is ScaleTransformation) == 1 && steps.Count(t => t is TranslationTransformation) == 1,
                    _ => false,
                };
                if (!allowed)
                {
                    Error(JsonPaths.Member(itemPath, "type"), $"a dataset's transformation must be a scale, an identity, or a sequence of one scale and one translation; found \"{transformation.Type}\"");
                    continue;
                }

                if (transformation is SequenceTransformation sequence && sequence.Transformations.Any(t => t.Input is not null || t.Output is not null))
                {
                    Warn(itemPath, "the steps of a dataset's sequence should not have their own input or output");
                }

                // A MUST in the text, but the specification's own strict example has input "s1" for dataset "1".
                if (arrayPath is not null && transformation.Input?.Path is { } inputPath && inputPath != arrayPath)
                {
                    Note(JsonPaths.Member(JsonPaths.Member(itemPath, "input"), "path"), $"'{inputPath}' must equal the dataset path '{arrayPath}'");
                }

                if (transformation.Output?.Name is { } output)
                {
                    if (systems is not null && !names.Contains(output))
                    {
                        Error(JsonPaths.Member(JsonPaths.Member(itemPath, "output"), "name"), $"'{output}' is not one of this multiscale's coordinate systems");
                    }
                    else if (intrinsic is not null && output != intrinsic)
                    {
                        Error(JsonPaths.Member(JsonPaths.Member(itemPath, "output"), "name"), $"'{output}' differs from the first level's output '{intrinsic}'; every level must map to the same coordinate system");
                    }

                    intrinsic ??= output;
                }

                if (arrayPath is not null)
                {
                    datasets.Add(new MultiscaleDataset(arrayPath, [transformation]));
                }
            }
        }

        var global = ValueList<CoordinateTransformation>.Empty;
        if (ArrayMember(obj, "coordinateTransformations", path, Need.Optional, minItems: 1) is { } globalArray)
        {
            var list = new List<CoordinateTransformation>();
            for (var i = 0; i < globalArray.Count; i++)
            {
                var itemPath = JsonPaths.Item(JsonPaths.Member(path, "coordinateTransformations"), i);
                if (ReadTransformation(globalArray[i], itemPath, requireInputName: true, requireOutputName: true) is { } t)
                {
                    foreach (var (end, endPath) in new[] { (t.Input, "input"), (t.Output, "output") })
                    {
                        // The specification's own examples name "intrinsic" here without declaring it, so only a note.
                        if (end?.Name is { } n && systems is not null && !names.Contains(n))
                        {
                            Note(JsonPaths.Member(JsonPaths.Member(itemPath, endPath), "name"), $"'{n}' is not one of this multiscale's coordinate systems");
                        }
                    }

                    list.Add(t);
                }
            }

            global = list;
        }

        if (systems is null)
        {
            return null;
        }

        var axes = systems.FirstOrDefault(s => s.Name == intrinsic)?.Axes ?? systems.FirstOrDefault()?.Axes ?? ValueList<Axis>.Empty;
        return new Multiscale(axes, datasets) { CoordinateSystems = systems, Transformations = global };
    }

    private ValueList<CoordinateSystem>? ReadCoordinateSystems(JsonArray array, string path, bool forImage)
    {
        var systems = new List<CoordinateSystem>();
        var ok = true;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            var itemPath = JsonPaths.Item(path, i);
            if (ObjectAt(array[i], itemPath, "a coordinate system") is not { } obj)
            {
                ok = false;
                continue;
            }

            var name = StringMember(obj, "name", itemPath, Need.Required);
            if (name is { Length: 0 })
            {
                Error(JsonPaths.Member(itemPath, "name"), "must not be empty");
            }
            else if (name is not null && !seen.Add(name))
            {
                Error(JsonPaths.Member(itemPath, "name"), $"coordinate system name '{name}' appears more than once");
            }

            var axesPath = JsonPaths.Member(itemPath, "axes");
            var axes = new List<Axis>();
            if (ArrayMember(obj, "axes", itemPath, Need.Required, minItems: 1, maxItems: 5, uniqueItems: true) is { } axisArray)
            {
                for (var k = 0; k < axisArray.Count; k++)
                {
                    if (ReadAxis(axisArray[k], JsonPaths.Item(axesPath, k), nonEmptyName: true) is { } axis)
                    {
                        axes.Add(axis);
                    }
                }

                CheckUniqueStrings([.. axes.Select(a => a.Name)], axesPath, "axis name");

                // Either 2–3 space axes or at least 2 array axes, not both.
                var space = axes.Count(a => a.Type == Axis.Space);
                var arrayAxes = axes.Count(a => a.Type == "array");
                if ((space is >= 2 and <= 3) == (arrayAxes >= 2))
                {
                    Error(axesPath, arrayAxes >= 2
                        ? "has both 2–3 space axes and 2 or more array axes; a coordinate system is either spatial or an array system"
                        : $"must have 2 or 3 axes of type \"space\" (or at least 2 of type \"array\"), found {space} space");
                }
                else if (forImage && space is >= 2 and <= 3)
                {
                    if (axisArray.Count < 2)
                    {
                        Error(axesPath, "must have 2 to 5 axes");
                    }

                    CheckImageAxes(axes, axesPath);
                }
            }
            else
            {
                ok = false;
            }

            if (name is { Length: > 0 } && axes.Count > 0)
            {
                systems.Add(new CoordinateSystem(name, axes));
            }
            else
            {
                ok = false;
            }
        }

        return ok ? new ValueList<CoordinateSystem>(systems) : null;
    }

    private CoordinateTransformation? ReadTransformation(JsonNode? node, string path, bool requireInputPath = false, bool requireInputName = false, bool requireOutputName = false, bool closedEndpoints = false, int depth = 0)
    {
        if (depth > 32)
        {
            Error(path, "transformations nest too deeply");
            return null;
        }

        if (ObjectAt(node, path, "a coordinate transformation") is not { } obj)
        {
            return null;
        }

        var type = StringMember(obj, "type", path, Need.Required);
        var name = StringMember(obj, "name", path);
        var input = ReadEndpoint(obj, "input", path, requireInputPath || requireInputName, requireInputPath, requireInputName, closedEndpoints);
        var output = ReadEndpoint(obj, "output", path, requireOutputName, requirePath: false, requireOutputName, closedEndpoints);
        if (type is null)
        {
            return null;
        }

        var typePath = JsonPaths.Member(path, "type");
        CoordinateTransformation? result = type switch
        {
            "identity" => new IdentityTransformation(),
            "scale" => Present(obj, "scale", path, Need.Required, "a scale transformation needs its 'scale' array")
                && PositiveNumbers(obj["scale"], JsonPaths.Member(path, "scale")) is { } scale ? new ScaleTransformation(scale) : null,
            "translation" => Present(obj, "translation", path, Need.Required, "a translation transformation needs its 'translation' array")
                && NumberArray(obj["translation"], JsonPaths.Member(path, "translation"), 0) is { } translation ? new TranslationTransformation(translation) : null,
            "sequence" => ReadSequence(obj, path, depth),
            "mapAxis" => CheckAxisIndices(obj, "mapAxis", path, required: true, minItems: 2, maxItems: 5) ? General(type, obj) : null,
            "projectAxis" => CheckProjectAxis(obj, path) ? General(type, obj) : null,
            "affine" => CheckMatrixOrPath(obj, "affine", path, square: false) ? General(type, obj) : null,
            "rotation" => CheckMatrixOrPath(obj, "rotation", path, square: true) ? General(type, obj) : null,
            "bijection" => CheckBijection(obj, path, depth) ? General(type, obj) : null,
            "byDimension" => CheckByDimension(obj, path, depth) ? General(type, obj) : null,
            "displacements" or "coordinates" => CheckField(obj, path) ? General(type, obj) : null,
            _ => UnknownType(),
        };
        if (result is null || (obj.ContainsKey("input") && input is null) || (obj.ContainsKey("output") && output is null)
            || (requireInputPath || requireInputName) && input is null || requireOutputName && output is null)
        {
            return null;
        }

        return result with { Name = name, Input = input, Output = output };

        CoordinateTransformation? UnknownType()
        {
            Error(typePath, $"unknown transformation type \"{type}\"; expected one of {string.Join(", ", TransformationTypes)}");
            return null;
        }
    }

    private static GeneralTransformation General(string type, JsonObject obj)
    {
        var parameters = (JsonObject)obj.DeepClone();
        foreach (var key in new[] { "type", "name", "input", "output" })
        {
            parameters.Remove(key);
        }

        return new GeneralTransformation(type, new JsonFields(parameters));
    }

    private TransformationEndpoint? ReadEndpoint(JsonObject obj, string key, string path, bool required, bool requirePath, bool requireName, bool closed)
    {
        if (!Present(obj, key, path, required ? Need.Required : Need.Optional))
        {
            return null;
        }

        var endPath = JsonPaths.Member(path, key);
        if (ObjectAt(obj[key], endPath, $"'{key}'") is not { } end)
        {
            return null;
        }

        var name = StringMember(end, "name", endPath, requireName ? Need.Required : Need.Optional);
        var target = StringMember(end, "path", endPath, requirePath ? Need.Required : Need.Optional);
        if (closed)
        {
            foreach (var extra in end.Select(p => p.Key).Where(k => k is not ("name" or "path")))
            {
                Error(JsonPaths.Member(endPath, extra), "is not allowed here (only 'name' and 'path')");
                return null;
            }
        }

        if ((end.ContainsKey("name") && name is null) || (end.ContainsKey("path") && target is null) || (requireName && name is null) || (requirePath && target is null))
        {
            return null;
        }

        return new TransformationEndpoint(name, target);
    }

    private ValueList<double>? PositiveNumbers(JsonNode? node, string path)
    {
        var values = NumberArray(node, path, 0);
        if (values is null)
        {
            return null;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] <= 0)
            {
                Error(JsonPaths.Item(path, i), "scale factors must be greater than 0");
                return null;
            }
        }

        return values;
    }

    private SequenceTransformation? ReadSequence(JsonObject obj, string path, int depth)
    {
        var stepsPath = JsonPaths.Member(path, "transformations");
        if (ArrayMember(obj, "transformations", path, Need.Required) is not { } array)
        {
            return null;
        }

        var steps = new List<CoordinateTransformation>();
        for (var i = 0; i < array.Count; i++)
        {
            if (ReadTransformation(array[i], JsonPaths.Item(stepsPath, i), depth: depth + 1) is { } step)
            {
                steps.Add(step);
            }
        }

        return steps.Count == array.Count ? new SequenceTransformation(steps) : null;
    }

    private bool CheckAxisIndices(JsonObject obj, string key, string path, bool required, int minItems, int maxItems)
    {
        if (!Present(obj, key, path, required ? Need.Required : Need.Optional))
        {
            return !required;
        }

        var listPath = JsonPaths.Member(path, key);
        if (ArrayAt(obj[key], listPath, minItems, maxItems, uniqueItems: true) is not { } array)
        {
            return false;
        }

        var before = _problems.Count;
        for (var i = 0; i < array.Count; i++)
        {
            if (!JsonPaths.TryGetInteger(array[i], out var index) || index is < 0 or > 4)
            {
                Error(JsonPaths.Item(listPath, i), $"must be an axis index from 0 to 4, found {array[i]?.ToJsonString() ?? "null"}");
            }
        }

        return array.Count >= minItems && array.Count <= maxItems && _problems.Skip(before).All(p => p.Severity != NgffSeverity.Error);
    }

    private bool CheckProjectAxis(JsonObject obj, string path)
    {
        if (!obj.ContainsKey("droppedInputs") && !obj.ContainsKey("createdOutputs"))
        {
            Error(path, "a projectAxis transformation needs 'droppedInputs' or 'createdOutputs'");
            return false;
        }

        var dropped = CheckAxisIndices(obj, "droppedInputs", path, required: false, minItems: 1, maxItems: 3);
        var created = CheckAxisIndices(obj, "createdOutputs", path, required: false, minItems: 1, maxItems: 3);
        return dropped && created;
    }

    private bool CheckMatrixOrPath(JsonObject obj, string key, string path, bool square)
    {
        var hasPath = obj.ContainsKey("path");
        var hasMatrix = obj.ContainsKey(key);
        if (hasPath == hasMatrix)
        {
            Error(path, hasPath
                ? $"an {key} transformation gives either 'path' or '{key}', not both"
                : $"an {key} transformation needs '{key}' (a matrix) or 'path' (an array holding it)");
            return false;
        }

        if (hasPath)
        {
            return StringMember(obj, "path", path) is not null;
        }

        var matrixPath = JsonPaths.Member(path, key);
        if (ArrayAt(obj[key], matrixPath) is not { } rows)
        {
            return false;
        }

        var before = _problems.Count;
        for (var i = 0; i < rows.Count; i++)
        {
            if (NumberArray(rows[i], JsonPaths.Item(matrixPath, i), 0) is { } row && square && row.Count != rows.Count)
            {
                Error(JsonPaths.Item(matrixPath, i), $"a rotation matrix must be square: row has {row.Count} values, the matrix {rows.Count} rows");
            }
        }

        if (square && rows.Count is < 2 or > 5)
        {
            Error(matrixPath, $"a rotation matrix must be 2×2 to 5×5, found {rows.Count} rows");
        }

        return _problems.Skip(before).All(p => p.Severity != NgffSeverity.Error);
    }

    private bool CheckBijection(JsonObject obj, string path, int depth)
    {
        var forward = Present(obj, "forward", path, Need.Required) && ReadTransformation(obj["forward"], JsonPaths.Member(path, "forward"), depth: depth + 1) is not null;
        var inverse = Present(obj, "inverse", path, Need.Required) && ReadTransformation(obj["inverse"], JsonPaths.Member(path, "inverse"), depth: depth + 1) is not null;
        return forward && inverse;
    }

    private bool CheckByDimension(JsonObject obj, string path, int depth)
    {
        var listPath = JsonPaths.Member(path, "transformations");
        if (ArrayMember(obj, "transformations", path, Need.Required) is not { } array)
        {
            return false;
        }

        var before = _problems.Count;
        for (var i = 0; i < array.Count; i++)
        {
            var itemPath = JsonPaths.Item(listPath, i);
            if (ObjectAt(array[i], itemPath, "a byDimension entry") is not { } item)
            {
                continue;
            }

            if (Present(item, "transformation", itemPath, Need.Required))
            {
                ReadTransformation(item["transformation"], JsonPaths.Member(itemPath, "transformation"), depth: depth + 1);
            }

            foreach (var key in new[] { "inputAxes", "outputAxes" })
            {
                if (Present(item, key, itemPath, Need.Required))
                {
                    NumberArray(item[key], JsonPaths.Member(itemPath, key), 0);
                }
            }
        }

        return _problems.Skip(before).All(p => p.Severity != NgffSeverity.Error);
    }

    private bool CheckField(JsonObject obj, string path)
    {
        var target = StringMember(obj, "path", path, Need.Required);
        var interpolation = StringMember(obj, "interpolation", path);
        if (interpolation is not null and not ("nearest" or "linear" or "cubic"))
        {
            Error(JsonPaths.Member(path, "interpolation"), $"must be \"nearest\", \"linear\" or \"cubic\", found \"{interpolation}\"");
            return false;
        }

        return target is not null && (!obj.ContainsKey("interpolation") || interpolation is not null);
    }

    private JsonFields? ReadScene(JsonNode? node, string path)
    {
        if (ObjectAt(node, path, "'scene'") is not { } obj)
        {
            return null;
        }

        var before = _problems.Count;
        if (ArrayMember(obj, "coordinateSystems", path, Need.Optional, uniqueItems: true) is { } systems)
        {
            ReadCoordinateSystems(systems, JsonPaths.Member(path, "coordinateSystems"), forImage: false);
        }

        if (ArrayMember(obj, "coordinateTransformations", path, Need.Required, minItems: 1) is { } array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                ReadTransformation(array[i], JsonPaths.Item(JsonPaths.Member(path, "coordinateTransformations"), i), requireInputName: true, requireOutputName: true, closedEndpoints: true);
            }
        }

        return _problems.Skip(before).Any(p => p.Severity == NgffSeverity.Error) ? null : new JsonFields(obj);
    }
}
