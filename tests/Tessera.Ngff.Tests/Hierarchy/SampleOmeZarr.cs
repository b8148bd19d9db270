using Tessera.Zarr;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Ngff.Tests.Hierarchy;

/// <summary>Small generated OME-Zarr hierarchies of every kind, in a chosen version, for round-trip, validation and upgrade tests.</summary>
public static class SampleOmeZarr
{
    /// <summary>The metadata of a 2-channel (c, y, x) image with <paramref name="levels"/> levels, omero channels and a name.</summary>
    public static NgffMetadata ImageMetadata(int levels = 3) => new()
    {
        Multiscales =
        [
            new Multiscale(
                [Axis.OfChannel(), Axis.OfSpace("y", "micrometer"), Axis.OfSpace("x", "micrometer")],
                [.. Enumerable.Range(0, levels).Select(l => MultiscaleDataset.Create(l.ToString(System.Globalization.CultureInfo.InvariantCulture), [1, 0.5 * (1 << l), 0.5 * (1 << l)], l == 0 ? null : [0, 0.25 * ((1 << l) - 1), 0.25 * ((1 << l) - 1)]))])
            {
                Name = "sample",
                Type = "mean",
                Metadata = new JsonFields(new System.Text.Json.Nodes.JsonObject { ["method"] = "2×2 mean" }),
            },
        ],
        Omero = new OmeroMetadata(
        [
            new OmeroChannel("0000FF", new OmeroWindow(0, 4095, 10, 3000)) { Label = "DNA", Active = true, Family = "linear", Coefficient = 1, Inverted = false },
            new OmeroChannel("00FF00", new OmeroWindow(0, 4095, 5, 2000)) { Label = "actin", Active = false },
        ])
        { RenderingDefaults = new OmeroRenderingDefaults(0, 0, "color") },
    };

    /// <summary>Writes an image with pyramid levels (2×2 means of level 0) and, optionally, a labels group with one label image "cells".</summary>
    public static async Task WriteImageAsync(IWritableStore store, string path, NgffVersion version, int size = 64, int levels = 3, bool withLabels = true)
    {
        var metadata = ImageMetadata(levels);
        var axes = metadata.Multiscale!.Axes;
        await NgffWriter.WriteGroupAsync(store, path, metadata, version);
        var plane = new ushort[2 * size * size];
        for (var i = 0; i < plane.Length; i++)
        {
            plane[i] = (ushort)((i * 2654435761L >> 7) % 4096);
        }

        var side = size;
        for (var level = 0; level < levels; level++)
        {
            var meta = new ArrayMetadata([2, side, side], [1, Math.Max(1, side / 2), Math.Max(1, side / 2)], DataType.UInt16) { Codecs = [new BytesCodec(), new GzipCodec(1)] };
            var array = await NgffWriter.CreateLevelAsync(store, path, level.ToString(System.Globalization.CultureInfo.InvariantCulture), meta, axes, version);
            await array.WriteAsync<ushort>(ArrayRegion.Full(meta.Shape), plane);
            (plane, side) = (Downsample(plane, 2, side), side / 2);
        }

        if (withLabels)
        {
            await NgffWriter.WriteGroupAsync(store, StoreKey.Join(path, "labels"), new NgffMetadata { Labels = ["cells"] }, version);
            var labelPath = StoreKey.Join(path, "labels/cells");
            var labelAxes = new ValueList<Axis>([Axis.OfSpace("y", "micrometer"), Axis.OfSpace("x", "micrometer")]);
            var labelMetadata = new NgffMetadata
            {
                Multiscales = [new Multiscale(labelAxes, [.. Enumerable.Range(0, levels).Select(l => MultiscaleDataset.Create(l.ToString(System.Globalization.CultureInfo.InvariantCulture), [0.5 * (1 << l), 0.5 * (1 << l)]))]) { Name = "cells", Type = "nearest", Metadata = new JsonFields(new System.Text.Json.Nodes.JsonObject { ["method"] = "every second pixel" }) }],
                ImageLabel = new ImageLabel
                {
                    Colors = [new LabelColor(1, [255, 0, 0, 255]), new LabelColor(2, [0, 255, 0, 128])],
                    Properties = [new LabelProperty(1, new JsonFields(new System.Text.Json.Nodes.JsonObject { ["class"] = "nucleus" }))],
                    SourceImage = "../../",
                },
            };
            await NgffWriter.WriteGroupAsync(store, labelPath, labelMetadata, version);
            side = size;
            var labels = new byte[size * size];
            for (var i = 0; i < labels.Length; i++)
            {
                labels[i] = (byte)((i / size / 8 + i % size / 8) % 3);
            }

            for (var level = 0; level < levels; level++)
            {
                var meta = new ArrayMetadata([side, side], [Math.Max(1, side / 2), Math.Max(1, side / 2)], DataType.UInt8) { Codecs = [new BytesCodec(), new ZstdCodec(3)] };
                var array = await NgffWriter.CreateLevelAsync(store, labelPath, level.ToString(System.Globalization.CultureInfo.InvariantCulture), meta, labelAxes, version);
                await array.WriteAsync<byte>(ArrayRegion.Full(meta.Shape), labels);
                labels = [.. Enumerable.Range(0, side / 2 * (side / 2)).Select(i => labels[(i / (side / 2) * 2 * side) + (i % (side / 2) * 2)])];
                side /= 2;
            }
        }
    }

    /// <summary>The metadata of a rows × columns plate with every well present and one acquisition.</summary>
    public static NgffMetadata PlateMetadata(int rows = 2, int columns = 3) => new()
    {
        Plate = Plate.Create(
            [.. Enumerable.Range(0, rows).Select(r => ((char)('A' + r)).ToString())],
            [.. Enumerable.Range(1, columns).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            Enumerable.Range(0, rows).SelectMany(r => Enumerable.Range(0, columns).Select(c => (r, c)))) with
        {
            Name = "sample plate",
            FieldCount = 2,
            Acquisitions = [new PlateAcquisition(0) { Name = "run 1", MaximumFieldCount = 2, StartTime = 1_700_000_000 }],
        },
    };

    /// <summary>Writes a plate whose wells each hold two small single-level fields.</summary>
    public static async Task WritePlateAsync(IWritableStore store, string path, NgffVersion version, int rows = 2, int columns = 3)
    {
        var metadata = PlateMetadata(rows, columns);
        await NgffWriter.WriteGroupAsync(store, path, metadata, version);
        foreach (var row in metadata.Plate!.Rows)
        {
            await ZarrGroup.CreateAsync(store, StoreKey.Join(path, row), NgffWriter.FormatOf(version));
        }

        foreach (var well in metadata.Plate.Wells)
        {
            var wellPath = StoreKey.Join(path, well.Path);
            await NgffWriter.WriteGroupAsync(store, wellPath, new NgffMetadata { Well = new Well([new WellImage("0", 0), new WellImage("1", 0)]) }, version);
            foreach (var field in new[] { "0", "1" })
            {
                await WriteImageAsync(store, StoreKey.Join(wellPath, field), version, size: 16, levels: 2, withLabels: false);
            }
        }
    }

    private static ushort[] Downsample(ushort[] data, int channels, int side)
    {
        var half = side / 2;
        var result = new ushort[channels * half * half];
        for (var c = 0; c < channels; c++)
        {
            for (var y = 0; y < half; y++)
            {
                for (var x = 0; x < half; x++)
                {
                    int Sample(int dy, int dx) => data[(c * side + 2 * y + dy) * side + 2 * x + dx];
                    result[(c * half + y) * half + x] = (ushort)((Sample(0, 0) + Sample(0, 1) + Sample(1, 0) + Sample(1, 1) + 2) / 4);
                }
            }
        }

        return result;
    }
}
