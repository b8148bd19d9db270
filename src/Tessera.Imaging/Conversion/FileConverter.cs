using System.Globalization;
using System.Text;
using Tessera.Imaging.Ome;
using Tessera.Ngff;
using Tessera.Zarr.Storage;

namespace Tessera.Imaging.Conversion;

/// <summary>
/// Converts one image file into OME-Zarr: a plain TIFF, PNG or JPEG becomes one image; an OME-TIFF follows its
/// OME-XML — one image, several (bioformats2raw layout with <c>OME/METADATA.ome.xml</c>), or a plate.
/// </summary>
public static class FileConverter
{
    /// <summary>Opens a single image file (TIFF, the first image of an OME-TIFF, PNG, JPEG) as pixels.</summary>
    /// <exception cref="ImageFormatException">The file is missing, of another format, or cannot be decoded.</exception>
    public static PixelSource Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        switch (Detect(path))
        {
            case ImageFileKind.Tiff:
                if (OmeTiffFile.TryOpen(path) is { } ome)
                {
                    return new OwningPixelSource(ome.OpenImage(0), ome);
                }

                return Tiff.TiffPixelSource.Open(path);
            case ImageFileKind.Png:
                return new DecodedPixelSource(Png.PngImage.Read(path), path);
            case ImageFileKind.Jpeg:
                return new DecodedPixelSource(Jpeg.JpegImage.Read(path), path);
            default:
                throw new ImageFormatException(path, "not a TIFF, PNG or JPEG file");
        }
    }

    /// <summary>Converts <paramref name="input"/> into the root of <paramref name="store"/>.</summary>
    /// <returns>What was written: an image, a bioformats2raw collection, or a plate.</returns>
    /// <exception cref="ImageFormatException">The input or a mask cannot be read, or they do not fit together.</exception>
    public static async ValueTask<NgffKind> ConvertAsync(string input, IWritableStore store, IReadOnlyList<LabelFile> labels, ConversionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        var kind = Detect(input);
        if (kind == ImageFileKind.Tiff && OmeTiffFile.TryOpen(input) is { } ome)
        {
            using (ome)
            {
                return await ConvertOmeTiffAsync(ome, store, labels, options, cancellationToken).ConfigureAwait(false);
            }
        }

        using var source = Open(input);
        await ConvertImageAsync(store, "", source, new SourceMetadata { Name = Path.GetFileName(input) }, labels, options, ImageConverter.PixelCount(source), cancellationToken).ConfigureAwait(false);
        return NgffKind.Image;
    }

    private static async ValueTask<NgffKind> ConvertOmeTiffAsync(OmeTiffFile ome, IWritableStore store, IReadOnlyList<LabelFile> labels, ConversionOptions options, CancellationToken cancellationToken)
    {
        var document = ome.Document;

        // Open (and so check) every image before writing anything: an inconsistent file fails at once.
        var sources = new List<PixelSource>();
        try
        {
            for (var i = 0; i < document.Images.Count; i++)
            {
                sources.Add(ome.OpenImage(i));
            }

            var total = sources.Sum(ImageConverter.PixelCount);
            if (document.Plates.Count == 0 && sources.Count == 1)
            {
                await ConvertImageAsync(store, "", sources[0], ome.Metadata(0), labels, options, total, cancellationToken).ConfigureAwait(false);
                await store.SetAsync("OME/METADATA.ome.xml", Encoding.UTF8.GetBytes(document.Xml), cancellationToken).ConfigureAwait(false);
                return NgffKind.Image;
            }

            if (labels.Count > 0)
            {
                throw new ImageFormatException(ome.Path, $"--labels needs a single image, but the OME-XML describes {sources.Count} images{(document.Plates.Count > 0 ? " in a plate" : "")}");
            }

            var converter = new ImageConverter(options, total);
            var paths = document.Plates.Count > 0 ? PlatePaths(ome) : [.. Enumerable.Range(0, sources.Count).Select(i => i.ToString(CultureInfo.InvariantCulture))];
            for (var i = 0; i < sources.Count; i++)
            {
                if (paths[i] is { } path)
                {
                    await converter.ConvertAsync(store, path, sources[i], ome.Metadata(i), null, cancellationToken).ConfigureAwait(false);
                }
            }

            await store.SetAsync("OME/METADATA.ome.xml", Encoding.UTF8.GetBytes(document.Xml), cancellationToken).ConfigureAwait(false);
            await NgffWriter.WriteGroupAsync(store, "OME", new NgffMetadata { Series = [.. paths.Where(p => p is not null).Select(p => p!)] }, options.Version, false, null, cancellationToken).ConfigureAwait(false);
            if (document.Plates.Count > 0)
            {
                await WritePlateGroupsAsync(ome, store, options, cancellationToken).ConfigureAwait(false);
                return NgffKind.Plate;
            }

            await NgffWriter.WriteGroupAsync(store, "", new NgffMetadata { Bioformats2RawLayout = 3 }, options.Version, false, null, cancellationToken).ConfigureAwait(false);
            return NgffKind.Bioformats2RawCollection;
        }
        finally
        {
            foreach (var source in sources)
            {
                source.Dispose();
            }
        }
    }

    /// <summary>Where each image goes in a plate: row/column/field index; null for images in no well.</summary>
    private static string?[] PlatePaths(OmeTiffFile ome)
    {
        var document = ome.Document;
        if (document.Plates.Count > 1)
        {
            throw new ImageFormatException(ome.Path, $"the OME-XML describes {document.Plates.Count} plates; one plate per file is supported");
        }

        var plate = document.Plates[0];
        var rows = plate.RowNames();
        var columns = plate.ColumnNames();
        var paths = new string?[document.Images.Count];
        var imageIndex = ImageIndex(document);
        foreach (var well in plate.Wells)
        {
            var index = 0;
            foreach (var sample in well.Samples.OrderBy(s => s.Index))
            {
                if (sample.ImageRef is { } id && imageIndex.TryGetValue(id, out var image))
                {
                    paths[image] = $"{rows[well.Row]}/{columns[well.Column]}/{index++}";
                }
            }
        }

        return paths;
    }

    /// <summary>Each image's position in the OME-XML by ID (plates reference thousands of images).</summary>
    private static Dictionary<string, int> ImageIndex(OmeDocument document) =>
        document.Images.Select((image, index) => (image.Id, index)).ToDictionary(p => p.Id, p => p.index, StringComparer.Ordinal);

    private static async ValueTask WritePlateGroupsAsync(OmeTiffFile ome, IWritableStore store, ConversionOptions options, CancellationToken cancellationToken)
    {
        var plate = ome.Document.Plates[0];
        var rows = plate.RowNames();
        var columns = plate.ColumnNames();
        var acquisitionIds = plate.Acquisitions.Select((a, i) => (a.Id, Index: (long)i)).ToDictionary(p => p.Id, p => p.Index);
        var wells = new List<(int, int)>();
        var imageIndex = ImageIndex(ome.Document);
        foreach (var well in plate.Wells)
        {
            var samples = well.Samples.OrderBy(s => s.Index).Where(s => s.ImageRef is { } id && imageIndex.ContainsKey(id)).ToList();
            if (samples.Count == 0)
            {
                continue;
            }

            var images = samples.Select((s, index) => new WellImage(index.ToString(CultureInfo.InvariantCulture), s.PlateAcquisitionRef is { } a && acquisitionIds.TryGetValue(a, out var id) ? id : null));
            await NgffWriter.WriteGroupAsync(store, $"{rows[well.Row]}/{columns[well.Column]}", new NgffMetadata { Well = new Well([.. images]) }, options.Version, false, null, cancellationToken).ConfigureAwait(false);
            wells.Add((well.Row, well.Column));
        }

        var metadata = Plate.Create(rows, columns, wells) with
        {
            Name = plate.Name,
            FieldCount = plate.Wells.Count == 0 ? null : plate.Wells.Max(w => w.Samples.Count),
            Acquisitions = plate.Acquisitions.Count == 0 ? null : [.. plate.Acquisitions.Select((a, i) => new PlateAcquisition(i)
            {
                Name = a.Name,
                MaximumFieldCount = a.MaximumFieldCount ?? plate.Wells.Max(w => w.Samples.Count(s => s.PlateAcquisitionRef == a.Id)),
                StartTime = a.StartTime?.ToUnixTimeSeconds(),
                EndTime = a.EndTime?.ToUnixTimeSeconds(),
            })],
        };
        await NgffWriter.WriteGroupAsync(store, "", new NgffMetadata { Plate = metadata, Bioformats2RawLayout = 3 }, options.Version, false, null, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask ConvertImageAsync(IWritableStore store, string path, PixelSource source, SourceMetadata metadata, IReadOnlyList<LabelFile> labels, ConversionOptions options, long total, CancellationToken cancellationToken)
    {
        var labelSources = new List<LabelSource>();
        try
        {
            foreach (var label in labels)
            {
                var mask = Open(label.Path);
                labelSources.Add(new LabelSource(label.Name, mask) { Properties = label.PropertiesPath is null ? new Dictionary<long, IReadOnlyDictionary<string, string>>() : ReadProperties(label.PropertiesPath) });
                total += ImageConverter.PixelCount(mask);
            }

            await new ImageConverter(options, total).ConvertAsync(store, path, source, metadata, labelSources, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var label in labelSources)
            {
                label.Pixels.Dispose();
            }
        }
    }

    /// <summary>Reads label properties: a <c>label-value</c> column (integers, each once) and one column per property.</summary>
    public static IReadOnlyDictionary<long, IReadOnlyDictionary<string, string>> ReadProperties(string path)
    {
        var table = CsvTable.Read(path);
        var key = table.Column("label-value", "label_value", "label", "value");
        if (key < 0)
        {
            throw new ImageFormatException(path, $"label properties need a 'label-value' column (found: {string.Join(", ", table.Header)})");
        }

        var properties = new Dictionary<long, IReadOnlyDictionary<string, string>>();
        foreach (var (line, fields) in table.Rows)
        {
            if (!long.TryParse(fields[key].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                throw new ImageFormatException(path, $"line {line}: label value '{fields[key]}' is not a whole number");
            }

            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < fields.Length; i++)
            {
                if (i != key && table.Header[i].Length > 0)
                {
                    values[table.Header[i]] = fields[i];
                }
            }

            if (!properties.TryAdd(value, values))
            {
                throw new ImageFormatException(path, $"line {line}: label value {value} is listed twice");
            }
        }

        return properties;
    }

    private static ImageFileKind Detect(string path)
    {
        if (!File.Exists(path))
        {
            throw new ImageFormatException(path, Directory.Exists(path) ? "is a directory, not an image file (for a plate folder use 'tessera convert-plate')" : "no such file");
        }

        var kind = ImageFileFormat.Detect(path);
        return kind == ImageFileKind.BigTiff ? ImageFileKind.Tiff : kind;
    }

    /// <summary>A pixel source that also disposes the file it came from.</summary>
    private sealed class OwningPixelSource(PixelSource inner, IDisposable owner) : PixelSource
    {
        public override string Name => inner.Name;

        public override Zarr.Metadata.DataType DataType => inner.DataType;

        public override int SizeT => inner.SizeT;

        public override int SizeC => inner.SizeC;

        public override int SizeZ => inner.SizeZ;

        public override long SizeY => inner.SizeY;

        public override long SizeX => inner.SizeX;

        public override (int Height, int Width) StorageBlock => inner.StorageBlock;

        public override void ReadRegion(int t, int c, int z, long y, long x, int height, int width, Span<byte> destination) =>
            inner.ReadRegion(t, c, z, y, x, height, width, destination);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                owner.Dispose();
            }
        }
    }
}
