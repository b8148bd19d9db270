using Tessera.Ngff;
using Tessera.Zarr.Metadata;

namespace Tessera.Imaging.Rendering;

/// <summary>
/// How an image is rendered: one <see cref="RenderingChannel"/> per channel of the image, the model and the z
/// projection. Immutable; <see cref="RenderingQuery.Apply"/> derives per-request settings from stored ones.
/// </summary>
/// <param name="Model">Colour or greyscale.</param>
/// <param name="Channels">One entry per channel, in the image's channel order.</param>
public sealed record RenderingSettings(RenderingModel Model, ValueList<RenderingChannel> Channels)
{
    // Colours for channels without one: OMERO's red, green, blue first, then the secondaries and white.
    private static readonly RgbColor[] Palette =
    [
        new(255, 0, 0), new(0, 255, 0), new(0, 0, 255), new(255, 0, 255), new(0, 255, 255), new(255, 255, 0), RgbColor.White,
    ];

    /// <summary>Whether z is projected, and how.</summary>
    public ProjectionMode Projection { get; init; }

    /// <summary>The first z index (0-based) projected; null for the first plane.</summary>
    public int? ProjectionStart { get; init; }

    /// <summary>The last z index (0-based, inclusive) projected; null for the last plane.</summary>
    public int? ProjectionEnd { get; init; }

    /// <summary>
    /// Reads the catalogue's stored form: <c>{"model":"color"|"greyscale","channels":[{"label":…,"color":"FF0000",
    /// "start":0,"end":4000,"active":true},…]}</c>. <c>label</c>, <c>active</c> (default true) and <c>inverted</c>
    /// (default false) are optional; unknown members are ignored.
    /// </summary>
    /// <exception cref="RenderingParameterException">Parameter "settings": the JSON is malformed; the message gives the JSON path.</exception>
    public static RenderingSettings FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return RenderingSettingsJson.Read(json);
    }

    /// <summary>
    /// Writes the catalogue's stored form (see <see cref="FromJson"/>). <c>label</c> is written when known and
    /// <c>"inverted":true</c> only for inverted channels; the projection is per request and not written.
    /// </summary>
    public string ToJson() => RenderingSettingsJson.Write(this);

    /// <summary>
    /// Initial settings for an image of <paramref name="sizeC"/> channels of <paramref name="dataType"/>: from the
    /// <c>omero</c> block where it has a channel (colour, window, active, inverted, label; model from
    /// <c>rdefs</c>), otherwise the whole range of the data type as window (0–1 for floating point), greyscale for
    /// one channel, else colour with red, green, blue, magenta, cyan, yellow, white in turn.
    /// </summary>
    public static RenderingSettings FromOmero(OmeroMetadata? omero, int sizeC, DataType dataType)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeC);
        ArgumentNullException.ThrowIfNull(dataType);
        var (min, max) = DefaultWindow(dataType);
        var channels = new RenderingChannel[sizeC];
        for (var c = 0; c < sizeC; c++)
        {
            var color = sizeC == 1 ? RgbColor.White : Palette[c % Palette.Length];
            var channel = new RenderingChannel(color, min, max);
            if (omero is not null && c < omero.Channels.Count && omero.Channels[c] is { } stored)
            {
                var window = stored.Window;
                var windowUsable = double.IsFinite(window.Start) && double.IsFinite(window.End) && window.Start <= window.End;
                channel = new RenderingChannel(
                    RgbColor.TryParse(stored.Color, out var parsed) ? parsed : color,
                    windowUsable ? window.Start : min,
                    windowUsable ? window.End : max,
                    stored.Active ?? true)
                {
                    Label = stored.Label,
                    Inverted = stored.Inverted ?? false,
                };
            }

            channels[c] = channel;
        }

        var model = omero?.RenderingDefaults?.Model switch
        {
            "greyscale" => RenderingModel.Greyscale,
            "color" => RenderingModel.Color,
            _ => sizeC == 1 ? RenderingModel.Greyscale : RenderingModel.Color,
        };
        return new RenderingSettings(model, channels);
    }

    /// <summary>The window a channel gets without stored settings: the data type's range, 0–1 for floating point.</summary>
    public static (double Start, double End) DefaultWindow(DataType dataType)
    {
        ArgumentNullException.ThrowIfNull(dataType);
        return dataType.Name switch
        {
            "uint8" => (byte.MinValue, byte.MaxValue),
            "int8" => (sbyte.MinValue, sbyte.MaxValue),
            "uint16" => (ushort.MinValue, ushort.MaxValue),
            "int16" => (short.MinValue, short.MaxValue),
            "uint32" => (uint.MinValue, uint.MaxValue),
            "int32" => (int.MinValue, int.MaxValue),
            _ => (0, 1),
        };
    }
}
