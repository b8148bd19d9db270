using System.Runtime.InteropServices;
using Tessera.Imaging.Conversion;
using Tessera.Imaging.Tiff;
using Tessera.Ngff;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Imaging.Tests.Conversion;

/// <summary>Issue 4: a 2×3 plate folder with 2 fields × 2 channels → an NGFF plate whose every field equals its files.</summary>
public sealed class PlateConversionTests : IDisposable
{
    private const int Width = 150, Height = 120;
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Plate_folder_converts_to_a_plate(bool manifest)
    {
        var folder = _directory.Combine("plate");
        Directory.CreateDirectory(folder);
        var files = new Dictionary<(string Row, int Column, int Field, string Channel), ushort[]>();
        var csv = new List<string> { "row,column,field,channel,file" };
        foreach (var row in new[] { "A", "B" })
        {
            for (var column = 1; column <= 3; column++)
            {
                for (var field = 1; field <= 2; field++)
                {
                    foreach (var channel in new[] { "DAPI", "GFP" })
                    {
                        var pixels = FileConversionTests.Pattern16(Width, Height, seed: row[0] * 100 + column * 10 + field + channel.Length);
                        var name = $"{row}{column:00}_f{field}_c{channel}.tif";
                        using (var writer = TiffWriter.Create(Path.Combine(folder, name), false))
                        {
                            writer.WritePage(new TiffPageOptions(Width, Height, DataType.UInt16) { RowsPerStrip = 16 }, MemoryMarshal.AsBytes(pixels.AsSpan()));
                        }

                        files[(row, column, field, channel)] = pixels;
                        csv.Add($"{row},{column},{field},{channel},{name}");
                    }
                }
            }
        }

        // A file the pattern must ignore.
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "not an image");
        var manifestFile = Path.Combine(folder, "plate.csv");
        await File.WriteAllLinesAsync(manifestFile, csv);

        var layout = manifest ? PlateLayout.FromManifest(manifestFile) : PlateLayout.FromFolder(folder, PlatePattern.Parse("{row}{col}_f{field}_c{channel}.tif"));
        Assert.Equal(6, layout.Wells.Count);
        Assert.Equal(12, layout.FieldCount);
        var output = _directory.Combine("plate.zarr");
        await StagedOutput.WriteAsync(output, false, async store =>
            await PlateConverter.ConvertAsync(store, "", layout, FileConverter.Open, "test plate", new ConversionOptions { SmallestLevelMaxSide = 64 }));
        var store = new FileSystemStore(output);
        await ConvertedImage.AssertValidAsync(store, "");

        var plate = await NgffNode.OpenAsync(store);
        Assert.Equal(NgffKind.Plate, plate.Kind);
        Assert.Equal(["A", "B"], plate.Metadata.Plate!.Rows);
        Assert.Equal(["1", "2", "3"], plate.Metadata.Plate!.Columns);
        Assert.Equal(6, plate.Metadata.Plate!.Wells.Count);
        Assert.Equal(2, plate.Metadata.Plate!.FieldCount);
        var well = await NgffNode.OpenAsync(store, "B/3");
        Assert.Equal(["0", "1"], well.Metadata.Well!.Images.Select(i => i.Path));

        foreach (var ((row, column, field, channel), pixels) in files)
        {
            var image = await NgffNode.OpenAsync(store, $"{row}/{column}/{field - 1}");
            Assert.Equal(["DAPI", "GFP"], image.Metadata.Omero!.Channels.Select(c => c.Label));
            var c = channel == "DAPI" ? 0 : 1;
            Assert.True(ConvertedImage.Same(pixels, await ConvertedImage.PlaneAsync<ushort>(image, 0, 0, c, 0)), $"{row}{column} field {field} {channel}");
            Assert.True(ConvertedImage.Same(ConvertedImage.Mean(pixels, Height, Width), await ConvertedImage.PlaneAsync<ushort>(image, 1, 0, c, 0)));
        }
    }

    [Fact]
    public void Pattern_with_acquisitions_z_and_t_places_every_file()
    {
        var pattern = PlatePattern.Parse("run{acquisition}/{row}{col}_s{field}_w{channel}_z{z}_t{t}.tif");
        var file = pattern.Match("run2/AB12_s3_wDAPI 405_z04_t1.tif", "/x");
        Assert.Equal(new PlateFile("/x", "AB", "12", 3, "DAPI 405", 4, 1, 2), file);
        Assert.Null(pattern.Match("run2/AB12_s3_wDAPI_z04.tif", "/x"));
    }

    [Theory]
    [InlineData("{row}_f{field}.tif", "needs {row} and {col}")]
    [InlineData("{row}{col}_{well}.tif", "unknown placeholder '{well}'")]
    [InlineData("{row}{col}_{field}_{field}.tif", "'{field}' appears twice")]
    [InlineData("{row}{col}_{field.tif", "is never closed")]
    public void Bad_patterns_say_what_is_wrong(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => PlatePattern.Parse(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_planes_and_unmatched_patterns_name_the_problem()
    {
        var folder = _directory.Combine("partial");
        Directory.CreateDirectory(folder);
        foreach (var name in new[] { "A01_f1_c1.tif", "A01_f1_c2.tif", "A02_f1_c1.tif" })
        {
            File.WriteAllBytes(Path.Combine(folder, name), [1]);
        }

        var missing = Assert.Throws<ImageFormatException>(() => PlateLayout.FromFolder(folder, PlatePattern.Parse("{row}{col}_f{field}_c{channel}.tif")));
        Assert.Contains("well A2 field 1: no file for channel 2", missing.Message, StringComparison.Ordinal);
        var none = Assert.Throws<ImageFormatException>(() => PlateLayout.FromFolder(folder, PlatePattern.Parse("{row}{col}_s{field}.png")));
        Assert.Equal($"{folder}: no file matches the pattern '{{row}}{{col}}_s{{field}}.png'", none.Message);
    }
}
