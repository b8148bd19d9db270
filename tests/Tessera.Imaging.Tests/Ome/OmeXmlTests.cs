using Tessera.Imaging.Ome;
using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Tests.Ome;

public sealed class OmeXmlTests
{
    [Theory]
    [InlineData("2013-06")]
    [InlineData("2015-01")]
    [InlineData("2016-06")]
    public void Reads_an_image_in_every_schema_version(string version)
    {
        var xml = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <ome:OME xmlns:ome="http://www.openmicroscopy.org/Schemas/OME/{version}" UUID="urn:uuid:0f1e" Creator="hand">
              <ome:Image ID="Image:0" Name="cells">
                <ome:AcquisitionDate>2020-05-04T10:11:12</ome:AcquisitionDate>
                <ome:Description>two channels</ome:Description>
                <ome:Pixels ID="Pixels:0" DimensionOrder="XYCZT" Type="uint16" SizeX="640" SizeY="480" SizeZ="3" SizeC="2" SizeT="4"
                    PhysicalSizeX="0.65" PhysicalSizeY="0.65" PhysicalSizeZ="2" PhysicalSizeZUnit="nm" TimeIncrement="30"
                    Interleaved="false" BigEndian="true">
                  <ome:Channel ID="Channel:0:0" Name="DAPI" Color="65535" EmissionWavelength="461" ExcitationWavelength="358" Fluor="DAPI"/>
                  <ome:Channel ID="Channel:0:1" Name="GFP" SamplesPerPixel="1" Color="16711935" EmissionWavelength="0.51" EmissionWavelengthUnit="µm"/>
                  <ome:TiffData IFD="0" PlaneCount="24"/>
                  <ome:Plane TheZ="0" TheC="0" TheT="0"/>
                </ome:Pixels>
              </ome:Image>
            </ome:OME>
            """;
        var document = OmeXml.Parse(xml, "cells.ome.tif");

        Assert.Equal(xml, document.Xml);
        Assert.Equal("urn:uuid:0f1e", document.Uuid);
        Assert.Equal("hand", document.Creator);
        Assert.Null(document.MetadataFile);
        Assert.Empty(document.Plates);
        var image = Assert.Single(document.Images);
        Assert.Equal(("Image:0", "cells", "two channels"), (image.Id, image.Name, image.Description));
        Assert.Equal(new DateTimeOffset(2020, 5, 4, 10, 11, 12, TimeSpan.Zero), image.AcquisitionDate);
        Assert.Same(image, document.FindImage("Image:0"));

        var pixels = image.Pixels;
        Assert.Equal(("Pixels:0", "XYCZT", "uint16"), (pixels.Id, pixels.DimensionOrder, pixels.Type));
        Assert.Equal(DataType.UInt16, pixels.DataType);
        Assert.Null(pixels.UnsupportedTypeReason);
        Assert.Equal((640L, 480L, 3, 2, 4), (pixels.SizeX, pixels.SizeY, pixels.SizeZ, pixels.SizeC, pixels.SizeT));
        Assert.Equal(new OmeQuantity(0.65, "µm"), pixels.PhysicalSizeX);
        Assert.Equal(new OmeQuantity(0.65, "µm"), pixels.PhysicalSizeY);
        Assert.Equal(new OmeQuantity(2, "nm"), pixels.PhysicalSizeZ);
        Assert.Equal(new OmeQuantity(30, "s"), pixels.TimeIncrement);
        Assert.Equal((false, true), (pixels.Interleaved, pixels.BigEndian));

        Assert.Equal(2, pixels.Channels.Count);
        Assert.Equal(new OmeChannel("Channel:0:0", "DAPI", 1, "0000FF", 0xFF, new(461, "nm"), new(358, "nm"), "DAPI"), pixels.Channels[0]);
        Assert.Equal(new OmeChannel("Channel:0:1", "GFP", 1, "00FF00", 0xFF, new(0.51, "µm"), null, null), pixels.Channels[1]);
        Assert.Equal(new OmeTiffData(0, null, null, null, 24, null, null), Assert.Single(pixels.TiffData));
    }

    [Fact]
    public void Absent_optional_values_are_null()
    {
        var pixels = OmeXml.Parse(OmeSamples.Image(OmeSamples.Sizes(1, 1, 1), """<Channel ID="C"/>"""), "f").Images[0].Pixels;

        Assert.Null(pixels.PhysicalSizeX);
        Assert.Null(pixels.TimeIncrement);
        Assert.Null(pixels.Interleaved);
        Assert.Null(pixels.BigEndian);
        Assert.Empty(pixels.TiffData);
        Assert.Equal(new OmeChannel("C", null, 1, null, null, null, null, null), Assert.Single(pixels.Channels));
    }

    [Theory]
    [InlineData("-16776961", "FF0000", 0xFF)] // 0xFF0000FF: opaque red
    [InlineData("65535", "0000FF", 0xFF)] // 0x0000FFFF: opaque blue
    [InlineData("16711935", "00FF00", 0xFF)] // 0x00FF00FF: opaque green
    [InlineData("-1", "FFFFFF", 0xFF)] // the schema's default, opaque white
    [InlineData("255", "000000", 0xFF)]
    [InlineData("-16777216", "FF0000", 0x00)] // transparent red
    [InlineData("4278190335", "FF0000", 0xFF)] // the same red written unsigned
    public void Colors_are_int32_rgba(string color, string rgb, int alpha)
    {
        var channel = OmeXml.Parse(OmeSamples.Image(OmeSamples.Sizes(1, 1, 1), $"""<Channel ID="C" Color="{color}"/>"""), "f").Images[0].Pixels.Channels[0];

        Assert.Equal(rgb, channel.Color);
        Assert.Equal((byte)alpha, channel.Alpha);
    }

    [Theory]
    [InlineData("int8", "int8")]
    [InlineData("int16", "int16")]
    [InlineData("int32", "int32")]
    [InlineData("uint8", "uint8")]
    [InlineData("uint16", "uint16")]
    [InlineData("uint32", "uint32")]
    [InlineData("float", "float32")]
    [InlineData("double", "float64")]
    public void Maps_pixel_types(string type, string dataType)
    {
        var pixels = OmeXml.Parse(OmeSamples.Image(OmeSamples.Sizes(1, 1, 1, type: type)), "f").Images[0].Pixels;

        Assert.Equal(dataType, pixels.DataType?.Name);
        Assert.Null(pixels.UnsupportedTypeReason);
    }

    [Theory]
    [InlineData("bit", "1-bit")]
    [InlineData("complex", "complex")]
    [InlineData("double-complex", "double-complex")]
    public void Unsupported_pixel_types_have_no_data_type_and_a_reason(string type, string reason)
    {
        var pixels = OmeXml.Parse(OmeSamples.Image(OmeSamples.Sizes(1, 1, 1, type: type)), "f").Images[0].Pixels;

        Assert.Equal(type, pixels.Type);
        Assert.Null(pixels.DataType);
        Assert.Contains(reason, pixels.UnsupportedTypeReason);
    }

    [Fact]
    public void Reads_tiff_data_with_uuid_and_file_name()
    {
        var xml = OmeSamples.Image(OmeSamples.Sizes(2, 1, 1), """
            <TiffData FirstZ="1" IFD="3" PlaneCount="1"><UUID FileName="other.ome.tif">urn:uuid:abcd</UUID></TiffData>
            <TiffData FirstT="0" FirstC="0"/>
            """);
        var tiffData = OmeXml.Parse(xml, "f").Images[0].Pixels.TiffData;

        Assert.Equal(new OmeTiffData(3, 1, null, null, 1, "other.ome.tif", "urn:uuid:abcd"), tiffData[0]);
        Assert.Equal(new OmeTiffData(null, null, 0, 0, null, null, null), tiffData[1]);
    }

    [Fact]
    public void Reads_a_binary_only_stub()
    {
        var xml = $"""<OME xmlns="{OmeSamples.Ns2016}" UUID="urn:uuid:2"><BinaryOnly MetadataFile="plate.companion.ome" UUID="urn:uuid:1"/></OME>""";
        var document = OmeXml.Parse(xml, "f");

        Assert.Equal("plate.companion.ome", document.MetadataFile);
        Assert.Empty(document.Images);
    }

    [Fact]
    public void Ignores_a_trailing_nul_left_by_tiff_writers()
    {
        var document = OmeXml.Parse(OmeSamples.Image(OmeSamples.Sizes(1, 1, 1)) + "\0", "f");

        Assert.Single(document.Images);
    }

    [Theory]
    [InlineData("<OME><Image>", "malformed XML")]
    [InlineData("", "malformed XML")]
    [InlineData("not xml at all", "malformed XML")]
    [InlineData("<OME></Image>", "malformed XML")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE OME [<!ENTITY a \"aaaa\">]><OME>&a;</OME>", "malformed XML")]
    [InlineData("<Other/>", "the root element is <Other>, not <OME>")]
    public void Malformed_or_foreign_xml_is_refused(string xml, string problem)
    {
        var error = Assert.Throws<ImageFormatException>(() => OmeXml.Parse(xml, "bad.ome.tif"));

        Assert.Equal("bad.ome.tif", error.File);
        Assert.StartsWith("OME-XML: " + problem, error.Problem);
        Assert.DoesNotContain('\n', error.Message);
    }

    public static TheoryData<string, string> BrokenDocuments() => new()
    {
        { OmeSamples.Image("""Type="uint8" SizeX="1" SizeY="1" SizeZ="1" SizeC="1" SizeT="1" """), "Pixels 'Pixels:0' has no DimensionOrder attribute" },
        { OmeSamples.Image("""DimensionOrder="XYZCT" SizeX="1" SizeY="1" SizeZ="1" SizeC="1" SizeT="1" """), "Pixels 'Pixels:0' has no Type attribute" },
        { OmeSamples.Image("""DimensionOrder="XYZCT" Type="uint8" SizeY="1" SizeZ="1" SizeC="1" SizeT="1" """), "Pixels 'Pixels:0' has no SizeX attribute" },
        { OmeSamples.Image("""DimensionOrder="XYZCT" Type="uint8" SizeX="1" SizeY="1" SizeZ="1" SizeC="1" """), "Pixels 'Pixels:0' has no SizeT attribute" },
        { OmeSamples.Image(OmeSamples.Sizes(1, 1, 1, order: "XYZZT")), "Pixels 'Pixels:0' has DimensionOrder 'XYZZT', expected one of XYZCT, XYZTC, XYCTZ, XYCZT, XYTCZ, XYTZC" },
        { OmeSamples.Image(OmeSamples.Sizes(1, 1, 1, type: "uint64")), "Pixels 'Pixels:0' has Type 'uint64', which is not an OME pixel type" },
        { OmeSamples.Image(OmeSamples.Sizes(1, 1, 1, x: 0)), "Pixels 'Pixels:0' has SizeX '0', which is not a positive integer" },
        { OmeSamples.Image(OmeSamples.Sizes(1, 1, 1) + """ PhysicalSizeX="wide" """), "Pixels 'Pixels:0' has PhysicalSizeX 'wide', which is not a number" },
        { OmeSamples.Image(OmeSamples.Sizes(1, 1, 1) + """ Interleaved="yes" """), "Pixels 'Pixels:0' has Interleaved 'yes', expected true or false" },
        { OmeSamples.Image(OmeSamples.Sizes(1, 1, 1), """<Channel Name="x"/>"""), "Channel #0 of Pixels 'Pixels:0' has no ID attribute" },
        { OmeSamples.Image(OmeSamples.Sizes(1, 1, 1), """<Channel ID="C" SamplesPerPixel="0"/>"""), "Channel 'C' of Pixels 'Pixels:0' has SamplesPerPixel '0', which is not a positive integer" },
        { OmeSamples.Image(OmeSamples.Sizes(1, 1, 1), """<Channel ID="C" Color="red"/>"""), "Channel 'C' of Pixels 'Pixels:0' has Color 'red', which is not a 32-bit RGBA integer" },
        { OmeSamples.Image(OmeSamples.Sizes(1, 1, 1), """<TiffData/><TiffData IFD="-1"/>"""), "TiffData #1 of Pixels 'Pixels:0' has IFD '-1', which is not a non-negative integer" },
        { $"""<OME xmlns="{OmeSamples.Ns2016}"><Image Name="x"><Pixels ID="P" {OmeSamples.Sizes(1, 1, 1)}/></Image></OME>""", "Image #0 has no ID attribute" },
        { $"""<OME xmlns="{OmeSamples.Ns2016}"><Image ID="I"/></OME>""", "Image 'I' has no Pixels element" },
        { $"""<OME xmlns="{OmeSamples.Ns2016}"><Image ID="I"><Pixels {OmeSamples.Sizes(1, 1, 1)}/></Image></OME>""", "Pixels of Image 'I' has no ID attribute" },
        { $"""<OME xmlns="{OmeSamples.Ns2016}"><Image ID="I"><AcquisitionDate>yesterday</AcquisitionDate><Pixels ID="P" {OmeSamples.Sizes(1, 1, 1)}/></Image></OME>""", "Image 'I' AcquisitionDate 'yesterday' is not a date and time" },
    };

    [Theory]
    [MemberData(nameof(BrokenDocuments))]
    public void Missing_or_invalid_attributes_are_named(string xml, string problem)
    {
        var error = Assert.Throws<ImageFormatException>(() => OmeXml.Parse(xml, "x.ome.tif"));

        Assert.Equal("x.ome.tif: OME-XML: " + problem, error.Message);
    }
}
