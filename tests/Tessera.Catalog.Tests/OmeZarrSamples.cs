using System.Globalization;
using Tessera.Ngff;
using Tessera.Zarr;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Catalog.Tests;

/// <summary>
/// Small OME-Zarr images, plates and collections written with the library's own writers, for import tests (also
/// compiled into the CLI tests). Pixels are uint16 ramps stored uncompressed, so writing and copying cost only bytes.
/// </summary>
public static class OmeZarrSamples
{
    public const double PixelSize = 0.5;
    public const double PlaneSpacing = 2;

    /// <summary>The channels every sample image carries: labels, colours, windows, the second one hidden.</summary>
    public static readonly (string Label, string Color, double Start, double End, bool Active)[] Channels =
        [("DAPI", "0000FF", 10, 3000, true), ("GFP", "00FF00", 5, 2000, false)];

    /// <summary>A (c, z, y, x) image with <paramref name="levels"/> levels halving y and x, a name, omero channels, micrometre sizes.</summary>
    public static Task WriteImageAsync(string directory, NgffVersion version, int size = 64, int planes = 3, int levels = 3, string? name = "sample image") =>
        WriteImageAsync(Store(directory), "", version, size, planes, levels, name, size);

    /// <summary>
    /// A plate of <paramref name="rows"/> × <paramref name="columns"/> wells, each with <paramref name="fields"/>
    /// (c, y, x) fields of <paramref name="levels"/> levels, and one acquisition; <paramref name="chunk"/> sets the chunk side.
    /// </summary>
    public static async Task WritePlateAsync(string directory, NgffVersion version, int rows = 8, int columns = 12, int fields = 4, int size = 64, int levels = 1, string name = "sample plate", int? chunk = null)
    {
        var store = Store(directory);
        var rowNames = Enumerable.Range(0, rows).Select(r => ((char)('A' + r)).ToString()).ToArray();
        var columnNames = Enumerable.Range(1, columns).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();
        var plate = Plate.Create(rowNames, columnNames, Enumerable.Range(0, rows).SelectMany(r => Enumerable.Range(0, columns).Select(c => (r, c)))) with
        {
            Name = name,
            FieldCount = fields,
            Acquisitions = [new PlateAcquisition(7) { Name = "run 1", MaximumFieldCount = fields }],
        };
        await NgffWriter.WriteGroupAsync(store, "", new NgffMetadata { Plate = plate }, version);
        foreach (var row in rowNames)
        {
            await ZarrGroup.CreateAsync(store, row, NgffWriter.FormatOf(version));
        }

        // Wells in parallel: hundreds of small images are mostly file creation, which overlaps well.
        await Parallel.ForEachAsync(plate.Wells, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (well, _) =>
        {
            var images = Enumerable.Range(0, fields).Select(f => new WellImage(f.ToString(CultureInfo.InvariantCulture), 7));
            await NgffWriter.WriteGroupAsync(store, well.Path, new NgffMetadata { Well = new Well([.. images]) }, version);
            for (var field = 0; field < fields; field++)
            {
                await WriteImageAsync(store, StoreKey.Join(well.Path, field.ToString(CultureInfo.InvariantCulture)), version, size, planes: 0, levels, name: null, chunk ?? size);
            }
        });
    }

    /// <summary>A bioformats2raw collection: series 0/ and 1/ listed in OME/, each a small image without a name.</summary>
    public static async Task WriteCollectionAsync(string directory, NgffVersion version)
    {
        var store = Store(directory);
        await NgffWriter.WriteGroupAsync(store, "", new NgffMetadata { Bioformats2RawLayout = 3 }, version);
        await NgffWriter.WriteGroupAsync(store, "OME", new NgffMetadata { Series = ["0", "1"] }, version);
        await WriteImageAsync(store, "0", version, 32, planes: 0, levels: 2, name: null, 32);
        await WriteImageAsync(store, "1", version, 48, planes: 0, levels: 2, name: null, 48);
    }

    /// <summary>Copies a directory tree (to damage or rename a sample without touching the shared one).</summary>
    public static string CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }

    private static FileSystemStore Store(string directory)
    {
        Directory.CreateDirectory(directory);
        return new FileSystemStore(directory);
    }

    private static async Task WriteImageAsync(IWritableStore store, string path, NgffVersion version, int size, int planes, int levels, string? name, int chunk)
    {
        var unit = "micrometer";
        ValueList<Axis> axes = planes > 0
            ? [Axis.OfChannel(), Axis.OfSpace("z", unit), Axis.OfSpace("y", unit), Axis.OfSpace("x", unit)]
            : [Axis.OfChannel(), Axis.OfSpace("y", unit), Axis.OfSpace("x", unit)];
        var datasets = Enumerable.Range(0, levels).Select(l =>
        {
            var xy = PixelSize * (1 << l);
            return MultiscaleDataset.Create(l.ToString(CultureInfo.InvariantCulture), planes > 0 ? [1, PlaneSpacing, xy, xy] : [1, xy, xy]);
        });
        var metadata = new NgffMetadata
        {
            Multiscales = [new Multiscale(axes, [.. datasets]) { Name = name }],
            Omero = new OmeroMetadata([.. Channels.Select(c => new OmeroChannel(c.Color, new OmeroWindow(0, 4095, c.Start, c.End)) { Label = c.Label, Active = c.Active })]),
        };
        await NgffWriter.WriteGroupAsync(store, path, metadata, version);
        var depth = Math.Max(planes, 1);
        for (var level = 0; level < levels; level++)
        {
            var side = Math.Max(1, size >> level);
            long[] shape = planes > 0 ? [Channels.Length, planes, side, side] : [Channels.Length, side, side];
            // Both channels in one chunk: fewer files, and file count is what copying a plate mostly costs.
            int[] chunks = planes > 0 ? [Channels.Length, 1, Math.Min(chunk, side), Math.Min(chunk, side)] : [Channels.Length, Math.Min(chunk, side), Math.Min(chunk, side)];
            var pixels = new ushort[Channels.Length * depth * side * side];
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (ushort)(i % 4096);
            }

            var array = await NgffWriter.CreateLevelAsync(store, path, level.ToString(CultureInfo.InvariantCulture), new ArrayMetadata(shape, chunks, DataType.UInt16) { Codecs = [new BytesCodec()] }, axes, version);
            await array.WriteAsync<ushort>(ArrayRegion.Full(shape), pixels);
        }
    }
}
