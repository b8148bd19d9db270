using System.Globalization;
using Tessera.Ngff;
using Tessera.Zarr;
using Tessera.Zarr.Storage;

namespace Tessera.Catalog.Import;

/// <summary>
/// Reads what the catalogue records from an OME-Zarr image, bioformats2raw collection or plate: names, sizes, data
/// type, pixel sizes, levels and channels of every image, and a plate's wells and fields. Any node that cannot be
/// read fails the whole scan with its path.
/// </summary>
internal static class HierarchyScanner
{
    /// <summary>Scans the hierarchy at the root of <paramref name="store"/>; <paramref name="display"/> names it in errors.</summary>
    /// <exception cref="CatalogException">A node is missing, unreadable, or not what its parent says it is.</exception>
    public static async Task<ScannedHierarchy> ScanAsync(IStore store, string display, string folderName, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var root = await OpenAsync(store, "", display, cancellationToken).ConfigureAwait(false);
        switch (root.Kind)
        {
            case NgffKind.Image:
                var image = await ReadImageAsync(root, display, folderName, cancellationToken).ConfigureAwait(false);
                return new ScannedHierarchy(NgffKind.Image, image.Name, null, [], [new ScannedImage("", image)]);
            case NgffKind.Bioformats2RawCollection:
                var images = new List<ScannedImage>();
                foreach (var series in await root.ListSeriesAsync(cancellationToken).ConfigureAwait(false))
                {
                    var node = await OpenAsync(store, series, display, cancellationToken).ConfigureAwait(false);
                    if (node.Kind != NgffKind.Image)
                    {
                        throw new CatalogException($"{Join(display, series)}: series '{series}' of the collection is not a multiscale image (it is {node.Kind})");
                    }

                    images.Add(new ScannedImage(series, await ReadImageAsync(node, Join(display, series), $"{folderName} [{series}]", cancellationToken).ConfigureAwait(false)));
                }

                return images.Count == 0
                    ? throw new CatalogException($"{display}: the bioformats2raw collection holds no series")
                    : new ScannedHierarchy(NgffKind.Bioformats2RawCollection, folderName, null, [], images);
            case NgffKind.Plate:
                return await ScanPlateAsync(root, display, folderName, progress, cancellationToken).ConfigureAwait(false);
            default:
                throw new CatalogException($"{display}: {Describe(root.Kind)}");
        }
    }

    /// <summary>Why a node of this kind cannot be imported itself, or null when it can.</summary>
    public static string Describe(NgffKind kind) => kind switch
    {
        NgffKind.LabelImage => "is a label image; import the image it labels",
        NgffKind.Well => "is a well; import its plate",
        NgffKind.Labels => "is the labels group of an image; import the image",
        NgffKind.OmeSeries => "is the OME group of a bioformats2raw collection; import the collection",
        _ => "is a Zarr group without an OME-NGFF image, plate or bioformats2raw collection",
    };

    private static async Task<ScannedHierarchy> ScanPlateAsync(NgffNode root, string display, string folderName, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var plate = root.Metadata.Plate!;
        var name = string.IsNullOrWhiteSpace(plate.Name) ? folderName : plate.Name;
        var wells = new ScannedWell[plate.Wells.Count];
        var done = 0;
        progress?.Report($"reading {plate.Wells.Count} wells");
        await Parallel.ForEachAsync(Enumerable.Range(0, wells.Length), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (index, token) =>
        {
            var well = plate.Wells[index];
            var wellDisplay = Join(display, well.Path);
            if (well.RowIndex < 0 || well.RowIndex >= plate.Rows.Count || well.ColumnIndex < 0 || well.ColumnIndex >= plate.Columns.Count)
            {
                throw new CatalogException($"{wellDisplay}: row {well.RowIndex} or column {well.ColumnIndex} is outside the plate's {plate.Rows.Count} × {plate.Columns.Count} grid");
            }

            var node = await OpenAsync(root.Store, well.Path, display, token).ConfigureAwait(false);
            var images = node.Metadata.Well?.Images ?? throw new CatalogException($"{wellDisplay}: not a well (no well metadata)");
            var (rowName, columnName) = (plate.Rows[well.RowIndex], plate.Columns[well.ColumnIndex]);
            var fields = new List<ScannedImage>(images.Count);
            for (var field = 0; field < images.Count; field++)
            {
                var path = StoreKey.Join(well.Path, images[field].Path);
                var fieldNode = await OpenAsync(root.Store, path, display, token).ConfigureAwait(false);
                if (fieldNode.Kind != NgffKind.Image)
                {
                    throw new CatalogException($"{Join(display, path)}: field {field} of well {rowName}{columnName} is not a multiscale image (it is {fieldNode.Kind})");
                }

                var fieldName = string.Create(CultureInfo.InvariantCulture, $"{name} [Well {rowName}{columnName}, Field {field + 1}]");
                var image = await ReadImageAsync(fieldNode, Join(display, path), fieldName, token).ConfigureAwait(false);
                fields.Add(new ScannedImage(path, image with { Name = fieldName }, field, images[field].Acquisition));
            }

            wells[index] = new ScannedWell(well, rowName, columnName, fields);
            var count = Interlocked.Increment(ref done);
            if (count % 24 == 0)
            {
                progress?.Report($"read {count} of {wells.Length} wells");
            }
        }).ConfigureAwait(false);

        var ordered = wells.OrderBy(w => w.Well.RowIndex).ThenBy(w => w.Well.ColumnIndex).ToList();
        return new ScannedHierarchy(NgffKind.Plate, name, plate, ordered, [.. ordered.SelectMany(w => w.Fields)]);
    }

    /// <summary>The record of one multiscale image, from its first multiscale, level 0's array and the omero block.</summary>
    private static async Task<ImageRecord> ReadImageAsync(NgffNode node, string display, string fallbackName, CancellationToken cancellationToken)
    {
        var multiscale = node.Metadata.Multiscale ?? throw new CatalogException($"{display}: not a multiscale image");
        if (multiscale.Datasets.Count == 0)
        {
            throw new CatalogException($"{display}: the multiscale image lists no levels");
        }

        ZarrArray level0;
        try
        {
            level0 = await node.OpenLevelAsync(0, 0, cancellationToken).ConfigureAwait(false);
        }
        catch (ZarrException e)
        {
            throw new CatalogException($"{display}: level '{multiscale.Datasets[0].Path}' cannot be opened: {e.Message}", e);
        }

        var axes = multiscale.Axes;
        if (level0.Rank != axes.Count)
        {
            throw new CatalogException($"{display}: level '{multiscale.Datasets[0].Path}' has {level0.Rank} dimensions but the image has {axes.Count} axes");
        }

        var space = Enumerable.Range(0, axes.Count).Where(i => axes[i].Type == Axis.Space || (axes[i].Type is null && axes[i].Name is "x" or "y" or "z")).ToList();
        var x = Find(multiscale.IndexOfAxis("x"), space, 1);
        var y = Find(multiscale.IndexOfAxis("y"), space, 2);
        var z = Find(multiscale.IndexOfAxis("z"), space, 3);
        if (x < 0 || y < 0 || x == y)
        {
            throw new CatalogException($"{display}: the image has no x and y axes (axes: {string.Join(", ", axes.Select(a => a.Name))})");
        }

        var c = multiscale.IndexOfAxisType(Axis.Channel) is >= 0 and var channelAxis ? channelAxis : multiscale.IndexOfAxis("c");
        var t = multiscale.IndexOfAxisType(Axis.Time) is >= 0 and var timeAxis ? timeAxis : multiscale.IndexOfAxis("t");
        var shape = level0.Shape;
        int Size(int axis, string what) => axis < 0 ? 1
            : shape[axis] <= int.MaxValue ? (int)shape[axis]
            : throw new CatalogException($"{display}: {shape[axis]} {what} is more than the catalogue records");

        var scale = Scale(multiscale, 0, axes.Count);
        var unit = axes[x].Unit ?? axes[y].Unit;
        var sizeC = Size(c, "channels");
        var omero = node.Metadata.Omero?.Channels;
        var channels = Enumerable.Range(0, sizeC).Select(i => omero is not null && i < omero.Count
            ? new ChannelInfo(omero[i].Label, omero[i].Color, omero[i].Window.Start, omero[i].Window.End, omero[i].Active ?? true)
            : new ChannelInfo(null, null)).ToList();

        var name = multiscale.Name is { Length: > 0 } named && !IsPlaceholder(named) ? named
            : node.Metadata.Omero?.Name is { Length: > 0 } omeroName ? omeroName
            : fallbackName;
        return new ImageRecord
        {
            Name = name,
            Location = node.Path,
            SizeX = shape[x],
            SizeY = shape[y],
            SizeZ = Size(z, "planes"),
            SizeC = sizeC,
            SizeT = Size(t, "time points"),
            PixelType = level0.DataType.Name,
            PhysicalSizeX = scale?[x],
            PhysicalSizeY = scale?[y],
            PhysicalSizeZ = z >= 0 ? scale?[z] : null,
            PhysicalUnit = unit,
            Levels = multiscale.Datasets.Count,
            Channels = channels,
        };
    }

    /// <summary>A name writers put when they have none ("0", "image"): the folder name says more.</summary>
    private static bool IsPlaceholder(string name) => name is "image" or "Image" or "default" || name.All(char.IsAsciiDigit);

    /// <summary>The axis named so, else the n-th space axis from the end (x last, then y, then z).</summary>
    private static int Find(int named, List<int> space, int fromEnd) => named >= 0 ? named : space.Count >= fromEnd ? space[^fromEnd] : -1;

    /// <summary>Level <paramref name="level"/>'s scale times the multiscale's own scale, or null when the level has none.</summary>
    private static double[]? Scale(Multiscale multiscale, int level, int rank)
    {
        if (multiscale.Datasets[level].Scale is not { } levelScale || levelScale.Count != rank)
        {
            return null;
        }

        var result = levelScale.ToArray();
        if (multiscale.Transformations.OfType<ScaleTransformation>().FirstOrDefault()?.Scale is { } global && global.Count == rank)
        {
            for (var i = 0; i < rank; i++)
            {
                result[i] *= global[i];
            }
        }

        return result;
    }

    private static async Task<NgffNode> OpenAsync(IStore store, string path, string display, CancellationToken cancellationToken)
    {
        try
        {
            return await NgffNode.OpenAsync(store, path, cancellationToken).ConfigureAwait(false);
        }
        catch (ZarrNodeNotFoundException)
        {
            throw new CatalogException($"{Join(display, path)}: no OME-Zarr group there (no zarr.json, .zattrs or .zgroup)");
        }
        catch (ZarrException e)
        {
            throw new CatalogException($"{Join(display, path)}: {e.Message}", e);
        }
    }

    private static string Join(string display, string path) => path.Length == 0 ? display : display.TrimEnd('/') + "/" + path;
}
