using Tessera.Imaging.Ome;

namespace Tessera.Imaging.Tests.Ome;

public sealed class OmeUnitsTests
{
    [Theory]
    [InlineData("µm", "micrometer")] // micro sign, as the schema writes it
    [InlineData("\u03BCm", "micrometer")] // Greek small mu
    [InlineData("um", "micrometer")]
    [InlineData("micron", "micrometer")]
    [InlineData("nm", "nanometer")]
    [InlineData("pm", "picometer")]
    [InlineData("mm", "millimeter")]
    [InlineData("cm", "centimeter")]
    [InlineData("dm", "decimeter")]
    [InlineData("m", "meter")]
    [InlineData("km", "kilometer")]
    [InlineData("Å", "angstrom")]
    [InlineData("\u212B", "angstrom")] // the ångström sign
    [InlineData("in", "inch")]
    [InlineData("ft", "foot")]
    [InlineData("yd", "yard")]
    [InlineData("mi", "mile")]
    [InlineData("pc", "parsec")]
    [InlineData("fm", "femtometer")]
    [InlineData("ym", "yoctometer")]
    [InlineData("Ym", "yottameter")]
    [InlineData("micrometer", "micrometer")]
    public void Space_units_map_to_udunits_names(string ome, string ngff) => Assert.Equal(ngff, OmeUnits.ToNgffSpaceUnit(ome));

    [Theory]
    [InlineData("pixel")]
    [InlineData("reference frame")]
    [InlineData("dam")]
    [InlineData("thou")]
    [InlineData("li")]
    [InlineData("ua")]
    [InlineData("ly")]
    [InlineData("pt")]
    [InlineData("s")]
    [InlineData("")]
    public void Space_units_ngff_lacks_are_null(string ome) => Assert.Null(OmeUnits.ToNgffSpaceUnit(ome));

    [Theory]
    [InlineData("s", "second")]
    [InlineData("ms", "millisecond")]
    [InlineData("µs", "microsecond")]
    [InlineData("\u03BCs", "microsecond")]
    [InlineData("us", "microsecond")]
    [InlineData("ns", "nanosecond")]
    [InlineData("ps", "picosecond")]
    [InlineData("min", "minute")]
    [InlineData("h", "hour")]
    [InlineData("d", "day")]
    [InlineData("ks", "kilosecond")]
    [InlineData("cs", "centisecond")]
    [InlineData("ys", "yoctosecond")]
    [InlineData("second", "second")]
    public void Time_units_map_to_udunits_names(string ome, string ngff) => Assert.Equal(ngff, OmeUnits.ToNgffTimeUnit(ome));

    [Theory]
    [InlineData("das")]
    [InlineData("m")]
    [InlineData("fortnight")]
    public void Time_units_ngff_lacks_are_null(string ome) => Assert.Null(OmeUnits.ToNgffTimeUnit(ome));
}
