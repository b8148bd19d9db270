namespace Tessera.Imaging.Rendering;

/// <summary>How one channel is rendered: whether it is shown, its window and its colour.</summary>
/// <param name="Color">The colour full intensity maps to.</param>
/// <param name="Start">The data value rendered black.</param>
/// <param name="End">The data value rendered at full colour.</param>
/// <param name="Active">Whether the channel is shown.</param>
public sealed record RenderingChannel(RgbColor Color, double Start, double End, bool Active = true)
{
    /// <summary>The channel name, when known.</summary>
    public string? Label { get; init; }

    /// <summary>Whether the mapping is reversed: <see cref="Start"/> at full colour, <see cref="End"/> black.</summary>
    public bool Inverted { get; init; }
}
