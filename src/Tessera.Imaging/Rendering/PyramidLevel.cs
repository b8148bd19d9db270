namespace Tessera.Imaging.Rendering;

/// <summary>One resolution level of an <see cref="ImagePyramid"/>.</summary>
/// <param name="Index">The level's index, 0 the full resolution.</param>
/// <param name="Path">The level's array path relative to the image ("0", "1", …).</param>
/// <param name="SizeX">Width in pixels.</param>
/// <param name="SizeY">Height in pixels.</param>
/// <param name="SizeZ">Number of z planes (fewer than the image's when the pyramid also downsamples z).</param>
/// <param name="ChunkWidth">Width of the chunks (the inner chunks of a sharded array) the level is stored in.</param>
/// <param name="ChunkHeight">Height of the chunks the level is stored in.</param>
public sealed record PyramidLevel(int Index, string Path, int SizeX, int SizeY, int SizeZ, int ChunkWidth, int ChunkHeight);
