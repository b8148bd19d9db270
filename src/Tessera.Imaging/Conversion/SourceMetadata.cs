namespace Tessera.Imaging.Conversion;

/// <summary>
/// What a converter knows about an image beyond its pixels: the name, physical pixel sizes and channel names and
/// colours (from OME-XML, a plate folder's pattern, or nothing for a plain file).
/// </summary>
public sealed record SourceMetadata
{
    /// <summary>The image name (the multiscale's name).</summary>
    public string? Name { get; init; }

    /// <summary>Pixel size along x, in <see cref="SpaceUnit"/>.</summary>
    public double? PhysicalSizeX { get; init; }

    /// <summary>Pixel size along y, in <see cref="SpaceUnit"/>.</summary>
    public double? PhysicalSizeY { get; init; }

    /// <summary>Distance between focal planes, in <see cref="SpaceUnit"/>.</summary>
    public double? PhysicalSizeZ { get; init; }

    /// <summary>An NGFF space unit ("micrometer"), or null when unknown.</summary>
    public string? SpaceUnit { get; init; }

    /// <summary>Time between time points, in <see cref="TimeUnit"/>.</summary>
    public double? TimeIncrement { get; init; }

    /// <summary>An NGFF time unit ("second"), or null when unknown.</summary>
    public string? TimeUnit { get; init; }

    /// <summary>Channel names, by channel index (missing or null entries get "Channel n").</summary>
    public IReadOnlyList<string?> ChannelNames { get; init; } = [];

    /// <summary>Channel colours as six hexadecimal RGB digits, by channel index (missing entries get defaults).</summary>
    public IReadOnlyList<string?> ChannelColors { get; init; } = [];
}
