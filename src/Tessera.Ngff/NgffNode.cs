using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Zarr;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Ngff;

/// <summary>
/// One OME-Zarr group with its OME-NGFF metadata: open any node and ask what it is (image, label image, plate,
/// well, bioformats2raw collection), then navigate to levels, labels, wells and fields.
/// </summary>
public sealed class NgffNode
{
    private readonly JsonObject _attributes;

    private NgffNode(IStore store, string path, ZarrFormat format, string metadataKey, JsonObject attributes, NgffReadResult read)
    {
        _attributes = attributes;
        Store = store;
        Path = path;
        ZarrFormat = format;
        MetadataKey = metadataKey;
        Metadata = read.Metadata;
        Version = read.Version;
        Problems = read.Problems;
    }

    /// <summary>The store holding the node.</summary>
    public IStore Store { get; }

    /// <summary>The node's path in the store ("" for the root).</summary>
    public string Path { get; }

    /// <summary>The node's Zarr format.</summary>
    public ZarrFormat ZarrFormat { get; }

    /// <summary>The key of the document holding the attributes (zarr.json or .zattrs).</summary>
    public string MetadataKey { get; }

    /// <summary>The OME-NGFF metadata (blocks that could not be read are null; see <see cref="Problems"/>).</summary>
    public NgffMetadata Metadata { get; }

    /// <summary>The version the metadata follows, or null when it has none or an unknown one.</summary>
    public NgffVersion? Version { get; }

    /// <summary>A copy of the node's attributes as stored (OME blocks and anything else).</summary>
    public JsonObject Attributes => (JsonObject)_attributes.DeepClone();

    /// <summary>What the node is.</summary>
    public NgffKind Kind => Metadata.Kind;

    /// <summary>Problems found in this node's metadata document alone (the validator adds the hierarchy's).</summary>
    public IReadOnlyList<NgffProblem> Problems { get; }

    /// <summary>Opens the group at <paramref name="path"/> and reads its OME-NGFF metadata.</summary>
    /// <exception cref="ZarrNodeNotFoundException">Nothing is stored there.</exception>
    /// <exception cref="ZarrMetadataException">The metadata document is not JSON, or the node is an array.</exception>
    public static async ValueTask<NgffNode> OpenAsync(IStore store, string path = "", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        path = StoreKey.NormalizePath(path);
        NgffDocument? document;
        try
        {
            document = await NgffDocument.LoadAsync(store, path, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new ZarrMetadataException(StoreKey.Join(path, "zarr.json"), "$", "is not valid JSON: " + e.Message);
        }

        if (document is null)
        {
            throw new ZarrNodeNotFoundException(store.Location, path, "OME-Zarr group");
        }

        if (document.IsArray)
        {
            throw new ZarrMetadataException(document.Key, "$", "is an array; OME-NGFF metadata lives on groups");
        }

        var read = NgffAttributes.Read(document.Attributes, new NgffReadOptions { PathPrefix = document.Location });
        return new NgffNode(store, path, document.Format, document.Key, document.Attributes, read);
    }

    /// <summary>Opens a node below this one ("labels/cells", "B/3", "0").</summary>
    public ValueTask<NgffNode> OpenChildAsync(string relativePath, CancellationToken cancellationToken = default) =>
        OpenAsync(Store, StoreKey.Join(Path, relativePath), cancellationToken);

    /// <summary>Opens the array of a resolution level (0 = highest resolution).</summary>
    /// <exception cref="InvalidOperationException">The node is not an image.</exception>
    /// <exception cref="ArgumentOutOfRangeException">There is no such level.</exception>
    public ValueTask<ZarrArray> OpenLevelAsync(int level, int multiscale = 0, CancellationToken cancellationToken = default)
    {
        var image = Metadata.Multiscales is { } list && multiscale < list.Count ? list[multiscale]
            : throw new InvalidOperationException($"{MetadataKey}: not a multiscale image (it is {Kind})");
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, image.Datasets.Count);
        return ZarrArray.OpenAsync(Store, StoreKey.Join(Path, image.Datasets[level].Path), null, cancellationToken);
    }

    /// <summary>
    /// The image paths of a bioformats2raw collection: the <c>series</c> listed in its <c>OME</c> group, else the
    /// numbered groups 0/, 1/, … that exist. Empty for other nodes.
    /// </summary>
    public async ValueTask<IReadOnlyList<string>> ListSeriesAsync(CancellationToken cancellationToken = default)
    {
        if (Metadata.Bioformats2RawLayout is null)
        {
            return ValueList<string>.Empty;
        }

        try
        {
            var ome = await OpenChildAsync("OME", cancellationToken).ConfigureAwait(false);
            if (ome.Metadata.Series is { } listed)
            {
                return listed;
            }
        }
        catch (ZarrException)
        {
            // No readable OME group: the layout then numbers the series.
        }

        var numbered = new List<string>();
        for (var i = 0; ; i++)
        {
            var name = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            try
            {
                if (await NgffDocument.LoadAsync(Store, StoreKey.Join(Path, name), cancellationToken).ConfigureAwait(false) is null)
                {
                    return numbered;
                }
            }
            catch (JsonException)
            {
                // The series is there, its metadata is broken: still listed, so its reader reports why.
            }

            numbered.Add(name);
        }
    }

    /// <summary>The names of the image's label images (from its <c>labels</c> group), empty when it has none.</summary>
    public async ValueTask<IReadOnlyList<string>> ListLabelsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var labels = await OpenChildAsync("labels", cancellationToken).ConfigureAwait(false);
            return labels.Metadata.Labels ?? ValueList<string>.Empty;
        }
        catch (ZarrNodeNotFoundException)
        {
            return ValueList<string>.Empty;
        }
    }
}
