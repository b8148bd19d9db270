using System.Text.Json;

namespace Tessera.Catalog;

/// <summary>The stored form of rendering settings: JSON with a colour model and per-channel window, colour and state.</summary>
internal static class RenderingSettingsJson
{
    public static string Initial(IReadOnlyList<ChannelInfo> channels) => JsonSerializer.Serialize(new
    {
        model = channels.Count == 1 ? "greyscale" : "color",
        channels = channels.Select(c => new { label = c.Label, color = c.Color ?? "FFFFFF", start = c.WindowStart, end = c.WindowEnd, active = c.Active }),
    });
}
