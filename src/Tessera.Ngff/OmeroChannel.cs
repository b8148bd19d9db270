namespace Tessera.Ngff;

/// <summary>The rendering settings of one channel in the transitional <c>omero</c> block.</summary>
/// <param name="Color">Six hexadecimal RGB digits ("FF0000").</param>
/// <param name="Window">The display window.</param>
public sealed record OmeroChannel(string Color, OmeroWindow Window)
{
    /// <summary>The channel name.</summary>
    public string? Label { get; init; }

    /// <summary>Whether the channel is shown.</summary>
    public bool? Active { get; init; }

    /// <summary>Whether the look-up table is inverted.</summary>
    public bool? Inverted { get; init; }

    /// <summary>The mapping coefficient (usually 1).</summary>
    public double? Coefficient { get; init; }

    /// <summary>The mapping family ("linear", "logarithmic", "exponential", "polynomial").</summary>
    public string? Family { get; init; }
}
