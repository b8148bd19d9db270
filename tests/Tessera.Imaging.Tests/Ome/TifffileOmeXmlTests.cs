using System.Text.Json.Nodes;
using Tessera.Imaging.Ome;
using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Tests.Ome;

/// <summary>OME-XML written by tifffile (Debian's python3-tifffile), an independent OME-TIFF writer.</summary>
public sealed class TifffileOmeXmlTests : IDisposable
{
    // tifffile 2023.2.3: imwrite(p, zeros((5, 3, 16, 24), uint16), ome=True, metadata={'axes': 'ZCYX',
    // 'PhysicalSizeX': 0.5, 'PhysicalSizeXUnit': 'µm', 'Channel': {'Name': ['DAPI', 'GFP', 'RFP']}}); pages[0].description.
    private const string ThreeChannels = """<?xml version="1.0" encoding="UTF-8"?><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openmicroscopy.org/Schemas/OME/2016-06 http://www.openmicroscopy.org/Schemas/OME/2016-06/ome.xsd" UUID="urn:uuid:623c3a18-e5f9-11f1-ba6e-02fc00000001"  Creator="tifffile.py 2023.2.3"><Image ID="Image:0" Name="Image0"><Pixels ID="Pixels:0" DimensionOrder="XYCZT" Type="uint16" SizeX="24" SizeY="16" SizeC="3" SizeZ="5" SizeT="1" PhysicalSizeX="0.5" PhysicalSizeXUnit="µm"><Channel ID="Channel:0:0" SamplesPerPixel="1" Name="DAPI"><LightPath/></Channel><Channel ID="Channel:0:1" SamplesPerPixel="1" Name="GFP"><LightPath/></Channel><Channel ID="Channel:0:2" SamplesPerPixel="1" Name="RFP"><LightPath/></Channel><TiffData IFD="0" PlaneCount="15"/></Pixels></Image></OME>""";

    // tifffile 2023.2.3, two series in one file: zeros((2, 16, 24, 3), uint8) photometric='rgb' axes 'TYXS' with
    // TimeIncrement 2.5 ms, then zeros((4, 8, 8), float32) axes 'ZYX' named 'second'.
    private const string RgbAndSecondSeries = """<?xml version="1.0" encoding="UTF-8"?><OME xmlns="http://www.openmicroscopy.org/Schemas/OME/2016-06" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openmicroscopy.org/Schemas/OME/2016-06 http://www.openmicroscopy.org/Schemas/OME/2016-06/ome.xsd" UUID="urn:uuid:640af334-e5f9-11f1-93c6-02fc00000001"  Creator="tifffile.py 2023.2.3"><Image ID="Image:0" Name="Image0"><Pixels ID="Pixels:0" DimensionOrder="XYCZT" Type="uint8" SizeX="24" SizeY="16" SizeC="3" SizeZ="1" SizeT="2" Interleaved="true" TimeIncrement="2.5" TimeIncrementUnit="ms"><Channel ID="Channel:0:0" SamplesPerPixel="3"><LightPath/></Channel><TiffData IFD="0" PlaneCount="2"/></Pixels></Image><Image ID="Image:1" Name="second"><Pixels ID="Pixels:1" DimensionOrder="XYCZT" Type="float" SizeX="8" SizeY="8" SizeC="1" SizeZ="4" SizeT="1"><Channel ID="Channel:1:0" SamplesPerPixel="1"><LightPath/></Channel><TiffData IFD="2" PlaneCount="4"/></Pixels></Image></OME>""";

    // Writes the three-channel image of ThreeChannels again and prints its description and number of pages.
    private const string WriteThreeChannels = """
        import json, sys, numpy, tifffile
        path = sys.argv[1]
        data = numpy.arange(5 * 3 * 16 * 24, dtype=numpy.uint16).reshape(5, 3, 16, 24)
        tifffile.imwrite(path, data, ome=True, metadata={'axes': 'ZCYX', 'PhysicalSizeX': 0.5, 'PhysicalSizeXUnit': 'µm', 'Channel': {'Name': ['DAPI', 'GFP', 'RFP']}})
        with tifffile.TiffFile(path) as tif:
            pages = [{'width': p.imagewidth, 'height': p.imagelength, 'samples': p.samplesperpixel, 'first': int(p.asarray().flat[0])} for p in tif.pages]
            print(json.dumps({'description': tif.pages[0].description, 'pages': pages}))
        """;

    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Reads_three_channels_of_five_planes()
    {
        var document = OmeXml.Parse(ThreeChannels, "cells.ome.tif");

        Assert.Equal("urn:uuid:623c3a18-e5f9-11f1-ba6e-02fc00000001", document.Uuid);
        Assert.Equal("tifffile.py 2023.2.3", document.Creator);
        var pixels = Assert.Single(document.Images).Pixels;
        AssertThreeChannels(pixels);

        var map = OmePlaneMap.Resolve(pixels, "cells.ome.tif", 15, document.Uuid, _ => new OmeIfdInfo(24, 16, DataType.UInt16, 1));

        // XYCZT: channels vary fastest, so IFD = c + 3 z.
        Assert.Equal(15, map.PlaneCount);
        for (var z = 0; z < 5; z++)
        {
            for (var c = 0; c < 3; c++)
            {
                Assert.Equal(new OmePlaneLocation(null, null, c + (3 * z)), map[z, c, 0]);
            }
        }
    }

    [Fact]
    public void Reads_an_rgb_series_and_a_second_series_in_one_file()
    {
        var document = OmeXml.Parse(RgbAndSecondSeries, "two.ome.tif");

        Assert.Equal(2, document.Images.Count);
        var rgb = document.Images[0].Pixels;
        Assert.Equal((DataType.UInt8, true, new OmeQuantity(2.5, "ms")), (rgb.DataType, rgb.Interleaved, rgb.TimeIncrement));
        Assert.Equal("millisecond", OmeUnits.ToNgffTimeUnit(rgb.TimeIncrement!.Unit));
        var rgbMap = OmePlaneMap.Resolve(rgb, "two.ome.tif", 6, document.Uuid, i => i < 2 ? new OmeIfdInfo(24, 16, DataType.UInt8, 3) : new OmeIfdInfo(8, 8, DataType.Float32, 1));
        Assert.Equal((1, 2), (rgbMap.EffectiveSizeC, rgbMap.PlaneCount));
        Assert.Equal((new OmePlaneLocation(null, null, 1), 1), rgbMap.Locate(0, 1, 1));

        var second = document.Images[1];
        Assert.Equal(("second", DataType.Float32), (second.Name, second.Pixels.DataType));
        var secondMap = OmePlaneMap.Resolve(second.Pixels, "two.ome.tif", 6, document.Uuid, i => i < 2 ? new OmeIfdInfo(24, 16, DataType.UInt8, 3) : new OmeIfdInfo(8, 8, DataType.Float32, 1));
        Assert.Equal([2, 3, 4, 5], Enumerable.Range(0, 4).Select(z => secondMap[z, 0, 0].Ifd));
    }

    [Fact]
    public async Task Reads_what_tifffile_writes_now()
    {
        var path = _directory.Combine("cells.ome.tif");
        var output = JsonNode.Parse(await SystemPython.RunAsync(WriteThreeChannels, path))!;
        var pages = output["pages"]!.AsArray();

        var document = OmeXml.Parse(output["description"]!.GetValue<string>(), path);
        var pixels = Assert.Single(document.Images).Pixels;
        AssertThreeChannels(pixels);
        var map = OmePlaneMap.Resolve(pixels, path, pages.Count, document.Uuid, i => new OmeIfdInfo(
            pages[i]!["width"]!.GetValue<long>(), pages[i]!["height"]!.GetValue<long>(), DataType.UInt16, pages[i]!["samples"]!.GetValue<int>()));

        // Plane (z, c) of the array starts with the value (z * 3 + c) * 16 * 24: the page it maps to must start there.
        for (var z = 0; z < 5; z++)
        {
            for (var c = 0; c < 3; c++)
            {
                var page = pages[map[z, c, 0].Ifd]!;
                Assert.Equal(((z * 3) + c) * 16 * 24, page["first"]!.GetValue<int>());
            }
        }
    }

    private static void AssertThreeChannels(OmePixels pixels)
    {
        Assert.Equal(("XYCZT", DataType.UInt16), (pixels.DimensionOrder, pixels.DataType));
        Assert.Equal((24L, 16L, 5, 3, 1), (pixels.SizeX, pixels.SizeY, pixels.SizeZ, pixels.SizeC, pixels.SizeT));
        Assert.Equal(new OmeQuantity(0.5, "µm"), pixels.PhysicalSizeX);
        Assert.Null(pixels.PhysicalSizeY);
        Assert.Equal("micrometer", OmeUnits.ToNgffSpaceUnit(pixels.PhysicalSizeX!.Unit));
        Assert.Equal(["DAPI", "GFP", "RFP"], pixels.Channels.Select(c => c.Name));
        Assert.All(pixels.Channels, c => Assert.Equal((1, null), (c.SamplesPerPixel, c.Color)));
        Assert.Equal(new OmeTiffData(0, null, null, null, 15, null, null), Assert.Single(pixels.TiffData));
    }
}
