using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.Ngff;
using Tessera.Zarr;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Interop.Tests.Cases;

/// <summary>
/// Four small OME-Zarr hierarchies covering every kind of node: an image with omero channels and a labels
/// group holding one label image; a 2 × 3 plate with two fields per well and two acquisitions; a
/// bioformats2raw collection with an OME group, METADATA.ome.xml and two series; and a one-level image whose
/// names are not ASCII, kept apart so that a reader failing on them fails alone. The same model is written as
/// 0.4 and as 0.5; coarser levels hold the finer level's data really downsampled (2 × 2 mean, nearest for labels).
/// </summary>
internal sealed class NgffSampleHierarchy
{
    private const string MetadataXml =
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06">
          <Image ID="Image:0" Name="series 0"><Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint16" SizeX="8" SizeY="8" SizeZ="2" SizeC="1" SizeT="2"/></Image>
          <Image ID="Image:1" Name="series 1"><Pixels ID="Pixels:1" DimensionOrder="XYZCT" Type="float" SizeX="12" SizeY="10" SizeZ="1" SizeC="1" SizeT="1"/></Image>
        </OME>
        """;

    // Declared before Instance: static initialisers run in textual order.
    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    private readonly List<NgffSampleGroup> _groups = [];
    private readonly List<NgffSampleArray> _arrays = [];

    private NgffSampleHierarchy()
    {
        AddImageWithLabels();
        AddPlate();
        AddBioformats2RawCollection();
        AddImageWithNonAsciiNames();
    }

    /// <summary>The one sample every test uses (built once; it is immutable).</summary>
    public static NgffSampleHierarchy Instance { get; } = new();

    /// <summary>The hierarchies' folders below the data root, each the root of one validation.</summary>
    public static IReadOnlyList<string> Roots { get; } = ["image", "plate", "bf2raw", "names"];

    /// <summary>Every group, OME-NGFF or plain.</summary>
    public IReadOnlyList<NgffSampleGroup> Groups => _groups;

    /// <summary>The groups carrying OME-NGFF metadata.</summary>
    public IEnumerable<NgffSampleGroup> NgffGroups => _groups.Where(g => g.Metadata is not null);

    /// <summary>Every level array of every image and label image.</summary>
    public IReadOnlyList<NgffSampleArray> Arrays => _arrays;

    public NgffSampleGroup Group(string name) => _groups.Single(g => g.Name == name);

    public NgffSampleArray Level(string name) => _arrays.Single(a => a.Name == name);

    /// <summary>The names of the groups and arrays directly below <paramref name="group"/>, sorted ordinally.</summary>
    public IReadOnlyList<string> ChildrenOf(NgffSampleGroup group)
    {
        var prefix = group.Path.Length == 0 ? "" : group.Path + "/";
        return [.. _groups.Where(g => g.Root == group.Root).Select(g => g.Path)
            .Concat(_arrays.Where(a => a.Root == group.Root).Select(a => a.Path))
            .Where(p => p.Length > prefix.Length && p.StartsWith(prefix, StringComparison.Ordinal) && !p[prefix.Length..].Contains('/', StringComparison.Ordinal))
            .Select(p => p[prefix.Length..])
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Writes every hierarchy below <paramref name="dataRoot"/> with Tessera in <paramref name="version"/>'s layout.</summary>
    public async Task WriteAsync(string dataRoot, NgffVersion version)
    {
        foreach (var group in _groups)
        {
            var store = new FileSystemStore(Path.Combine(dataRoot, group.Root));
            if (group.Metadata is { } metadata)
            {
                await NgffWriter.WriteGroupAsync(store, group.Path, metadata, version);
            }
            else
            {
                await ZarrGroup.CreateAsync(store, group.Path, NgffWriter.FormatOf(version));
            }

            foreach (var (name, content) in group.Files)
            {
                await store.SetAsync(StoreKey.Join(group.Path, name), Encoding.UTF8.GetBytes(content));
            }
        }

        foreach (var level in _arrays)
        {
            var store = new FileSystemStore(Path.Combine(dataRoot, level.Root));
            var array = await NgffWriter.CreateLevelAsync(store, level.ImagePath, level.DatasetPath, level.ToTesseraMetadata(), level.Axes, version);
            await level.Type.WriteAsync(array, level.Values.Values);
        }
    }

    private static ValueList<Axis> SpaceAxes(params string[] names) => [.. names.Select(n => Axis.OfSpace(n, "micrometer"))];

    /// <summary>
    /// Level k scales y and x by 2^k and, with <paramref name="translate"/>, shifts them to the centre of the 2^k
    /// block it averages. Type and metadata are given because 0.4 and 0.5 recommend them (a reader warns otherwise).
    /// </summary>
    private static Multiscale Pyramid(string name, ValueList<Axis> axes, int levels, double[] pixelSize, bool translate, bool nearest = false) =>
        new(axes, [.. Enumerable.Range(0, levels).Select(k =>
        {
            var factor = 1 << k;
            var rank = pixelSize.Length;
            var scale = pixelSize.Select((s, d) => d >= rank - 2 ? s * factor : s).ToArray();
            var translation = pixelSize.Select((s, d) => d >= rank - 2 ? s * (factor - 1) / 2 : 0).ToArray();
            return translate && k > 0
                ? MultiscaleDataset.Create(k.ToString(CultureInfo.InvariantCulture), scale, translation)
                : MultiscaleDataset.Create(k.ToString(CultureInfo.InvariantCulture), scale);
        })])
        {
            Name = name,
            Type = nearest ? "nearest" : "mean",
            Metadata = new JsonFields(new JsonObject
            {
                ["description"] = nearest ? "first element of each 2 x 2 block in y and x" : "2 x 2 mean in y and x",
                ["method"] = "Tessera.Interop.Tests NgffSampleHierarchy.Downsample",
                ["kwargs"] = new JsonObject { ["factor"] = 2, ["weight"] = nearest ? 1 : 0.25 },
            }),
        };

    /// <summary>Level 0 from <paramref name="value"/> of each multi-index, then each coarser level downsampled from the one before.</summary>
    private void AddLevels(string root, string imagePath, ValueList<Axis> axes, NumpyType type, long[] shape, int[] chunks, ImmutableArray<Codec> codecs, int levels, bool nearest, Func<long[], double> value)
    {
        var index = new long[shape.Length];
        var values = new ArrayValues(type, shape, type.Create(shape.Aggregate(1L, (a, b) => a * b), i => value(ArrayValues.Unravel(i, shape, index))));
        for (var k = 0; k < levels; k++)
        {
            var clipped = chunks.Select((c, d) => (int)Math.Min(c, values.Shape[d])).ToArray();
            _arrays.Add(new NgffSampleArray(root, imagePath, k.ToString(CultureInfo.InvariantCulture), axes, values, clipped, codecs));
            values = Downsample(values, nearest);
        }
    }

    /// <summary>Halves the last two dimensions: the mean of each 2 × 2 block (floored for integer types), or its first element.</summary>
    private static ArrayValues Downsample(ArrayValues source, bool nearest)
    {
        var rank = source.Shape.Length;
        var shape = source.Shape.Select((s, d) => d >= rank - 2 ? s / 2 : s).ToArray();
        var index = new long[rank];
        var at = new long[rank];
        var integer = source.Type.DataType.Kind != DataTypeKind.Float;
        double Get(long[] i) => Convert.ToDouble(source.Values.GetValue(Flat(i, source.Shape)), CultureInfo.InvariantCulture);

        return new ArrayValues(source.Type, shape, source.Type.Create(shape.Aggregate(1L, (a, b) => a * b), flat =>
        {
            ArrayValues.Unravel(flat, shape, index);
            var sum = 0.0;
            for (var dy = 0; dy < 2; dy++)
            {
                for (var dx = 0; dx < 2; dx++)
                {
                    index.CopyTo(at, 0);
                    at[rank - 2] = (2 * index[rank - 2]) + dy;
                    at[rank - 1] = (2 * index[rank - 1]) + dx;
                    if (nearest)
                    {
                        return Get(at);
                    }

                    sum += Get(at);
                }
            }

            return integer ? Math.Floor(sum / 4) : sum / 4;
        }));
    }

    private static long Flat(long[] index, long[] shape)
    {
        long flat = 0;
        for (var d = 0; d < shape.Length; d++)
        {
            flat = (flat * shape[d]) + index[d];
        }

        return flat;
    }

    private void AddImageWithLabels()
    {
        ValueList<Axis> axes = [Axis.OfChannel(), .. SpaceAxes("z", "y", "x")];
        long[] shape = [2, 3, 16, 20];
        var multiscale = Pyramid("image", axes, 3, [1, 2.0, 0.5, 0.5], translate: true);
        var omero = new OmeroMetadata(
        [
            new OmeroChannel("FF0000", new OmeroWindow(0, 65535, 100, 40000)) { Label = "DAPI", Active = true, Inverted = false, Coefficient = 1, Family = "linear" },
            new OmeroChannel("00FF00", new OmeroWindow(0, 65535, 0, 30000.5)) { Label = "GFP", Active = false, Inverted = true, Coefficient = 1.5, Family = "exponential" },
        ])
        {
            Id = 1,
            Name = "image",
            RenderingDefaults = new OmeroRenderingDefaults(DefaultZ: 1, DefaultT: 0, Model: "color"),
        };
        _groups.Add(new("image", "", new NgffMetadata { Multiscales = [multiscale], Omero = omero }, Empty));
        AddLevels("image", "", axes, NumpyType.U2, shape, [1, 2, 8, 8], [new BytesCodec(), new BloscCodec("lz4", 5, BloscShuffle.Shuffle, 2)], 3, nearest: false, i => TestValues.At("u2", Flat(i, shape)));

        _groups.Add(new("image", "labels", new NgffMetadata { Labels = ["cells"] }, Empty));

        // The label image keeps the channel axis with extent 1, as 0.4 asks ("the same or 1").
        long[] labelShape = [1, 3, 16, 20];
        var label = new ImageLabel
        {
            Colors = [new LabelColor(1, [255, 0, 0, 255]), new LabelColor(2, [0, 255, 0, 255]), new LabelColor(3, [0, 0, 255, 128])],
            Properties =
            [
                new LabelProperty(1, new JsonFields(new JsonObject { ["class"] = "nucleus", ["area (pixels)"] = 120 })),
                new LabelProperty(2, new JsonFields(new JsonObject { ["class"] = "cytoplasm" })),
                new LabelProperty(3, new JsonFields(new JsonObject { ["class"] = "background", ["confidence"] = 0.25 })),
            ],
            SourceImage = "../../",
        };
        var labelMultiscale = Pyramid("cells", axes, 3, [1, 2.0, 0.5, 0.5], translate: true, nearest: true);
        _groups.Add(new("image", "labels/cells", new NgffMetadata { Multiscales = [labelMultiscale], ImageLabel = label }, Empty));
        AddLevels("image", "labels/cells", axes, NumpyType.I4, labelShape, [1, 3, 8, 8], [new BytesCodec(), new GzipCodec(5)], 3, nearest: true, i => ((i[1] + (i[2] / 4) + (i[3] / 5)) % 4));
    }

    private void AddPlate()
    {
        string[] rows = ["A", "B"];
        string[] columns = ["1", "2", "3"];
        var plate = Plate.Create(rows, columns, from r in Enumerable.Range(0, 2) from c in Enumerable.Range(0, 3) select (r, c)) with
        {
            Name = "plate",
            FieldCount = 2,
            Acquisitions =
            [
                new PlateAcquisition(0) { Name = "first run", Description = "fields 0", MaximumFieldCount = 1, StartTime = 1_700_000_000, EndTime = 1_700_003_600 },
                new PlateAcquisition(1) { Name = "second run", MaximumFieldCount = 1, StartTime = 1_700_007_200 },
            ],
        };
        _groups.Add(new("plate", "", new NgffMetadata { Plate = plate }, Empty));
        foreach (var row in rows)
        {
            _groups.Add(new("plate", row, null, Empty));
        }

        ValueList<Axis> axes = [Axis.OfChannel(), .. SpaceAxes("y", "x")];
        long[] shape = [2, 6, 8];
        var field = 0;
        foreach (var well in plate.Wells)
        {
            _groups.Add(new("plate", well.Path, new NgffMetadata { Well = new Well([new WellImage("0", 0), new WellImage("1", 1)]) }, Empty));
            for (var f = 0; f < 2; f++)
            {
                var path = $"{well.Path}/{f}";
                var offset = 97L * field++;
                _groups.Add(new("plate", path, new NgffMetadata { Multiscales = [Pyramid($"{well.Path} field {f}", axes, 2, [1, 0.325, 0.325], translate: false)] }, Empty));
                AddLevels("plate", path, axes, NumpyType.U1, shape, [1, 4, 4], [new BytesCodec(), new ZstdCodec(3)], 2, nearest: false, i => TestValues.At("u1", Flat(i, shape) + offset));
            }
        }
    }

    private void AddBioformats2RawCollection()
    {
        _groups.Add(new("bf2raw", "", new NgffMetadata { Bioformats2RawLayout = 3 }, Empty));
        _groups.Add(new("bf2raw", "OME", new NgffMetadata { Series = ["0", "1"] }, new Dictionary<string, string> { ["METADATA.ome.xml"] = MetadataXml }));

        ValueList<Axis> axes0 = [Axis.OfTime("t", "second"), Axis.OfChannel(), .. SpaceAxes("z", "y", "x")];
        long[] shape0 = [2, 1, 2, 8, 8];
        var image0 = Pyramid("series 0", axes0, 2, [1, 1, 1, 0.65, 0.65], translate: false) with
        {
            Transformations = [new ScaleTransformation([30, 1, 1, 1, 1])],
        };
        var omero0 = new OmeroMetadata([new OmeroChannel("FFFFFF", new OmeroWindow(0, 4095, 0, 2000)) { Label = "Brightfield", Active = true }]);
        _groups.Add(new("bf2raw", "0", new NgffMetadata { Multiscales = [image0], Omero = omero0 }, Empty));
        AddLevels("bf2raw", "0", axes0, NumpyType.U2, shape0, [1, 1, 1, 8, 8], [new BytesCodec(), new ZstdCodec(3)], 2, nearest: false, i => TestValues.At("u1", Flat(i, shape0)) * 16);

        ValueList<Axis> axes1 = [Axis.OfChannel(), .. SpaceAxes("y", "x")];
        long[] shape1 = [1, 10, 12];
        _groups.Add(new("bf2raw", "1", new NgffMetadata { Multiscales = [Pyramid("series 1", axes1, 2, [1, 0.2, 0.2], translate: true)] }, Empty));
        AddLevels("bf2raw", "1", axes1, NumpyType.F4, shape1, [1, 5, 6], [new BytesCodec(), new GzipCodec(5)], 2, nearest: false, i => TestValues.At("f4", Flat(i, shape1)));
    }

    /// <summary>Real names are often not ASCII ("µm", "→", labels in other scripts); JSON is UTF-8, so a reader must take them.</summary>
    private void AddImageWithNonAsciiNames()
    {
        ValueList<Axis> axes = [Axis.OfChannel(), .. SpaceAxes("y", "x")];
        long[] shape = [1, 4, 6];
        var multiscale = Pyramid("Zellkern – 5 µm", axes, 1, [1, 5, 5], translate: false);
        var omero = new OmeroMetadata([new OmeroChannel("00FFFF", new OmeroWindow(0, 255, 0, 255)) { Label = "GFP → 蛍光" }]) { Name = "Zellkern – 5 µm" };
        _groups.Add(new("names", "", new NgffMetadata { Multiscales = [multiscale], Omero = omero }, Empty));
        AddLevels("names", "", axes, NumpyType.U1, shape, [1, 4, 6], [new BytesCodec(), new ZstdCodec(3)], 1, nearest: false, i => TestValues.At("u1", Flat(i, shape)));
    }
}
