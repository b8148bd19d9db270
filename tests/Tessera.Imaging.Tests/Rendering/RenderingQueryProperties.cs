using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Tessera.Imaging.Rendering;

namespace Tessera.Imaging.Tests.Rendering;

/// <summary>Hostile and random query strings: the parser answers or throws its own exception, nothing else.</summary>
public sealed class RenderingQueryProperties
{
    private static readonly RenderingSettings Base = new(RenderingModel.Color,
    [
        new RenderingChannel(new RgbColor(255, 0, 0), 0, 100),
        new RenderingChannel(new RgbColor(0, 255, 0), 10, 200),
        new RenderingChannel(new RgbColor(0, 0, 255), 20, 300),
    ]);

    // The characters the syntax gives meaning to, and a few near misses.
    private static readonly Gen<string> Syntax =
        from chars in Gen.ArrayOf(Gen.Elements("0123456789-|:$,.eE+ aAfFgGlutx[]{}\"nI\0\u00e9".ToCharArray()))
        select new string(chars);

    private static readonly Gen<string> AnyText = Gen.OneOf(Syntax, ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""));

    private static readonly Gen<string> Json = Gen.OneOf(
        AnyText,
        Gen.Elements(
            "[]", "[null]", "[{}]", "[{\"inverted\":{}}]", "[{\"inverted\":{\"enabled\":1}}]", "[{\"reverse\":[]}]",
            "[{\"inverted\":{\"enabled\":true}},{\"inverted\":{\"enabled\":\"true\"}},{\"reverse\":{\"enabled\":false}}]",
            "[[],[],[]]", "[1,2,3,4]", "\"x\"", "null", "[{\"inverted\":null,\"reverse\":null}]"));

    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(2000).WithQuietOnSuccess(true);

    [Fact]
    public void Any_query_either_applies_or_throws_a_RenderingParameterException()
    {
        var cases = from c in AnyText from m in Gen.OneOf(AnyText, Gen.Elements("c", "g")) from p in AnyText from maps in Json select (c, m, p, maps);
        Prop.ForAll(cases.ToArbitrary(), q => Answers(() => RenderingQuery.Apply(Base, q.c, q.m, q.p, q.maps))).Check(Quick);
    }

    [Fact]
    public void Channel_lists_made_of_valid_pieces_in_any_arrangement_never_crash()
    {
        var piece = Gen.Elements("1", "2", "3", "-1", "-2", "4", "0", "|", "$", ":", ",", "0:10", "FF00FF", "1e5", "-3.5", ".lut", " ");
        var cases = Gen.ArrayOf(piece).Select(parts => string.Concat(parts));
        Prop.ForAll(cases.ToArbitrary(), c => Answers(() => RenderingQuery.Apply(Base, c, null, null))).Check(Quick);
    }

    [Fact]
    public void Tiles_and_regions_either_parse_or_throw_a_RenderingParameterException()
    {
        var cases = Gen.OneOf(AnyText, Gen.ArrayOf(Gen.Choose(-3, 20)).Select(n => string.Join(",", n)));
        Prop.ForAll(cases.ToArbitrary(), text => Answers(() => RenderingQuery.ParseTile(text)) && Answers(() => RenderingQuery.ParseRegion(text))).Check(Quick);
    }

    [Fact]
    public void Stored_settings_either_read_or_throw_a_RenderingParameterException()
    {
        var cases = Gen.OneOf(
            Json,
            Gen.Elements(
                "{\"channels\":[{\"color\":\"FF0000\",\"start\":0,\"end\":1}]}",
                "{\"model\":\"greyscale\",\"channels\":[{\"color\":\"FF0000\",\"start\":\"0\",\"end\":1}]}",
                "{\"model\":1,\"channels\":[]}",
                "{\"channels\":[{\"color\":\"FF0000\",\"start\":2,\"end\":1}]}",
                "{\"channels\":[null]}",
                "{\"channels\":[{\"color\":\"FF0000\",\"start\":0,\"end\":1e999}]}"));
        Prop.ForAll(cases.ToArbitrary(), json => Answers(() => RenderingSettings.FromJson(json))).Check(Quick);
    }

    [Fact]
    public void Well_formed_channel_lists_set_exactly_what_they_say()
    {
        var entry =
            from channel in Gen.Choose(1, 3)
            from negative in ArbMap.Default.GeneratorFor<bool>()
            from window in Gen.OneOf(Gen.Constant<(int, int)?>(null), from a in Gen.Choose(-1000, 1000) from w in Gen.Choose(0, 5000) select ((int, int)?)(a, a + w))
            from color in Gen.OneOf(Gen.Constant<int?>(null), Gen.Choose(0, 0xFFFFFF).Select(v => (int?)v))
            select (channel, negative, window, color);
        var lists = Gen.ArrayOf(entry).Select(e => e.DistinctBy(x => x.channel).ToArray()).Where(e => e.Length > 0);
        Prop.ForAll(lists.ToArbitrary(), entries =>
        {
            var text = string.Join(",", entries.Select(e =>
                (e.negative ? "-" : "") + e.channel.ToString(CultureInfo.InvariantCulture)
                + (e.window is var (s, f) ? $"|{s}:{f}" : "")
                + (e.color is { } rgb ? "$" + rgb.ToString("x6", CultureInfo.InvariantCulture) : "")));
            var settings = RenderingQuery.Apply(Base, text, null, null);
            for (var c = 0; c < 3; c++)
            {
                var original = Base.Channels[c];
                var actual = settings.Channels[c];
                var listed = entries.Where(e => e.channel == c + 1).ToArray();
                if (listed.Length == 0)
                {
                    Assert.Equal(original with { Active = false }, actual);
                    continue;
                }

                var e = listed[0];
                var (start, end) = e.window is var (ws, we) ? (ws, we) : (original.Start, original.End);
                var color = e.color is { } v ? new RgbColor((byte)(v >> 16), (byte)(v >> 8), (byte)v) : original.Color;
                Assert.Equal(new RenderingChannel(color, start, end, !e.negative), actual);
            }
        }).Check(Quick);
    }

    private static bool Answers(Action action)
    {
        try
        {
            action();
        }
        catch (RenderingParameterException e)
        {
            // The message leads with the parameter and stays short whatever the input.
            Assert.StartsWith(e.Parameter + ": ", e.Message, StringComparison.Ordinal);
        }

        return true;
    }

    private static bool Answers<T>(Func<T> action) => Answers(() => { _ = action(); });
}
