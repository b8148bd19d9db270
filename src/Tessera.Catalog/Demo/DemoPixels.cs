using System.Globalization;
using Tessera.Imaging.Conversion;
using Tessera.Ngff;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Storage;

namespace Tessera.Catalog.Demo;

/// <summary>
/// Writes the demo's generated OME-Zarr hierarchies (the plate, the stack, the slides) through the converter every
/// import of an image file uses, so they carry the same pyramids, omero windows and label metadata as converted data.
/// </summary>
internal static class DemoPixels
{
    /// <summary>The plate's name (its images are "Demo plate [Well A1, Field 1]" once imported).</summary>
    public const string PlateName = "Demo plate";

    /// <summary>The stack's name.</summary>
    public const string StackName = "Cell stack";

    /// <summary>The large slide's name.</summary>
    public const string LargeName = "Tissue slide";

    /// <summary>The private slide's name.</summary>
    public const string PrivateName = "Unpublished slide";

    private const double FieldPixelSize = 0.65;
    private const double StackPixelSize = 0.1625;
    private const double StackPlaneSpacing = 0.5;
    private const double SlidePixelSize = 0.25;
    private const string Micrometer = "micrometer";

    /// <summary>
    /// Writes an OME-NGFF 0.4 plate (Zarr v2, which zarr-python 2.13 reads) to <paramref name="path"/>: every well's
    /// fields with a "nuclei" label image each, then the wells, then the plate group last.
    /// </summary>
    /// <returns>The nuclei drawn in field 0 of each well, by (row, column).</returns>
    public static async Task<IReadOnlyDictionary<(int Row, int Column), IReadOnlyList<Nucleus>>> WritePlateAsync(
        string path, DemoOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var store = new FileSystemStore(path);
        var conversion = new ConversionOptions
        {
            Version = NgffVersion.V0_4,
            SmallestLevelMaxSide = Math.Max(1, options.FieldSize / 2),
            Concurrency = 1,
        };
        var rows = Enumerable.Range(0, options.PlateRows).Select(r => ((char)('A' + r)).ToString()).ToList();
        var columns = Enumerable.Range(1, options.PlateColumns).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToList();
        var wells = (from r in Enumerable.Range(0, options.PlateRows) from c in Enumerable.Range(0, options.PlateColumns) select (Row: r, Column: c)).ToList();
        var nuclei = new Dictionary<(int Row, int Column), IReadOnlyList<Nucleus>>();
        var metadata = new SourceMetadata
        {
            PhysicalSizeX = FieldPixelSize,
            PhysicalSizeY = FieldPixelSize,
            SpaceUnit = Micrometer,
            ChannelNames = [.. CellImage.Channels.Select(c => c.Name)],
            ChannelColors = [.. CellImage.Channels.Select(c => c.Color)],
        };
        var done = 0;
        await Parallel.ForEachAsync(wells, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Concurrency), CancellationToken = cancellationToken }, async (well, token) =>
        {
            var gene = DemoGene.ForWell(well.Row, well.Column, options.PlateColumns);
            var wellPath = StoreKey.Join(rows[well.Row], columns[well.Column]);
            var images = new List<WellImage>();
            for (var field = 0; field < options.FieldsPerWell; field++)
            {
                var name = $"{rows[well.Row]}{columns[well.Column]} field {field + 1}";
                var cells = CellImage.Render(1, options.FieldSize, gene.Layout(options.FieldSize), 1, Seed(well.Row, well.Column * 16 + field));
                var converter = new ImageConverter(conversion, 0);
                using var pixels = cells.Pixels(name);
                using var labels = cells.LabelPixels(name + " nuclei");
                var fieldPath = StoreKey.Join(wellPath, field.ToString(CultureInfo.InvariantCulture));
                await converter.ConvertAsync(store, fieldPath, pixels, metadata with { Name = name }, [new LabelSource("nuclei", labels)], token).ConfigureAwait(false);
                images.Add(new WellImage(field.ToString(CultureInfo.InvariantCulture)));
                if (field == 0)
                {
                    lock (nuclei)
                    {
                        nuclei[well] = cells.Nuclei;
                    }
                }
            }

            await NgffWriter.WriteGroupAsync(store, wellPath, new NgffMetadata { Well = new Well([.. images]) }, conversion.Version, false, null, token).ConfigureAwait(false);
            var count = Interlocked.Increment(ref done);
            if (count % 48 == 0 || count == wells.Count)
            {
                progress?.Report($"plate: wrote {count} of {wells.Count} wells");
            }
        }).ConfigureAwait(false);

        var plate = Plate.Create(rows, columns, wells) with { Name = PlateName, FieldCount = options.FieldsPerWell };
        await NgffWriter.WriteGroupAsync(store, "", new NgffMetadata { Plate = plate }, conversion.Version, false, null, cancellationToken).ConfigureAwait(false);
        return nuclei;
    }

    /// <summary>Writes the 3-D stack (OME-NGFF 0.5, sharded, with a "nuclei" label image) to <paramref name="path"/>.</summary>
    /// <returns>The nuclei drawn.</returns>
    public static async Task<IReadOnlyList<Nucleus>> WriteStackAsync(string path, DemoOptions options, CancellationToken cancellationToken)
    {
        var cells = CellImage.Render(options.StackPlanes, options.StackSize, new CellLayout(Math.Max(4, 40 * options.StackSize * options.StackSize / (512 * 512)), 26.0 * options.StackSize / 512, 0.2, 2600), StackPixelSize / StackPlaneSpacing, 20240511);
        var conversion = new ConversionOptions
        {
            Version = NgffVersion.V0_5,
            Chunks = new Dictionary<string, int> { ["z"] = 1, ["y"] = 256, ["x"] = 256 },
            Shards = new Dictionary<string, int> { ["z"] = 8, ["y"] = 512, ["x"] = 512 },
            SmallestLevelMaxSide = Math.Max(1, options.StackSize / 4),
            Concurrency = Math.Max(1, options.Concurrency),
        };
        var metadata = new SourceMetadata
        {
            Name = StackName,
            PhysicalSizeX = StackPixelSize,
            PhysicalSizeY = StackPixelSize,
            PhysicalSizeZ = StackPlaneSpacing,
            SpaceUnit = Micrometer,
            ChannelNames = [.. CellImage.Channels.Select(c => c.Name)],
            ChannelColors = [.. CellImage.Channels.Select(c => c.Color)],
        };
        using var pixels = cells.Pixels(StackName);
        using var labels = cells.LabelPixels(StackName + " nuclei");
        await new ImageConverter(conversion, 0).ConvertAsync(new FileSystemStore(path), "", pixels, metadata, [new LabelSource("nuclei", labels)], cancellationToken).ConfigureAwait(false);
        return cells.Nuclei;
    }

    /// <summary>
    /// Writes a slide of <paramref name="size"/>² RGB pixels (OME-NGFF 0.5, 512² chunks in shards of up to 4096², a
    /// pyramid down to 256 pixels) to <paramref name="path"/>, generated region by region on every core.
    /// </summary>
    public static async Task WriteSlideAsync(string path, string name, int size, int seed, DemoOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        using var pixels = new TissueSlideSource(name, size, seed);
        var conversion = new ConversionOptions
        {
            Version = NgffVersion.V0_5,
            Chunks = new Dictionary<string, int> { ["y"] = 512, ["x"] = 512 },
            Shards = new Dictionary<string, int> { ["y"] = 4096, ["x"] = 4096 },

            // zstd at level 1: about as fast to write as lz4 here, and its entropy coding halves the noisy tissue
            // that lz4 cannot shrink; the slide is the bulk of the demo's build time and size.
            Compressors = [new ZstdCodec(1)],

            // Brightfield: show the full 8-bit range rather than stretching the data's percentiles.
            WindowPercentiles = (0, 100),
            Concurrency = Math.Max(1, options.Concurrency),
            Progress = progress is null ? null : new TenthsReport(name, progress),
        };
        var metadata = new SourceMetadata
        {
            Name = name,
            PhysicalSizeX = SlidePixelSize,
            PhysicalSizeY = SlidePixelSize,
            SpaceUnit = Micrometer,
            ChannelNames = [.. TissueSlideSource.Channels.Select(c => c.Name)],
            ChannelColors = [.. TissueSlideSource.Channels.Select(c => c.Color)],
        };
        await new ImageConverter(conversion, ImageConverter.PixelCount(pixels)).ConvertAsync(new FileSystemStore(path), "", pixels, metadata, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A different, fixed seed per (a, b).</summary>
    private static int Seed(int a, int b) => (int)DemoHash.Of(a, b, 0x5EED);

    /// <summary>Conversion progress as a line per tenth.</summary>
    private sealed class TenthsReport(string name, IProgress<string> lines) : IProgress<ConversionProgress>
    {
        private int _reported;

        public void Report(ConversionProgress value)
        {
            var tenth = value.PixelsTotal <= 0 ? 10 : (int)(value.PixelsDone * 10 / value.PixelsTotal);
            if (tenth > Volatile.Read(ref _reported) && Interlocked.Exchange(ref _reported, tenth) < tenth)
            {
                lines.Report(string.Create(CultureInfo.InvariantCulture, $"{name}: {tenth * 10} % of {value.PixelsTotal / 1e6:0} megapixels"));
            }
        }
    }
}
