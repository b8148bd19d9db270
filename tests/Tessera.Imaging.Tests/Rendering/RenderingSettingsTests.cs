using Tessera.Imaging.Rendering;
using Tessera.Ngff;
using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Tests.Rendering;

public sealed class RenderingSettingsTests
{
    [Fact]
    public void The_stored_form_reads_and_writes_back_character_for_character()
    {
        const string stored = """{"model":"color","channels":[{"label":"DAPI","color":"0000FF","start":0,"end":4000,"active":true},{"color":"FF0000","start":-12.5,"end":100000,"active":false}]}""";
        var settings = RenderingSettings.FromJson(stored);

        Assert.Equal(RenderingModel.Color, settings.Model);
        Assert.Equal(new RenderingChannel(new RgbColor(0, 0, 255), 0, 4000, true) { Label = "DAPI" }, settings.Channels[0]);
        Assert.Equal(new RenderingChannel(new RgbColor(255, 0, 0), -12.5, 100000, false), settings.Channels[1]);
        Assert.Equal(stored, settings.ToJson());
    }

    [Fact]
    public void Greyscale_and_inversion_are_stored_and_unknown_members_ignored()
    {
        var settings = RenderingSettings.FromJson("""{"model":"greyscale","version":3,"channels":[{"color":"ffffff","start":1,"end":2,"family":"linear","inverted":true}]}""");
        Assert.Equal(RenderingModel.Greyscale, settings.Model);
        Assert.Equal(new RenderingChannel(RgbColor.White, 1, 2, true) { Inverted = true }, settings.Channels[0]);
        Assert.Equal("""{"model":"greyscale","channels":[{"color":"FFFFFF","start":1,"end":2,"active":true,"inverted":true}]}""", settings.ToJson());
        Assert.Equal(settings, RenderingSettings.FromJson(settings.ToJson()));
    }

    [Theory]
    [InlineData("[]", "settings: $ must be an object with \"model\" and \"channels\"")]
    [InlineData("{\"model\":\"rgb\",\"channels\":[]}", "settings: $.model must be \"color\" or \"greyscale\", found \"rgb\"")]
    [InlineData("{\"model\":\"color\"}", "settings: $.channels must be an array of channels, found nothing")]
    [InlineData("{\"channels\":[{\"start\":0,\"end\":1}]}", "settings: $.channels[0].color must be six hexadecimal digits (RRGGBB), found nothing")]
    [InlineData("{\"channels\":[{\"color\":\"red\",\"start\":0,\"end\":1}]}", "settings: $.channels[0].color 'red' is not six hexadecimal digits (RRGGBB)")]
    [InlineData("{\"channels\":[{\"color\":\"FF0000\",\"start\":\"0\",\"end\":1}]}", "settings: $.channels[0].start must be a finite number, found \"0\"")]
    [InlineData("{\"channels\":[{\"color\":\"FF0000\",\"start\":5,\"end\":1}]}", "settings: $.channels[0] window start 5 is after its end 1")]
    [InlineData("{\"channels\":[{\"color\":\"FF0000\",\"start\":0,\"end\":1,\"active\":1}]}", "settings: $.channels[0].active must be true or false, found 1")]
    [InlineData("{\"channels\":[{\"color\":\"FF0000\",\"start\":0,\"end\":1,\"label\":7}]}", "settings: $.channels[0].label must be a string, found 7")]
    public void Malformed_stored_forms_give_the_json_path(string json, string message) =>
        Assert.Equal(message, Assert.Throws<RenderingParameterException>(() => RenderingSettings.FromJson(json)).Message);

    [Fact]
    public void Omero_blocks_give_colours_windows_states_labels_and_model()
    {
        var omero = new OmeroMetadata([
            new OmeroChannel("00FF00", new OmeroWindow(0, 4095, 100, 2000)) { Label = "GFP", Active = false, Inverted = true },
            new OmeroChannel("not a colour", new OmeroWindow(0, 4095, 3000, 10)) { Label = "odd" },
        ])
        { RenderingDefaults = new OmeroRenderingDefaults(Model: "greyscale") };

        var settings = RenderingSettings.FromOmero(omero, 3, DataType.UInt16);

        Assert.Equal(RenderingModel.Greyscale, settings.Model);
        Assert.Equal(new RenderingChannel(new RgbColor(0, 255, 0), 100, 2000, false) { Label = "GFP", Inverted = true }, settings.Channels[0]);
        // A colour that does not parse and a backwards window fall back to the defaults for that channel.
        Assert.Equal(new RenderingChannel(new RgbColor(0, 255, 0), 0, 65535, true) { Label = "odd" }, settings.Channels[1]);
        // The block has two channels, the image three: the third gets defaults.
        Assert.Equal(new RenderingChannel(new RgbColor(0, 0, 255), 0, 65535, true), settings.Channels[2]);
    }

    [Fact]
    public void Without_omero_one_channel_is_grey_and_several_get_the_palette_over_the_type_range()
    {
        var one = RenderingSettings.FromOmero(null, 1, DataType.UInt8);
        Assert.Equal(new RenderingSettings(RenderingModel.Greyscale, [new RenderingChannel(RgbColor.White, 0, 255)]), one);

        var seven = RenderingSettings.FromOmero(null, 8, DataType.Int16);
        Assert.Equal(RenderingModel.Color, seven.Model);
        Assert.Equal(["FF0000", "00FF00", "0000FF", "FF00FF", "00FFFF", "FFFF00", "FFFFFF", "FF0000"], seven.Channels.Select(c => c.Color.ToString()));
        Assert.All(seven.Channels, c => Assert.Equal((-32768.0, 32767.0, true), (c.Start, c.End, c.Active)));
    }

    [Theory]
    [InlineData("uint8", 0, 255)]
    [InlineData("int8", -128, 127)]
    [InlineData("uint16", 0, 65535)]
    [InlineData("int16", -32768, 32767)]
    [InlineData("uint32", 0, 4294967295)]
    [InlineData("int32", -2147483648, 2147483647)]
    [InlineData("float32", 0, 1)]
    [InlineData("float64", 0, 1)]
    public void Default_windows_span_the_type(string type, double start, double end) =>
        Assert.Equal((start, end), RenderingSettings.DefaultWindow(DataType.FromName(type)!));

    [Fact]
    public void Colours_parse_six_hex_digits_only()
    {
        Assert.Equal(new RgbColor(0x12, 0xAB, 0xEF), RgbColor.Parse("12abEF"));
        Assert.Equal("12ABEF", new RgbColor(0x12, 0xAB, 0xEF).ToString());
        Assert.False(RgbColor.TryParse("F00", out _));
        Assert.False(RgbColor.TryParse("+12345", out _));
        Assert.False(RgbColor.TryParse("12345G", out _));
        Assert.Throws<FormatException>(() => RgbColor.Parse("FF00001"));
    }
}
