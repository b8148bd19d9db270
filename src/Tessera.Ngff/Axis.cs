namespace Tessera.Ngff;

/// <summary>One dimension of an image or coordinate system.</summary>
/// <param name="Name">The axis name, unique within its axes ("t", "c", "z", "y", "x").</param>
/// <param name="Type">"space", "time", "channel" (0.6 adds "array", "coordinate", "displacement"), a custom type, or null.</param>
/// <param name="Unit">A UDUNITS-2 unit such as "micrometer" or "second", or null.</param>
public sealed record Axis(string Name, string? Type = null, string? Unit = null)
{
    /// <summary>The space axis type.</summary>
    public const string Space = "space";

    /// <summary>The time axis type.</summary>
    public const string Time = "time";

    /// <summary>The channel axis type.</summary>
    public const string Channel = "channel";

    /// <summary>A longer description (0.6).</summary>
    public string? LongName { get; init; }

    /// <summary>Whether the axis is discrete (0.6).</summary>
    public bool? Discrete { get; init; }

    /// <summary>A space axis with an optional unit.</summary>
    public static Axis OfSpace(string name, string? unit = null) => new(name, Space, unit);

    /// <summary>A time axis with an optional unit.</summary>
    public static Axis OfTime(string name = "t", string? unit = null) => new(name, Time, unit);

    /// <summary>A channel axis.</summary>
    public static Axis OfChannel(string name = "c") => new(name, Channel);
}
