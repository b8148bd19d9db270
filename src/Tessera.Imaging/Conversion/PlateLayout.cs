using System.Globalization;

namespace Tessera.Imaging.Conversion;

/// <summary>
/// The files of a plate arranged as the NGFF plate will be: rows, columns, wells, fields (per acquisition) and, per
/// field, one file for every (t, channel, z). Built from a folder and a <see cref="PlatePattern"/>, or from a CSV
/// manifest; every field must have the same complete set of planes.
/// </summary>
public sealed class PlateLayout
{
    private PlateLayout(IReadOnlyList<string> rows, IReadOnlyList<string> columns, IReadOnlyList<PlateLayoutWell> wells, IReadOnlyList<string> channels, int sizeZ, int sizeT, IReadOnlyList<long> acquisitions)
    {
        Rows = rows;
        Columns = columns;
        Wells = wells;
        Channels = channels;
        SizeZ = sizeZ;
        SizeT = sizeT;
        Acquisitions = acquisitions;
    }

    /// <summary>Row names in plate order (A, B, …, Z, AA, …).</summary>
    public IReadOnlyList<string> Rows { get; }

    /// <summary>Column names in numeric order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The wells that have files, in row then column order.</summary>
    public IReadOnlyList<PlateLayoutWell> Wells { get; }

    /// <summary>The channel keys, in order (numeric when all are numbers).</summary>
    public IReadOnlyList<string> Channels { get; }

    /// <summary>Focal planes per field.</summary>
    public int SizeZ { get; }

    /// <summary>Time points per field.</summary>
    public int SizeT { get; }

    /// <summary>The acquisition numbers (empty when the files name none).</summary>
    public IReadOnlyList<long> Acquisitions { get; }

    /// <summary>Every field, with its well.</summary>
    public int FieldCount => Wells.Sum(w => w.Fields.Count);

    /// <summary>Finds the files under <paramref name="directory"/> whose relative paths match <paramref name="pattern"/>.</summary>
    /// <exception cref="ImageFormatException">Nothing matches, or the fields' planes are incomplete.</exception>
    public static PlateLayout FromFolder(string directory, PlatePattern pattern)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(pattern);
        if (!Directory.Exists(directory))
        {
            throw new ImageFormatException(directory, "no such directory");
        }

        var files = new List<PlateFile>();
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(directory, path).Replace(Path.DirectorySeparatorChar, '/');
            if (pattern.Match(relative, path) is { } file)
            {
                files.Add(file);
            }
        }

        if (files.Count == 0)
        {
            throw new ImageFormatException(directory, $"no file matches the pattern '{pattern.Text}'");
        }

        return Arrange(files, directory);
    }

    /// <summary>
    /// Reads a CSV manifest with columns <c>row</c>, <c>column</c> and <c>file</c> (required) and <c>field</c>,
    /// <c>channel</c>, <c>z</c>, <c>t</c>, <c>acquisition</c> (optional); relative files are resolved against the
    /// manifest's directory.
    /// </summary>
    public static PlateLayout FromManifest(string manifest)
    {
        var table = CsvTable.Read(manifest);
        var row = table.Column("row");
        var column = table.Column("column", "col");
        var file = table.Column("file", "path");
        if (row < 0 || column < 0 || file < 0)
        {
            throw new ImageFormatException(manifest, $"the manifest needs the columns row, column and file (found: {string.Join(", ", table.Header)})");
        }

        var field = table.Column("field");
        var channel = table.Column("channel");
        var z = table.Column("z");
        var t = table.Column("t");
        var acquisition = table.Column("acquisition");
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(manifest)) ?? ".";
        var files = new List<PlateFile>();
        foreach (var (line, fields) in table.Rows)
        {
            long Number(int index, string name)
            {
                if (index < 0 || fields[index].Trim().Length == 0)
                {
                    return 0;
                }

                return long.TryParse(fields[index].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                    ? value
                    : throw new ImageFormatException(manifest, $"line {line}: {name} '{fields[index]}' is not a whole number");
            }

            var rowName = fields[row].Trim().ToUpperInvariant();
            if (rowName.Length == 0 || !rowName.All(char.IsAsciiLetterOrDigit))
            {
                throw new ImageFormatException(manifest, $"line {line}: row '{fields[row]}' must be letters or digits");
            }

            var path = fields[file].Trim();
            files.Add(new PlateFile(
                Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path),
                rowName,
                Number(column, "column").ToString(CultureInfo.InvariantCulture),
                Number(field, "field"),
                channel >= 0 && fields[channel].Trim().Length > 0 ? fields[channel].Trim() : "0",
                Number(z, "z"),
                Number(t, "t"),
                acquisition >= 0 && fields[acquisition].Trim().Length > 0 ? Number(acquisition, "acquisition") : null));
        }

        if (files.Count == 0)
        {
            throw new ImageFormatException(manifest, "the manifest lists no files");
        }

        if (files.FirstOrDefault(f => !File.Exists(f.Path)) is { } missing)
        {
            throw new ImageFormatException(missing.Path, $"listed in {manifest} but does not exist");
        }

        return Arrange(files, manifest);
    }

    private static int LetterIndex(string letters) => letters.Aggregate(0, (value, letter) => value * 26 + (letter - 'A' + 1)) - 1;

    private static string LetterName(int index) => index < 26 ? ((char)('A' + index)).ToString() : LetterName(index / 26 - 1) + (char)('A' + index % 26);

    private static PlateLayout Arrange(List<PlateFile> files, string source)
    {
        // A plate's grid starts at row A and column 1, whichever wells were imaged, so wells keep their place in viewers.
        var rows = files.Select(f => f.Row).Distinct().OrderBy(r => r.Length).ThenBy(r => r, StringComparer.Ordinal).ToArray();
        if (rows.All(r => r.All(char.IsAsciiLetterUpper)))
        {
            var last = rows.Max(LetterIndex);
            rows = [.. Enumerable.Range(0, last + 1).Select(LetterName)];
        }

        var lastColumn = files.Max(f => long.Parse(f.Column, CultureInfo.InvariantCulture));
        var firstColumn = files.Min(f => long.Parse(f.Column, CultureInfo.InvariantCulture));
        var columns = firstColumn >= 1 && lastColumn <= 1000
            ? Enumerable.Range(1, (int)Math.Max(1, lastColumn)).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray()
            : files.Select(f => f.Column).Distinct().OrderBy(c => long.Parse(c, CultureInfo.InvariantCulture)).ToArray();
        var channelKeys = files.Select(f => f.Channel).Distinct().ToArray();
        var channels = channelKeys.All(c => long.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            ? channelKeys.OrderBy(c => long.Parse(c, CultureInfo.InvariantCulture)).ToArray()
            : channelKeys.Order(StringComparer.Ordinal).ToArray();
        var zs = files.Select(f => f.Z).Distinct().Order().ToArray();
        var ts = files.Select(f => f.T).Distinct().Order().ToArray();
        var acquisitions = files.Where(f => f.Acquisition is not null).Select(f => f.Acquisition!.Value).Distinct().Order().ToArray();
        if (acquisitions.Length > 0 && files.Any(f => f.Acquisition is null))
        {
            throw new ImageFormatException(source, "some files name an acquisition and others do not");
        }

        var wells = new List<PlateLayoutWell>();
        foreach (var well in files.GroupBy(f => (f.Row, f.Column)).OrderBy(g => Array.IndexOf(rows, g.Key.Row)).ThenBy(g => Array.IndexOf(columns, g.Key.Column)))
        {
            var fields = new List<PlateLayoutField>();
            foreach (var field in well.GroupBy(f => (f.Acquisition, f.Field)).OrderBy(g => g.Key.Acquisition).ThenBy(g => g.Key.Field))
            {
                var planes = new string[ts.Length, channels.Length, zs.Length];
                foreach (var file in field)
                {
                    ref var slot = ref planes[Array.IndexOf(ts, file.T), Array.IndexOf(channels, file.Channel), Array.IndexOf(zs, file.Z)];
                    if (slot is not null)
                    {
                        throw new ImageFormatException(file.Path, $"well {well.Key.Row}{well.Key.Column} field {field.Key.Field}: the same plane (channel {file.Channel}, z {file.Z}, t {file.T}) as {slot}");
                    }

                    slot = file.Path;
                }

                for (var t = 0; t < ts.Length; t++)
                {
                    for (var c = 0; c < channels.Length; c++)
                    {
                        for (var z = 0; z < zs.Length; z++)
                        {
                            if (planes[t, c, z] is null)
                            {
                                throw new ImageFormatException(source, $"well {well.Key.Row}{well.Key.Column} field {field.Key.Field}: no file for channel {channels[c]}, z {zs[z]}, t {ts[t]}");
                            }
                        }
                    }
                }

                fields.Add(new PlateLayoutField(field.Key.Field, field.Key.Acquisition, planes));
            }

            wells.Add(new PlateLayoutWell(well.Key.Row, well.Key.Column, fields));
        }

        return new PlateLayout(rows, columns, wells, channels, zs.Length, ts.Length, acquisitions);
    }
}
