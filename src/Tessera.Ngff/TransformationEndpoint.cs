namespace Tessera.Ngff;

/// <summary>The <c>input</c> or <c>output</c> of a 0.6 coordinate transformation: a coordinate system name and/or a path.</summary>
/// <param name="Name">The coordinate system name.</param>
/// <param name="Path">The array or group path.</param>
public sealed record TransformationEndpoint(string? Name, string? Path = null);
