using Tessera.Imaging.Ome;

namespace Tessera.Imaging.Tests.Ome;

public sealed class OmePlateTests
{
    private const string Images = """
        <Image ID="Image:0"><Pixels ID="Pixels:0" DimensionOrder="XYZCT" Type="uint8" SizeX="1" SizeY="1" SizeZ="1" SizeC="1" SizeT="1"/></Image>
        <Image ID="Image:1"><Pixels ID="Pixels:1" DimensionOrder="XYZCT" Type="uint8" SizeX="1" SizeY="1" SizeZ="1" SizeC="1" SizeT="1"/></Image>
        <Image ID="Image:2"><Pixels ID="Pixels:2" DimensionOrder="XYZCT" Type="uint8" SizeX="1" SizeY="1" SizeZ="1" SizeC="1" SizeT="1"/></Image>
        """;

    [Fact]
    public void Reads_wells_samples_and_acquisitions()
    {
        var xml = $"""
            <OME xmlns="{OmeSamples.Ns2016}">
              <Plate ID="Plate:0" Name="screen" Rows="8" Columns="12" RowNamingConvention="letter" ColumnNamingConvention="number" FieldIndex="0">
                <Well ID="Well:0" Row="0" Column="0">
                  <WellSample ID="WellSample:0" Index="0" PositionX="10.5" PositionXUnit="µm" PositionY="-3">
                    <ImageRef ID="Image:0"/>
                  </WellSample>
                  <WellSample ID="WellSample:1" Index="1"><ImageRef ID="Image:1"/></WellSample>
                </Well>
                <Well ID="Well:1" Row="1" Column="11">
                  <WellSample ID="WellSample:2" Index="2"><ImageRef ID="Image:2"/></WellSample>
                </Well>
                <PlateAcquisition ID="PlateAcquisition:0" Name="run 1" MaximumFieldCount="2" StartTime="2021-03-04T05:06:07Z" EndTime="2021-03-04T06:00:00+01:00">
                  <WellSampleRef ID="WellSample:0"/>
                  <WellSampleRef ID="WellSample:2"/>
                </PlateAcquisition>
                <PlateAcquisition ID="PlateAcquisition:1">
                  <WellSampleRef ID="WellSample:1"/>
                </PlateAcquisition>
              </Plate>
              {Images}
            </OME>
            """;
        var document = OmeXml.Parse(xml, "plate.companion.ome");

        Assert.Equal(3, document.Images.Count);
        var plate = Assert.Single(document.Plates);
        Assert.Equal(("Plate:0", "screen", 8, 12, "letter", "number", 0), (plate.Id, plate.Name, plate.Rows, plate.Columns, plate.RowNamingConvention, plate.ColumnNamingConvention, plate.FieldIndex));
        Assert.Equal(2, plate.Wells.Count);
        var well = plate.Wells[0];
        Assert.Equal(("Well:0", 0, 0), (well.Id, well.Row, well.Column));
        Assert.Equal(new OmeWellSample("WellSample:0", 0, "Image:0", new(10.5, "µm"), new(-3, "reference frame"), "PlateAcquisition:0"), well.Samples[0]);
        Assert.Equal(new OmeWellSample("WellSample:1", 1, "Image:1", null, null, "PlateAcquisition:1"), well.Samples[1]);
        Assert.Equal(("Well:1", 1, 11), (plate.Wells[1].Id, plate.Wells[1].Row, plate.Wells[1].Column));
        Assert.Equal("PlateAcquisition:0", plate.Wells[1].Samples[0].PlateAcquisitionRef);

        Assert.Equal(2, plate.Acquisitions.Count);
        Assert.Equal(
            new OmePlateAcquisition("PlateAcquisition:0", "run 1", 2, new DateTimeOffset(2021, 3, 4, 5, 6, 7, TimeSpan.Zero), new DateTimeOffset(2021, 3, 4, 5, 0, 0, TimeSpan.Zero)),
            plate.Acquisitions[0]);
        Assert.Equal(new OmePlateAcquisition("PlateAcquisition:1", null, null, null, null), plate.Acquisitions[1]);

        Assert.Equal(["A", "B", "C", "D", "E", "F", "G", "H"], plate.RowNames());
        Assert.Equal(12, plate.ColumnNames().Count);
        Assert.Equal("12", plate.ColumnNames()[11]);
    }

    [Fact]
    public void Without_acquisitions_or_layout_samples_have_no_acquisition_and_names_follow_the_wells()
    {
        var xml = $"""
            <OME xmlns="{OmeSamples.Ns2016}">
              <Plate ID="P" ColumnNamingConvention="letter" RowNamingConvention="number">
                <Well ID="W" Row="2" Column="27"><WellSample ID="S" Index="0"/></Well>
              </Plate>
            </OME>
            """;
        var plate = OmeXml.Parse(xml, "f").Plates[0];

        Assert.Equal(new OmeWellSample("S", 0, null, null, null, null), plate.Wells[0].Samples[0]);
        Assert.Empty(plate.Acquisitions);
        Assert.Equal(["1", "2", "3"], plate.RowNames());
        Assert.Equal(28, plate.ColumnNames().Count);
        Assert.Equal("AB", plate.ColumnNames()[27]);
    }

    public static TheoryData<string, string> BrokenPlates() => new()
    {
        { """<Plate Name="p"/>""", "Plate #0 has no ID attribute" },
        { """<Plate ID="P" RowNamingConvention="roman"/>""", "Plate 'P' has RowNamingConvention 'roman', expected 'letter' or 'number'" },
        { """<Plate ID="P" Rows="0"/>""", "Plate 'P' has Rows '0', which is not a positive integer" },
        { """<Plate ID="P"><Well ID="W" Column="1"/></Plate>""", "Well 'W' of Plate 'P' has no Row attribute" },
        { """<Plate ID="P"><Well ID="W" Row="0" Column="-1"/></Plate>""", "Well 'W' of Plate 'P' has Column '-1', which is not a non-negative integer" },
        { """<Plate ID="P"><Well ID="W" Row="0" Column="0"><WellSample ID="S"/></Well></Plate>""", "WellSample 'S' of Well 'W' of Plate 'P' has no Index attribute" },
        { """<Plate ID="P"><Well ID="W" Row="0" Column="0"><WellSample ID="S" Index="0"><ImageRef ID="Image:9"/></WellSample></Well></Plate>""", "WellSample 'S' of Plate 'P' refers to Image 'Image:9', which the document does not hold" },
        { """<Plate ID="P"><PlateAcquisition ID="A"><WellSampleRef ID="S"/></PlateAcquisition></Plate>""", "PlateAcquisition 'A' of Plate 'P' refers to WellSample 'S', which no Well of the plate holds" },
        { """<Plate ID="P"><PlateAcquisition ID="A" StartTime="soon"/></Plate>""", "PlateAcquisition 'A' of Plate 'P' StartTime 'soon' is not a date and time" },
        {
            """
            <Plate ID="P"><Well ID="W" Row="0" Column="0"><WellSample ID="S" Index="0"/></Well>
            <PlateAcquisition ID="A"><WellSampleRef ID="S"/></PlateAcquisition><PlateAcquisition ID="B"><WellSampleRef ID="S"/></PlateAcquisition></Plate>
            """,
            "WellSample 'S' of Plate 'P' is in two PlateAcquisitions, 'A' and 'B'"
        },
    };

    [Theory]
    [MemberData(nameof(BrokenPlates))]
    public void Broken_plates_are_refused_naming_the_element(string plate, string problem)
    {
        var xml = $"""<OME xmlns="{OmeSamples.Ns2016}">{plate}</OME>""";

        var error = Assert.Throws<ImageFormatException>(() => OmeXml.Parse(xml, "plate.ome.xml"));

        Assert.Equal("plate.ome.xml: OME-XML: " + problem, error.Message);
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(1, "B")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(27, "AB")]
    [InlineData(51, "AZ")]
    [InlineData(52, "BA")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    public void Letter_names_count_like_spreadsheet_columns(int index, string name)
    {
        Assert.Equal(name, OmePlateNaming.Name(index, OmePlateNaming.Letter));
        Assert.Equal(name, OmePlateNaming.RowName(index));
    }

    [Theory]
    [InlineData(0, "1")]
    [InlineData(9, "10")]
    [InlineData(47, "48")]
    public void Number_names_start_at_one(int index, string name)
    {
        Assert.Equal(name, OmePlateNaming.Name(index, OmePlateNaming.Number));
        Assert.Equal(name, OmePlateNaming.ColumnName(index));
    }

    [Fact]
    public void Conventions_override_the_defaults()
    {
        Assert.Equal("3", OmePlateNaming.RowName(2, "number"));
        Assert.Equal("C", OmePlateNaming.ColumnName(2, "letter"));
        Assert.Equal("XFD", OmePlateNaming.Name(16383, "letter"));
        Assert.Equal("FXSHRXX", OmePlateNaming.Name(int.MaxValue, "letter"));
        Assert.Throws<ArgumentException>(() => OmePlateNaming.Name(0, "roman"));
        Assert.Throws<ArgumentOutOfRangeException>(() => OmePlateNaming.Name(-1, "letter"));
    }
}
