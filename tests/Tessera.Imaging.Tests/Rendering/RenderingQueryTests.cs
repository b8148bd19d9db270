using Tessera.Imaging.Rendering;
using Tessera.Ngff;

namespace Tessera.Imaging.Tests.Rendering;

public sealed class RenderingQueryTests
{
    private static readonly RgbColor Red = new(255, 0, 0);
    private static readonly RgbColor Green = new(0, 255, 0);
    private static readonly RgbColor Blue = new(0, 0, 255);

    private static RenderingSettings Three => new(RenderingModel.Color,
    [
        new RenderingChannel(Red, 0, 100) { Label = "a" },
        new RenderingChannel(Green, 10, 200),
        new RenderingChannel(Blue, 20, 300),
    ]);

    [Fact]
    public void Listed_channels_take_window_colour_and_state_and_unlisted_ones_go_inactive()
    {
        var settings = RenderingQuery.Apply(Three, "1|0:4000$FF00FF,-2|100:250.5$00FFFF", null, null);

        Assert.Equal(new RenderingChannel(new RgbColor(255, 0, 255), 0, 4000, true) { Label = "a" }, settings.Channels[0]);
        // Inactive entries still carry their window and colour (OMERO.web applies them when saving).
        Assert.Equal(new RenderingChannel(new RgbColor(0, 255, 255), 100, 250.5, false), settings.Channels[1]);
        // Channel 3 is not listed: off, as in OMERO.web, with its window and colour kept.
        Assert.Equal(new RenderingChannel(Blue, 20, 300, false), settings.Channels[2]);
        Assert.Equal(RenderingModel.Color, settings.Model);
    }

    [Fact]
    public void A_colour_without_a_window_and_a_window_without_a_colour_change_only_themselves()
    {
        var settings = RenderingQuery.Apply(Three, "3$ffff00, 2|-5:1e3", null, null);
        Assert.Equal(new RenderingChannel(new RgbColor(255, 255, 0), 20, 300, true), settings.Channels[2]);
        Assert.Equal(new RenderingChannel(Green, -5, 1000, true), settings.Channels[1]);
        Assert.False(settings.Channels[0].Active);
    }

    [Fact]
    public void Colour_may_come_before_the_window_as_OMERO_web_accepts()
    {
        var settings = RenderingQuery.Apply(Three, "1$00FF00|5:6", null, null);
        Assert.Equal(new RenderingChannel(Green, 5, 6, true) { Label = "a" }, settings.Channels[0]);
    }

    [Fact]
    public void Absent_or_blank_parameters_change_nothing()
    {
        Assert.Equal(Three, RenderingQuery.Apply(Three, null, null, null, null));
        Assert.Equal(Three, RenderingQuery.Apply(Three, "", " ", "", ""));
    }

    [Theory]
    [InlineData("g", RenderingModel.Greyscale)]
    [InlineData("c", RenderingModel.Color)]
    public void Model(string m, RenderingModel expected)
    {
        var other = expected == RenderingModel.Color ? RenderingModel.Greyscale : RenderingModel.Color;
        Assert.Equal(expected, RenderingQuery.Apply(Three with { Model = other }, null, m, null).Model);
    }

    [Theory]
    [InlineData("normal", ProjectionMode.Normal, null, null)]
    [InlineData("intmax", ProjectionMode.IntMax, null, null)]
    [InlineData("intmean", ProjectionMode.IntMean, null, null)]
    [InlineData("intmax|0:5", ProjectionMode.IntMax, 0, 5)]
    [InlineData("intmean|2:2", ProjectionMode.IntMean, 2, 2)]
    public void Projection(string p, ProjectionMode mode, int? start, int? end)
    {
        var settings = RenderingQuery.Apply(Three, null, null, p);
        Assert.Equal((mode, start, end), (settings.Projection, settings.ProjectionStart, settings.ProjectionEnd));
        Assert.Equal(Three.Channels, settings.Channels);
    }

    [Fact]
    public void Maps_invert_by_channel_position_with_inverted_winning_over_reverse()
    {
        var maps = """[{"inverted":{"enabled":true}}, null, {"reverse":{"enabled":"true"},"inverted":null,"quantization":{"family":"linear"}}]""";
        var settings = RenderingQuery.Apply(Three, null, null, null, maps);
        Assert.Equal([true, false, true], settings.Channels.Select(c => c.Inverted));

        var back = RenderingQuery.Apply(settings, null, null, null, """[{"inverted":{"enabled":false},"reverse":{"enabled":true}}, {}]""");
        Assert.Equal([false, false, true], back.Channels.Select(c => c.Inverted));
    }

    [Theory]
    [InlineData("7", "c: channel 7 does not exist (the image has 3)")]
    [InlineData("-4|0:1", "c: channel 4 does not exist (the image has 3)")]
    [InlineData("99999999999999999999", "c: channel 99999999999999999999 does not exist (the image has 3)")]
    [InlineData("0", "c: channel 0 does not exist; channels are numbered from 1")]
    [InlineData("1|a:b", "c: '1|a:b': 'a:b' is not start:end (two numbers)")]
    [InlineData("1|5", "c: '1|5': '5' is not start:end (two numbers)")]
    [InlineData("1|1:2:3", "c: '1|1:2:3': '1:2:3' is not start:end (two numbers)")]
    [InlineData("1|NaN:4", "c: '1|NaN:4': 'NaN:4' is not start:end (two numbers)")]
    [InlineData("1|0:1e999", "c: '1|0:1e999': '0:1e999' is not start:end (two numbers)")]
    [InlineData("1|400:100", "c: '1|400:100': window start 400 is after its end 100")]
    [InlineData("1$GG0000", "c: '1$GG0000': 'GG0000' is not a colour of six hexadecimal digits (RRGGBB)")]
    [InlineData("1$F00", "c: '1$F00': 'F00' is not a colour of six hexadecimal digits (RRGGBB)")]
    [InlineData("1$cool.lut", "c: '1$cool.lut': lookup tables ('cool.lut') are not supported; give a colour RRGGBB")]
    [InlineData("1|0:1|2:3", "c: '1|0:1|2:3' has two windows")]
    [InlineData("1$FF0000$00FF00", "c: '1$FF0000$00FF00' has two colours")]
    [InlineData("1,,2", "c: entry 2 is empty")]
    [InlineData("1,2,1", "c: channel 1 is listed twice")]
    [InlineData("a", "c: 'a' does not start with a channel number (1, 2, …, or -1 for inactive)")]
    [InlineData("|0:1", "c: '|0:1' does not start with a channel number (1, 2, …, or -1 for inactive)")]
    [InlineData("--1", "c: '--1' does not start with a channel number (1, 2, …, or -1 for inactive)")]
    [InlineData("+1", "c: '+1' does not start with a channel number (1, 2, …, or -1 for inactive)")]
    public void Malformed_channels_name_the_parameter_and_the_problem(string c, string message)
    {
        var e = Assert.Throws<RenderingParameterException>(() => RenderingQuery.Apply(Three, c, null, null));
        Assert.Equal(message, e.Message);
        Assert.Equal("c", e.Parameter);
        Assert.Equal("c", e.ParamName);
    }

    [Theory]
    [InlineData(null, "x", null, null, "m: 'x' is not c (colour) or g (greyscale)")]
    [InlineData(null, null, "max", null, "p: 'max' is not normal, intmax or intmean")]
    [InlineData(null, null, "intsum", null, "p: intsum is not supported (use normal, intmax or intmean)")]
    [InlineData(null, null, "intmax|5:2", null, "p: 'intmax|5:2': start 5 is after end 2")]
    [InlineData(null, null, "intmax|a", null, "p: 'intmax|a': 'a' is not start:end (two z indices from 0)")]
    [InlineData(null, null, "intmax|-1:2", null, "p: 'intmax|-1:2': '-1:2' is not start:end (two z indices from 0)")]
    [InlineData(null, null, null, "[{", "maps: is not JSON")]
    [InlineData(null, null, null, "{}", "maps: must be a JSON array with one object per channel")]
    [InlineData(null, null, null, "[1]", "maps: entry 0 must be an object or null")]
    [InlineData(null, null, null, "[{},{},{},{}]", "maps: has 4 entries; the image has 3 channels")]
    [InlineData(null, null, null, """[{"inverted":true}]""", "maps: entry 0: inverted must be an object like {\"enabled\": true}")]
    public void Malformed_model_projection_and_maps_name_the_parameter(string? c, string? m, string? p, string? maps, string message)
    {
        var e = Assert.Throws<RenderingParameterException>(() => RenderingQuery.Apply(Three, c, m, p, maps));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0,1,2", 0, 1, 2, null, null)]
    [InlineData("3,0,0,512,256", 3, 0, 0, 512, 256)]
    [InlineData("1, 2, 3, 0, -1", 1, 2, 3, null, null)]
    public void Tiles_parse(string text, int level, int x, int y, int? width, int? height) =>
        Assert.Equal(new TileAddress(level, x, y, width, height), RenderingQuery.ParseTile(text));

    [Theory]
    [InlineData("0,1", "tile: '0,1' is not level,x,y or level,x,y,w,h")]
    [InlineData("0,1,2,3", "tile: '0,1,2,3' is not level,x,y or level,x,y,w,h")]
    [InlineData("0,a,2", "tile: '0,a,2': 'a' is not an integer")]
    [InlineData("-1,0,0", "tile: '-1,0,0': level -1 is negative")]
    [InlineData("0,0,-3", "tile: '0,0,-3': y -3 is negative")]
    [InlineData("0,0,99999999999", "tile: '0,0,99999999999': '99999999999' is not an integer")]
    public void Malformed_tiles_are_rejected(string text, string message) =>
        Assert.Equal(message, Assert.Throws<RenderingParameterException>(() => RenderingQuery.ParseTile(text)).Message);

    [Fact]
    public void Regions_parse_and_malformed_ones_are_rejected()
    {
        Assert.Equal(new PixelRegion(0, 512, 256, 128), RenderingQuery.ParseRegion("0,512,256,128"));
        Assert.Equal("region: '1,2,3' is not x,y,w,h", Assert.Throws<RenderingParameterException>(() => RenderingQuery.ParseRegion("1,2,3")).Message);
        Assert.Equal("region: '-1,2,3,4': the origin must not be negative", Assert.Throws<RenderingParameterException>(() => RenderingQuery.ParseRegion("-1,2,3,4")).Message);
        Assert.Equal("region: '1,2,0,4': width and height must be at least 1", Assert.Throws<RenderingParameterException>(() => RenderingQuery.ParseRegion("1,2,0,4")).Message);
        Assert.Equal("region: '1,2,x,4': 'x' is not an integer", Assert.Throws<RenderingParameterException>(() => RenderingQuery.ParseRegion("1,2,x,4")).Message);
    }

    [Fact]
    public void Long_hostile_input_is_quoted_short()
    {
        var hostile = "1|" + new string('9', 100_000) + "x:1";
        var e = Assert.Throws<RenderingParameterException>(() => RenderingQuery.Apply(Three, hostile, null, null));
        Assert.True(e.Message.Length < 200, e.Message);
    }

    [Fact]
    public void Deeply_nested_maps_are_rejected_not_crashed_on()
    {
        var deep = new string('[', 10_000) + new string(']', 10_000);
        Assert.StartsWith("maps: is not JSON", Assert.Throws<RenderingParameterException>(() => RenderingQuery.Apply(Three, null, null, null, deep)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_ValueList_is_shared_with_the_base_settings()
    {
        var base3 = Three;
        _ = RenderingQuery.Apply(base3, "1", "g", "intmax", "[{\"inverted\":{\"enabled\":true}}]");
        Assert.Equal(Three, base3);
        Assert.IsType<ValueList<RenderingChannel>>(base3.Channels);
    }
}
