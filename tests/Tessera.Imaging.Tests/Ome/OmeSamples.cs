namespace Tessera.Imaging.Tests.Ome;

/// <summary>Builds small hand-written OME-XML documents.</summary>
internal static class OmeSamples
{
    public const string Ns2016 = "http://www.openmicroscopy.org/Schemas/OME/2016-06";

    /// <summary>A document with one image whose Pixels element has <paramref name="attributes"/> and <paramref name="content"/>.</summary>
    public static string Image(string attributes, string content = "", string ns = Ns2016, string rootAttributes = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <OME xmlns="{ns}" {rootAttributes}>
          <Image ID="Image:0" Name="sample">
            <Pixels ID="Pixels:0" {attributes}>{content}</Pixels>
          </Image>
        </OME>
        """;

    /// <summary>Pixels attributes for the given sizes, order and type.</summary>
    public static string Sizes(int z, int c, int t, string order = "XYZCT", string type = "uint16", int x = 32, int y = 16) =>
        $"""DimensionOrder="{order}" Type="{type}" SizeX="{x}" SizeY="{y}" SizeZ="{z}" SizeC="{c}" SizeT="{t}" """;

    /// <summary><paramref name="count"/> single-sample Channel elements.</summary>
    public static string Channels(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(i => $"""<Channel ID="Channel:0:{i}" SamplesPerPixel="1"/>"""));
}
