namespace Tessera.Ngff;

/// <summary>A channel's display window: the range of data values (<see cref="Min"/>–<see cref="Max"/>) and the rendered range (<see cref="Start"/>–<see cref="End"/>).</summary>
/// <param name="Min">The smallest value the sliders reach.</param>
/// <param name="Max">The largest value the sliders reach.</param>
/// <param name="Start">The value rendered black.</param>
/// <param name="End">The value rendered at full colour.</param>
public sealed record OmeroWindow(double Min, double Max, double Start, double End);
