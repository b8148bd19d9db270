using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Tessera.Ngff;

internal sealed partial class NgffAttributeReader
{
    private Plate? ReadPlate(JsonNode? node, string path)
    {
        if (ObjectAt(node, path, "'plate'") is not { } obj)
        {
            return null;
        }

        CheckBlockVersion(obj, path);
        var name = StringMember(obj, "name", path, Need.Recommended);
        var rows = ReadPlateNames(obj, "rows", path);
        var columns = ReadPlateNames(obj, "columns", path);
        var wells = new List<PlateWell>();
        var wellsPath = JsonPaths.Member(path, "wells");
        if (ArrayMember(obj, "wells", path, Need.Required, minItems: 1, uniqueItems: true) is { } wellArray)
        {
            for (var i = 0; i < wellArray.Count; i++)
            {
                if (ReadPlateWell(wellArray[i], JsonPaths.Item(wellsPath, i), rows, columns) is { } well)
                {
                    wells.Add(well);
                }
            }

            CheckUniqueStrings([.. wells.Select(w => w.Path)], wellsPath, "well path");
        }

        ValueList<PlateAcquisition>? acquisitions = null;
        if (ArrayMember(obj, "acquisitions", path, Need.Optional) is { } acquisitionArray)
        {
            var list = new List<PlateAcquisition>();
            for (var i = 0; i < acquisitionArray.Count; i++)
            {
                var itemPath = JsonPaths.Item(JsonPaths.Member(path, "acquisitions"), i);
                if (ObjectAt(acquisitionArray[i], itemPath, "an acquisition") is not { } a)
                {
                    continue;
                }

                var id = IntegerMember(a, "id", itemPath, Need.Required, minimum: 0);
                var acquisition = new PlateAcquisition(id ?? -1)
                {
                    Name = StringMember(a, "name", itemPath, Need.Recommended),
                    Description = StringMember(a, "description", itemPath),
                    MaximumFieldCount = (int?)IntegerMember(a, "maximumfieldcount", itemPath, Need.Recommended, minimum: 1),
                    StartTime = IntegerMember(a, "starttime", itemPath, minimum: 0),
                    EndTime = IntegerMember(a, "endtime", itemPath, minimum: 0),
                };
                if (acquisition.StartTime is { } start && acquisition.EndTime is { } end && end < start)
                {
                    Warn(itemPath, $"endtime ({end}) is before starttime ({start})");
                }

                if (id is not null)
                {
                    list.Add(acquisition);
                }
            }

            foreach (var duplicate in list.GroupBy(a => a.Id).Where(g => g.Count() > 1))
            {
                Error(JsonPaths.Member(path, "acquisitions"), $"acquisition id {duplicate.Key} appears more than once; ids must be unique within the plate");
            }

            acquisitions = list;
        }

        var fieldCount = (int?)IntegerMember(obj, "field_count", path, minimum: 1);
        return rows is null || columns is null || !obj.ContainsKey("wells") || obj["wells"] is not JsonArray
            ? null
            : new Plate(rows, columns, wells) { Name = name, Acquisitions = acquisitions, FieldCount = fieldCount };
    }

    private ValueList<string>? ReadPlateNames(JsonObject plate, string key, string path)
    {
        var listPath = JsonPaths.Member(path, key);
        if (ArrayMember(plate, key, path, Need.Required, minItems: 1, uniqueItems: true) is not { } array)
        {
            return null;
        }

        var names = new List<string>();
        for (var i = 0; i < array.Count; i++)
        {
            var itemPath = JsonPaths.Item(listPath, i);
            if (ObjectAt(array[i], itemPath, key == "rows" ? "a row" : "a column") is { } item && StringMember(item, "name", itemPath, Need.Required) is { } name)
            {
                if (!Alphanumeric().IsMatch(name))
                {
                    Error(JsonPaths.Member(itemPath, "name"), $"'{name}' must be letters and digits only");
                }

                names.Add(name);
            }
        }

        CheckUniqueStrings(names, listPath, key == "rows" ? "row name" : "column name");
        return names.Count == array.Count ? new ValueList<string>(names) : null;
    }

    private PlateWell? ReadPlateWell(JsonNode? node, string path, ValueList<string>? rows, ValueList<string>? columns)
    {
        if (ObjectAt(node, path, "a well") is not { } obj)
        {
            return null;
        }

        var wellPath = StringMember(obj, "path", path, Need.Required);
        var row = IntegerMember(obj, "rowIndex", path, Need.Required, minimum: 0);
        var column = IntegerMember(obj, "columnIndex", path, Need.Required, minimum: 0);
        if (wellPath is null)
        {
            return null;
        }

        var pathPath = JsonPaths.Member(path, "path");
        if (!WellPathPattern().IsMatch(wellPath))
        {
            Error(pathPath, $"'{wellPath}' must be 'row/column' (letters and digits, one '/')");
            return null;
        }

        var parts = wellPath.Split('/');
        if (rows is not null && columns is not null)
        {
            var rowName = parts[0];
            var columnName = parts[1];
            if (!rows.Contains(rowName) || !columns.Contains(columnName))
            {
                var swapped = columns.Contains(rowName) && rows.Contains(columnName);
                var message = swapped
                    ? $"'{wellPath}' has the column before the row; the path must be 'row/column' ('{columnName}/{rowName}')"
                    : !rows.Contains(rowName) ? $"'{rowName}' is not one of the plate's rows" : $"'{columnName}' is not one of the plate's columns";

                // The 0.4 and 0.6rc0 test suites declare column-first paths valid (even strictly); only 0.5's rejects them.
                if (swapped && _version != NgffVersion.V0_5)
                {
                    Note(pathPath, message);
                }
                else
                {
                    Error(pathPath, message);
                }
            }
            else
            {
                if (row is { } r && rows[(int)Math.Min(r, rows.Count - 1)] != rowName)
                {
                    Error(JsonPaths.Member(path, "rowIndex"), r >= rows.Count ? $"{r} is beyond the plate's {rows.Count} rows" : $"{r} is row '{rows[(int)r]}', the path says '{rowName}'");
                }

                if (column is { } c && columns[(int)Math.Min(c, columns.Count - 1)] != columnName)
                {
                    Error(JsonPaths.Member(path, "columnIndex"), c >= columns.Count ? $"{c} is beyond the plate's {columns.Count} columns" : $"{c} is column '{columns[(int)c]}', the path says '{columnName}'");
                }
            }
        }

        return row is null || column is null || row > int.MaxValue || column > int.MaxValue ? null : new PlateWell(wellPath, (int)row, (int)column);
    }

    private Well? ReadWell(JsonNode? node, string path)
    {
        if (ObjectAt(node, path, "'well'") is not { } obj)
        {
            return null;
        }

        CheckBlockVersion(obj, path);
        var imagesPath = JsonPaths.Member(path, "images");
        if (ArrayMember(obj, "images", path, Need.Required, minItems: 1, uniqueItems: true) is not { } array)
        {
            return null;
        }

        var images = new List<WellImage>();
        for (var i = 0; i < array.Count; i++)
        {
            var itemPath = JsonPaths.Item(imagesPath, i);
            if (ObjectAt(array[i], itemPath, "a field") is not { } image)
            {
                continue;
            }

            var acquisition = IntegerMember(image, "acquisition", itemPath);
            if (StringMember(image, "path", itemPath, Need.Required) is not { } imagePath)
            {
                continue;
            }

            var valid = _version >= NgffVersion.V0_6
                ? FieldPathV06().IsMatch(imagePath) && !imagePath.All(ch => ch == '.') && !imagePath.StartsWith("__", StringComparison.Ordinal)
                : Alphanumeric().IsMatch(imagePath);
            if (!valid)
            {
                Error(JsonPaths.Member(itemPath, "path"), _version >= NgffVersion.V0_6
                    ? $"'{imagePath}' must be one path segment of letters, digits, '_', '.', '-' (not only dots, not starting with '__')"
                    : $"'{imagePath}' must be letters and digits only");
                continue;
            }

            images.Add(new WellImage(imagePath, acquisition));
        }

        CheckUniqueStrings([.. images.Select(w => w.Path)], imagesPath, "field path");
        return new Well(images);
    }

    /// <summary>0.4 plates, wells (and labels) carry their own version; it must match.</summary>
    private void CheckBlockVersion(JsonObject block, string path)
    {
        if (_version > NgffVersion.V0_4)
        {
            return;
        }

        if (!block.ContainsKey("version"))
        {
            if (_version == NgffVersion.V0_4)
            {
                Warn(JsonPaths.Member(path, "version"), "missing (recommended)");
            }

            return;
        }

        var text = StringMember(block, "version", path);
        if (text is not null && text != _version.ToText())
        {
            Error(JsonPaths.Member(path, "version"), $"must be \"{_version.ToText()}\", found \"{text}\"");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9]+$")]
    private static partial Regex Alphanumeric();

    [GeneratedRegex("^[A-Za-z0-9]+/[A-Za-z0-9]+$")]
    private static partial Regex WellPathPattern();

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex FieldPathV06();
}
