using Tessera.Ngff;

namespace Tessera.Interop.Tests.Cases;

/// <summary>
/// One group of the sample OME-Zarr hierarchies. <see cref="Metadata"/> is null for a plain Zarr group that
/// carries no OME-NGFF metadata (a plate's row group).
/// </summary>
/// <param name="Root">The hierarchy's folder below the data root ("image", "plate", "bf2raw").</param>
/// <param name="Path">The group's path inside the hierarchy ("" for its root).</param>
/// <param name="Metadata">What Tessera writes on it.</param>
/// <param name="Files">Other files stored in the group, by name (bioformats2raw's METADATA.ome.xml).</param>
internal sealed record NgffSampleGroup(string Root, string Path, NgffMetadata? Metadata, IReadOnlyDictionary<string, string> Files)
{
    /// <summary>Unique across the hierarchies: "plate/A/1/0".</summary>
    public string Name => Path.Length == 0 ? Root : $"{Root}/{Path}";

    public override string ToString() => Name;
}
