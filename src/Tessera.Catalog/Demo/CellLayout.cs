namespace Tessera.Catalog.Demo;

/// <summary>How many nuclei an image shows and what they look like: what a phenotype changes in the picture.</summary>
/// <param name="Count">Nuclei to place (fewer when the image is full).</param>
/// <param name="Radius">Typical radius in y/x pixels.</param>
/// <param name="Elongation">0 for round nuclei; up to ~0.4 for elongated ones.</param>
/// <param name="Brightness">DNA stain intensity at a nucleus's centre (12-bit scale).</param>
internal sealed record CellLayout(int Count, double Radius, double Elongation, double Brightness);
