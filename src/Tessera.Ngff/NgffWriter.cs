using System.Text.Json.Nodes;
using Tessera.Zarr;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Ngff;

/// <summary>
/// Writes OME-Zarr nodes in a version's layout: Zarr v2 with top-level metadata for 0.4, Zarr v3 with an
/// <c>ome</c> block for 0.5 and later (level arrays then carry <c>dimension_names</c>).
/// </summary>
public static class NgffWriter
{
    /// <summary>The Zarr format a version is stored in.</summary>
    public static ZarrFormat FormatOf(NgffVersion version) => version.UsesOmeNamespace() ? ZarrFormat.V3 : ZarrFormat.V2;

    /// <summary>
    /// Creates the group at <paramref name="path"/> holding <paramref name="metadata"/> (any kind), beside the
    /// non-OME members of <paramref name="otherAttributes"/> (OME blocks there, of any version, are replaced).
    /// </summary>
    /// <exception cref="ArgumentException">The version cannot hold the metadata.</exception>
    public static ValueTask<ZarrGroup> WriteGroupAsync(IWritableStore store, string path, NgffMetadata metadata, NgffVersion version, bool overwrite = false, JsonObject? otherAttributes = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(metadata);
        var attributes = NgffAttributes.Write(metadata, version, otherAttributes);
        return ZarrGroup.CreateAsync(store, path, FormatOf(version), attributes, overwrite, cancellationToken);
    }

    /// <summary>
    /// Creates the array of one level of the image at <paramref name="imagePath"/>, in the version's format and,
    /// from 0.5, with <c>dimension_names</c> taken from <paramref name="axes"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The array's rank differs from the number of axes, or it is sharded in 0.4.</exception>
    public static ValueTask<ZarrArray> CreateLevelAsync(IWritableStore store, string imagePath, string datasetPath, ArrayMetadata metadata, IReadOnlyList<Axis> axes, NgffVersion version, bool overwrite = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(axes);
        return ZarrArray.CreateAsync(store, StoreKey.Join(imagePath, datasetPath), LevelMetadata(metadata, axes, version), null, overwrite, cancellationToken);
    }

    /// <summary>The array metadata a level gets in <paramref name="version"/>.</summary>
    /// <exception cref="ArgumentException">The array's rank differs from the number of axes, or it is sharded in 0.4.</exception>
    public static ArrayMetadata LevelMetadata(ArrayMetadata metadata, IReadOnlyList<Axis> axes, NgffVersion version)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(axes);
        if (metadata.Rank != axes.Count)
        {
            throw new ArgumentException($"the array has {metadata.Rank} dimensions but the image has {axes.Count} axes ({string.Join(", ", axes.Select(a => a.Name))})", nameof(metadata));
        }

        var format = FormatOf(version);
        if (format == ZarrFormat.V2 && metadata.Sharding is not null)
        {
            throw new ArgumentException($"sharding needs Zarr v3 (OME-NGFF 0.5); {version.ToText()} is Zarr v2", nameof(metadata));
        }

        return metadata with
        {
            ZarrFormat = format,
            DimensionNames = format == ZarrFormat.V3 ? [.. axes.Select(a => (string?)a.Name)] : null,
            ChunkKeyEncoding = format == ZarrFormat.V3 ? (metadata.ZarrFormat == ZarrFormat.V3 ? metadata.ChunkKeyEncoding : ChunkKeyEncoding.Default)
                : (metadata.ZarrFormat == ZarrFormat.V2 ? metadata.ChunkKeyEncoding : ChunkKeyEncoding.V2Slash),
            FillValue = format == ZarrFormat.V3 && metadata.FillValue.IsNull ? FillValue.Zero(metadata.DataType) : metadata.FillValue,
        };
    }
}
