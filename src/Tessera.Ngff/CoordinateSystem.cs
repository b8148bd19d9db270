namespace Tessera.Ngff;

/// <summary>A named coordinate system with its axes (0.6).</summary>
/// <param name="Name">Unique among the coordinate systems of its container.</param>
/// <param name="Axes">The axes, one per dimension.</param>
public sealed record CoordinateSystem(string Name, ValueList<Axis> Axes);
