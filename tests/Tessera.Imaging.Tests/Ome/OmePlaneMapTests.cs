using Tessera.Imaging.Ome;
using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Tests.Ome;

public sealed class OmePlaneMapTests
{
    private const string File = "/data/image.ome.tif";

    // Written out per order rather than derived from the string, so the test does not share the code's logic.
    public static TheoryData<string> Orders() => ["XYZCT", "XYZTC", "XYCTZ", "XYCZT", "XYTCZ", "XYTZC"];

    [Theory]
    [MemberData(nameof(Orders))]
    public void An_empty_tiff_data_numbers_planes_in_dimension_order(string order)
    {
        Func<int, int, int, int> expected = order switch
        {
            "XYZCT" => (z, c, t) => z + (2 * (c + (3 * t))),
            "XYZTC" => (z, c, t) => z + (2 * (t + (4 * c))),
            "XYCTZ" => (z, c, t) => c + (3 * (t + (4 * z))),
            "XYCZT" => (z, c, t) => c + (3 * (z + (2 * t))),
            "XYTCZ" => (z, c, t) => t + (4 * (c + (3 * z))),
            _ => (z, c, t) => t + (4 * (z + (2 * c))),
        };
        var map = Map(OmeSamples.Image(OmeSamples.Sizes(2, 3, 4, order), OmeSamples.Channels(3) + "<TiffData/>"), 24);

        Assert.Equal(24, map.PlaneCount);
        Assert.Equal(3, map.EffectiveSizeC);
        Assert.True(map.IsSingleFile);
        var seen = new HashSet<int>();
        for (var z = 0; z < 2; z++)
        {
            for (var c = 0; c < 3; c++)
            {
                for (var t = 0; t < 4; t++)
                {
                    Assert.Equal(new OmePlaneLocation(null, null, expected(z, c, t)), map[z, c, t]);
                    Assert.Equal(expected(z, c, t), map.PlaneIndex(z, c, t));
                    Assert.True(seen.Add(map[z, c, t].Ifd));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Orders))]
    public void Per_plane_tiff_data_with_an_ifd_cover_one_plane_each(string order)
    {
        // Each block gives IFD but no PlaneCount, so covers exactly one plane; the IFDs run backwards.
        var blocks = string.Concat(
            from z in Enumerable.Range(0, 2)
            from c in Enumerable.Range(0, 2)
            from t in Enumerable.Range(0, 2)
            select $"""<TiffData IFD="{7 - ((z * 4) + (c * 2) + t)}" FirstZ="{z}" FirstC="{c}" FirstT="{t}"/>""");
        var map = Map(OmeSamples.Image(OmeSamples.Sizes(2, 2, 2, order), blocks), 8);

        Assert.Equal(7, map[0, 0, 0].Ifd);
        Assert.Equal(6, map[0, 0, 1].Ifd);
        Assert.Equal(5, map[0, 1, 0].Ifd);
        Assert.Equal(0, map[1, 1, 1].Ifd);
    }

    [Fact]
    public void Follows_the_specifications_first_example()
    {
        // XYZTC, Z 3, T 2, C 2 and one empty TiffData: IFD 3 is Z0-T1-C0 and IFD 6 is Z0-T0-C1.
        var map = Map(OmeSamples.Image(OmeSamples.Sizes(3, 2, 2, "XYZTC", "uint8"), "<TiffData/>"), 12);

        Assert.Equal(3, map[0, 0, 1].Ifd);
        Assert.Equal(6, map[0, 1, 0].Ifd);
        Assert.Equal(11, map[2, 1, 1].Ifd);
    }

    [Fact]
    public void Without_tiff_data_the_ifds_are_the_planes_in_order()
    {
        var map = Map(OmeSamples.Image(OmeSamples.Sizes(2, 1, 3, "XYZTC")), 6);

        Assert.Equal(5, map[1, 0, 2].Ifd);
        Assert.Equal(2, map[0, 0, 1].Ifd);
    }

    [Fact]
    public void An_empty_tiff_data_in_a_file_with_more_ifds_stops_at_the_last_plane()
    {
        var map = Map(OmeSamples.Image(OmeSamples.Sizes(2, 1, 1), "<TiffData/>"), 10);

        Assert.Equal(2, map.PlaneCount);
        Assert.Equal(1, map[1, 0, 0].Ifd);
    }

    [Fact]
    public void A_plane_count_without_an_ifd_starts_at_ifd_0()
    {
        var map = Map(OmeSamples.Image(OmeSamples.Sizes(3, 1, 1), """<TiffData PlaneCount="3"/>"""), 3);

        Assert.Equal([0, 1, 2], [map[0, 0, 0].Ifd, map[1, 0, 0].Ifd, map[2, 0, 0].Ifd]);
    }

    [Fact]
    public void Blocks_start_at_their_first_position_and_ifd()
    {
        // XYCZT, C 2, Z 3: the second block starts at plane (z 1, c 0) = plane 2 and runs 4 planes from IFD 10.
        var xml = OmeSamples.Image(OmeSamples.Sizes(3, 2, 1, "XYCZT"), """
            <TiffData PlaneCount="2"/>
            <TiffData IFD="10" FirstZ="1" PlaneCount="4"/>
            """);
        var map = Map(xml, 14);

        Assert.Equal(0, map[0, 0, 0].Ifd);
        Assert.Equal(1, map[0, 1, 0].Ifd);
        Assert.Equal(10, map[1, 0, 0].Ifd);
        Assert.Equal(11, map[1, 1, 0].Ifd);
        Assert.Equal(13, map[2, 1, 0].Ifd);
    }

    [Fact]
    public void An_rgb_channel_is_one_ifd_of_three_samples()
    {
        var xml = OmeSamples.Image(OmeSamples.Sizes(1, 3, 2, "XYCZT", "uint8"), """
            <Channel ID="Channel:0:0" SamplesPerPixel="3"/>
            <TiffData IFD="0" PlaneCount="2"/>
            """);
        var map = Map(xml, 2, ifdInfo: _ => new OmeIfdInfo(32, 16, DataType.UInt8, 3));

        Assert.Equal(1, map.EffectiveSizeC);
        Assert.Equal([3], map.ChannelSamples);
        Assert.Equal(2, map.PlaneCount);
        Assert.Equal((new OmePlaneLocation(null, null, 1), 2), map.Locate(0, 2, 1));
        Assert.Equal((new OmePlaneLocation(null, null, 0), 0), map.Locate(0, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => map.Locate(0, 3, 0));
    }

    [Fact]
    public void Channels_of_different_sample_counts_are_located_by_sample()
    {
        var xml = OmeSamples.Image(OmeSamples.Sizes(1, 4, 1, "XYCZT", "uint8"), """
            <Channel ID="rgb" SamplesPerPixel="3"/>
            <Channel ID="grey"/>
            <TiffData/>
            """);
        var map = Map(xml, 2);

        Assert.Equal([3, 1], map.ChannelSamples);
        Assert.Equal((new OmePlaneLocation(null, null, 0), 2), map.Locate(0, 2, 0));
        Assert.Equal((new OmePlaneLocation(null, null, 1), 0), map.Locate(0, 3, 0));
    }

    [Fact]
    public void Without_channel_elements_the_ifd_tells_rgb_from_grey()
    {
        var xml = OmeSamples.Image(OmeSamples.Sizes(1, 3, 1, type: "uint8"), "<TiffData/>");

        var rgb = Map(xml, 1, ifdInfo: _ => new OmeIfdInfo(32, 16, DataType.UInt8, 3));
        var grey = Map(xml, 3, ifdInfo: _ => new OmeIfdInfo(32, 16, DataType.UInt8, 1));
        var unknown = Map(xml, 3);

        Assert.Equal(1, rgb.EffectiveSizeC);
        Assert.Equal(3, grey.EffectiveSizeC);
        Assert.Equal(3, unknown.EffectiveSizeC);
    }

    [Fact]
    public void Planes_in_other_files_carry_the_file_name_and_uuid()
    {
        var xml = OmeSamples.Image(OmeSamples.Sizes(1, 1, 3), """
            <TiffData FirstT="0" IFD="0" PlaneCount="1"><UUID FileName="image.ome.tif">urn:uuid:AAAA</UUID></TiffData>
            <TiffData FirstT="1" IFD="0" PlaneCount="1"><UUID FileName="t1.ome.tif">urn:uuid:bbbb</UUID></TiffData>
            <TiffData FirstT="2" IFD="7"><UUID>urn:uuid:cccc</UUID></TiffData>
            """);
        var map = Map(xml, 1, fileUuid: "urn:uuid:aaaa");

        Assert.True(map[0, 0, 0].InThisFile);
        Assert.Equal(new OmePlaneLocation("t1.ome.tif", "urn:uuid:bbbb", 0), map[0, 0, 1]);
        Assert.Equal(new OmePlaneLocation(null, "urn:uuid:cccc", 7), map[0, 0, 2]);
        Assert.False(map[0, 0, 2].InThisFile);
        Assert.False(map.IsSingleFile);
        Assert.Equal(["t1.ome.tif", "urn:uuid:cccc"], map.OtherFiles);
    }

    [Fact]
    public void Without_a_file_uuid_the_file_name_says_which_file()
    {
        var xml = OmeSamples.Image(OmeSamples.Sizes(1, 1, 2), """
            <TiffData FirstT="0" PlaneCount="1"><UUID FileName="image.ome.tif">urn:uuid:a</UUID></TiffData>
            <TiffData FirstT="1"><UUID FileName="other.ome.tif">urn:uuid:b</UUID></TiffData>
            """);
        var map = Map(xml, 1);

        Assert.True(map[0, 0, 0].InThisFile);
        Assert.Equal(new OmePlaneLocation("other.ome.tif", "urn:uuid:b", 0), map[0, 0, 1]);
    }

    [Fact]
    public void A_plane_past_the_last_ifd_is_refused()
    {
        var xml = OmeSamples.Image(OmeSamples.Sizes(2, 2, 1), """<TiffData IFD="2" PlaneCount="4"/>""");

        Assert.Equal(
            "/data/image.ome.tif: OME-TIFF: plane 2 (z 0, c 1, t 0) of Pixels 'Pixels:0' is in IFD 4, but the file has 4 IFDs",
            Refused(xml, 4));
    }

    [Fact]
    public void Too_few_ifds_for_the_planes_without_tiff_data_are_refused()
    {
        Assert.Equal(
            "/data/image.ome.tif: OME-TIFF: plane 3 (z 1, c 0, t 1) of Pixels 'Pixels:0' is in IFD 3, but the file has 3 IFDs",
            Refused(OmeSamples.Image(OmeSamples.Sizes(2, 1, 2)), 3));
    }

    [Fact]
    public void Planes_in_no_tiff_data_are_refused()
    {
        var xml = OmeSamples.Image(OmeSamples.Sizes(3, 1, 1), """<TiffData IFD="0"/><TiffData IFD="2" FirstZ="2"/>""");

        Assert.Equal(
            "/data/image.ome.tif: OME-XML: 1 of the 3 planes of Pixels 'Pixels:0' are in no TiffData, the first being plane 1 (z 1, c 0, t 0)",
            Refused(xml, 3));
    }

    [Fact]
    public void An_empty_tiff_data_in_a_file_with_too_few_ifds_leaves_planes_unmapped()
    {
        var xml = OmeSamples.Image(OmeSamples.Sizes(2, 3, 4), "<TiffData/>");

        Assert.Equal(
            "/data/image.ome.tif: OME-XML: 4 of the 24 planes of Pixels 'Pixels:0' are in no TiffData, the first being plane 20 (z 0, c 1, t 3)",
            Refused(xml, 20));
    }

    [Fact]
    public void A_plane_count_past_the_last_plane_is_refused()
    {
        var xml = OmeSamples.Image(OmeSamples.Sizes(2, 2, 1), """<TiffData FirstC="1" PlaneCount="3"/>""");

        Assert.Equal(
            "/data/image.ome.tif: OME-XML: TiffData #0 of Pixels 'Pixels:0' has PlaneCount 3 from plane 2 (z 0, c 1, t 0), but the image has 4 planes",
            Refused(xml, 10));
    }

    [Theory]
    [InlineData("""FirstZ="2" """, "has FirstZ 2, but SizeZ is 2")]
    [InlineData("""FirstC="3" """, "has FirstC 3, but SizeC is 3")]
    [InlineData("""FirstT="1" """, "has FirstT 1, but SizeT is 1")]
    public void A_block_starting_outside_the_image_is_refused(string attributes, string problem)
    {
        var xml = OmeSamples.Image(OmeSamples.Sizes(2, 3, 1), $"<TiffData {attributes}/>");

        Assert.Equal($"/data/image.ome.tif: OME-XML: TiffData #0 of Pixels 'Pixels:0' {problem}", Refused(xml, 6));
    }

    [Fact]
    public void Channels_disagreeing_with_size_c_are_refused()
    {
        Assert.Equal(
            "/data/image.ome.tif: OME-XML: Pixels 'Pixels:0' has 2 Channel elements with 2 samples in all, but SizeC is 3",
            Refused(OmeSamples.Image(OmeSamples.Sizes(1, 3, 1), OmeSamples.Channels(2)), 3));
        Assert.Equal(
            "/data/image.ome.tif: OME-XML: Pixels 'Pixels:0' has 3 Channel elements with 9 samples in all, but SizeC is 3",
            Refused(OmeSamples.Image(OmeSamples.Sizes(1, 3, 1), """<Channel ID="a" SamplesPerPixel="3"/><Channel ID="b" SamplesPerPixel="3"/><Channel ID="c" SamplesPerPixel="3"/>"""), 3));
    }

    [Fact]
    public void An_ifd_of_another_size_is_refused()
    {
        var xml = OmeSamples.Image(OmeSamples.Sizes(2, 1, 1, x: 640, y: 480), "<TiffData/>");

        Assert.Equal(
            "/data/image.ome.tif: OME-TIFF: IFD 1 is 640 × 512 pixels, but Pixels 'Pixels:0' has SizeX 640 and SizeY 480",
            Refused(xml, 2, i => new OmeIfdInfo(640, i == 0 ? 480 : 512, DataType.UInt16, 1)));
    }

    [Fact]
    public void An_ifd_of_another_type_is_refused()
    {
        var xml = OmeSamples.Image(OmeSamples.Sizes(1, 1, 1), "<TiffData/>");

        Assert.Equal(
            "/data/image.ome.tif: OME-TIFF: IFD 0 holds uint8 samples, but Pixels 'Pixels:0' has Type uint16",
            Refused(xml, 1, _ => new OmeIfdInfo(32, 16, DataType.UInt8, 1)));
    }

    [Fact]
    public void An_ifd_with_other_samples_per_pixel_is_refused()
    {
        var xml = OmeSamples.Image(OmeSamples.Sizes(1, 2, 1), OmeSamples.Channels(2) + "<TiffData/>");

        Assert.Equal(
            "/data/image.ome.tif: OME-TIFF: IFD 1 has 3 samples per pixel, but channel 1 of Pixels 'Pixels:0' has 1",
            Refused(xml, 2, i => new OmeIfdInfo(32, 16, DataType.UInt16, i == 1 ? 3 : 1)));
    }

    [Fact]
    public void Ifds_of_other_files_are_not_checked_against_this_one()
    {
        var xml = OmeSamples.Image(OmeSamples.Sizes(1, 1, 2), """
            <TiffData FirstT="0" PlaneCount="1"/>
            <TiffData FirstT="1" IFD="5"><UUID FileName="other.ome.tif">urn:uuid:b</UUID></TiffData>
            """);
        var asked = new List<int>();
        var map = Map(xml, 1, ifdInfo: i =>
        {
            asked.Add(i);
            return new OmeIfdInfo(32, 16, DataType.UInt16, 1);
        });

        Assert.Equal([0], asked);
        Assert.Equal(5, map[0, 0, 1].Ifd);
    }

    [Fact]
    public void Positions_outside_the_image_are_caller_mistakes()
    {
        var map = Map(OmeSamples.Image(OmeSamples.Sizes(1, 1, 1)), 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => map[1, 0, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => map[0, 0, -1]);
    }

    private static OmePlaneMap Map(string xml, int ifdCount, string? fileUuid = null, Func<int, OmeIfdInfo>? ifdInfo = null) =>
        OmePlaneMap.Resolve(OmeXml.Parse(xml, File).Images[0].Pixels, File, ifdCount, fileUuid, ifdInfo);

    private static string Refused(string xml, int ifdCount, Func<int, OmeIfdInfo>? ifdInfo = null) =>
        Assert.Throws<ImageFormatException>(() => Map(xml, ifdCount, ifdInfo: ifdInfo)).Message;
}
