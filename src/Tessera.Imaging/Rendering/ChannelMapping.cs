namespace Tessera.Imaging.Rendering;

/// <summary>One channel's window and colour, prepared for <see cref="Compositor"/>.</summary>
internal readonly record struct ChannelMapping(float Start, float Scale, bool Step, bool Inverted, float Red, float Green, float Blue)
{
    /// <summary>The mapping of <paramref name="channel"/>, in <paramref name="color"/> (white for greyscale).</summary>
    public static ChannelMapping Of(RenderingChannel channel, RgbColor color)
    {
        var width = channel.End - channel.Start;
        // A window of zero width is a threshold: at or above it full colour, below it black.
        return new ChannelMapping((float)channel.Start, width > 0 ? (float)(1 / width) : 0, !(width > 0), channel.Inverted, color.R, color.G, color.B);
    }
}
