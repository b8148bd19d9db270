using System.Collections.Concurrent;
using System.Text.Json;
using Tessera.Zarr;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Ngff;

/// <summary>
/// Validates an OME-Zarr hierarchy: every metadata document against its version's rules, and what no schema can
/// express — referenced levels, wells, fields and labels exist and have the right kind, array ranks and
/// dimension_names match the axes, levels shrink, label images are integer typed with the image's levels and
/// shapes, plate wells and fields agree, one version throughout, and (unless metadata-only) each level's first
/// chunk decodes. Reports every problem with its file and JSON path; never throws for bad content.
/// </summary>
public sealed class NgffValidator
{
    private readonly IStore _store;
    private readonly NgffValidationOptions _options;
    private readonly ConcurrentBag<NgffProblem> _problems = [];
    private readonly ConcurrentDictionary<string, byte> _visited = new(StringComparer.Ordinal);
    private int _arrays;
    private int _nodes;
    private NgffVersion? _rootVersion;

    private NgffValidator(IStore store, NgffValidationOptions options)
    {
        _store = store;
        _options = options;
    }

    /// <summary>Validates the hierarchy rooted at <paramref name="path"/>.</summary>
    /// <exception cref="ZarrNodeNotFoundException">Nothing is stored at <paramref name="path"/>.</exception>
    /// <exception cref="ZarrStoreException">The store cannot be read.</exception>
    public static async Task<NgffValidationReport> ValidateAsync(IStore store, string path = "", NgffValidationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        path = StoreKey.NormalizePath(path);
        var validator = new NgffValidator(store, options ?? new NgffValidationOptions());
        var root = await validator.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            throw new ZarrNodeNotFoundException(store.Location, path, "OME-Zarr group");
        }

        var kind = await validator.VisitAsync(root, null, cancellationToken).ConfigureAwait(false);
        var ordered = validator._problems.OrderBy(p => p.Path, StringComparer.Ordinal).ThenBy(p => p.Message, StringComparer.Ordinal).ToList();
        return new NgffValidationReport(validator._rootVersion, kind, ordered, validator._options.Strict, validator._nodes, validator._arrays);
    }

    private void Error(string path, string message) => _problems.Add(new NgffProblem(path, message, NgffSeverity.Error));

    private void Warn(string path, string message) => _problems.Add(new NgffProblem(path, message, NgffSeverity.Warning));

    private async ValueTask<NgffDocument?> LoadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await NgffDocument.LoadAsync(_store, path, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            Error(StoreKey.Join(path, "zarr.json|.zattrs"), "is not valid JSON: " + e.Message);
            return new NgffDocument(path, ZarrFormat.V3, false, StoreKey.Join(path, "zarr.json"), [], "$");
        }
    }

    /// <summary>Loads and checks the node at <paramref name="path"/>; a missing node is an error unless metadata-only.</summary>
    private async ValueTask<(NgffDocument Document, NgffReadResult Read)?> LoadNodeAsync(string path, string referencedFrom, string what, CancellationToken cancellationToken)
    {
        var document = await LoadAsync(path, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            if (!_options.MetadataOnly)
            {
                Error(referencedFrom, $"{what} '{path}' does not exist");
            }

            return null;
        }

        return (document, Read(document));
    }

    private NgffReadResult Read(NgffDocument document)
    {
        Interlocked.Increment(ref _nodes);
        var read = NgffAttributes.Read(document.Attributes, new NgffReadOptions
        {
            PathPrefix = document.Location,
            ExpectedVersion = _rootVersion,
        });
        foreach (var problem in read.Problems)
        {
            _problems.Add(problem);
        }

        return read;
    }

    private async ValueTask<NgffKind> VisitAsync(NgffDocument document, NgffKind? expected, CancellationToken cancellationToken)
    {
        if (!_visited.TryAdd(document.Path, 0))
        {
            return NgffKind.None;
        }

        if (document.IsArray)
        {
            Error(document.Key, "is an array; OME-NGFF metadata lives on groups");
            return NgffKind.None;
        }

        var read = Read(document);
        _rootVersion ??= read.Version;
        await VisitNodeAsync(document, read, expected, cancellationToken).ConfigureAwait(false);
        return read.Metadata.Kind;
    }

    private async ValueTask VisitChildAsync(string path, string referencedFrom, string what, NgffKind expected, CancellationToken cancellationToken)
    {
        if (!_visited.TryAdd(path, 0))
        {
            return;
        }

        if (await LoadNodeAsync(path, referencedFrom, what, cancellationToken).ConfigureAwait(false) is not { } node)
        {
            return;
        }

        if (node.Document.IsArray)
        {
            Error(referencedFrom, $"{what} '{path}' is an array, not a group");
            return;
        }

        await VisitNodeAsync(node.Document, node.Read, expected, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask VisitNodeAsync(NgffDocument document, NgffReadResult read, NgffKind? expected, CancellationToken cancellationToken)
    {
        var metadata = read.Metadata;
        var at = document.Location;
        CheckFormat(document, read);

        var kind = metadata.Kind;
        if (expected is { } wanted && kind != wanted && !(wanted == NgffKind.Image && kind == NgffKind.LabelImage) && read.IsValid)
        {
            Error(at, $"expected {Describe(wanted)} here, found {Describe(kind)}");
        }

        switch (kind)
        {
            case NgffKind.Image or NgffKind.LabelImage when metadata.Multiscales is { } multiscales:
                await CheckImageAsync(document, metadata, multiscales, cancellationToken).ConfigureAwait(false);
                break;
            case NgffKind.Plate:
                await CheckPlateAsync(document, metadata.Plate!, cancellationToken).ConfigureAwait(false);
                break;
            case NgffKind.Well:
                await CheckWellAsync(document, metadata.Well!, null, cancellationToken).ConfigureAwait(false);
                break;
            case NgffKind.Labels:
                foreach (var name in metadata.Labels!.Where(IsSafe))
                {
                    await VisitChildAsync(StoreKey.Join(document.Path, name), $"{OmeLocation(document)}.labels", "label image", NgffKind.LabelImage, cancellationToken).ConfigureAwait(false);
                }

                break;
            case NgffKind.Bioformats2RawCollection:
                await CheckCollectionAsync(document, cancellationToken).ConfigureAwait(false);
                break;
            case NgffKind.OmeSeries:
                var parent = document.Path.Contains('/', StringComparison.Ordinal) ? document.Path[..document.Path.LastIndexOf('/')] : "";
                foreach (var series in metadata.Series!.Where(IsSafe))
                {
                    await VisitChildAsync(StoreKey.Join(parent, series), $"{OmeLocation(document)}.series", "series image", NgffKind.Image, cancellationToken).ConfigureAwait(false);
                }

                break;
        }
    }

    /// <summary>0.5 and later live in Zarr v3, 0.4 in Zarr v2.</summary>
    private void CheckFormat(NgffDocument document, NgffReadResult read)
    {
        if (read.Version is { } version)
        {
            if (version.UsesOmeNamespace() && document.Format != ZarrFormat.V3)
            {
                Error(document.Location + ".ome", $"OME-NGFF {version.ToText()} needs Zarr v3 (zarr.json); this node is Zarr v2");
            }
            else if (version == NgffVersion.V0_4 && document.Format == ZarrFormat.V3 && read.Metadata.Kind != NgffKind.None)
            {
                Error(document.Location, "OME-NGFF 0.4 metadata needs Zarr v2 (.zattrs); this node is Zarr v3 (use 0.5)");
            }
        }
    }

    /// <summary>Checks an image's levels (and its labels); returns the shapes of the first multiscale's levels, null where a level could not be opened.</summary>
    private async ValueTask<IReadOnlyList<long>?[]> CheckImageAsync(NgffDocument document, NgffMetadata metadata, ValueList<Multiscale> multiscales, CancellationToken cancellationToken)
    {
        var omePrefix = OmeLocation(document);
        var levelShapes = new IReadOnlyList<long>?[multiscales.Count > 0 ? multiscales[0].Datasets.Count : 0];
        for (var m = 0; m < multiscales.Count; m++)
        {
            var multiscale = multiscales[m];
            DataType? firstType = null;
            IReadOnlyList<long>? previous = null;
            for (var level = 0; level < multiscale.Datasets.Count; level++)
            {
                var dataset = multiscale.Datasets[level];
                var datasetPath = $"{omePrefix}.multiscales[{m}].datasets[{level}].path";
                if (!IsSafe(dataset.Path))
                {
                    continue;
                }

                var arrayPath = StoreKey.Join(document.Path, dataset.Path);
                if (await OpenArrayAsync(arrayPath, datasetPath, cancellationToken).ConfigureAwait(false) is not { } array)
                {
                    continue;
                }

                var meta = array.Metadata;
                var key = StoreKey.Join(arrayPath, meta.ZarrFormat == ZarrFormat.V3 ? "zarr.json" : ".zarray");
                if (meta.ZarrFormat != document.Format)
                {
                    Error(key, $"is Zarr v{(int)meta.ZarrFormat} inside a Zarr v{(int)document.Format} image; one hierarchy has one format");
                }

                if (meta.Rank != multiscale.Axes.Count)
                {
                    Error(key + ":$.shape", $"the array has {meta.Rank} dimensions, the image's axes {multiscale.Axes.Count}");
                }
                else
                {
                    CheckDimensionNames(meta, multiscale, key);
                }

                foreach (var transformation in dataset.Transformations)
                {
                    var values = transformation switch
                    {
                        ScaleTransformation s => s.Scale,
                        TranslationTransformation t => t.Translation,
                        _ => null,
                    };
                    if (values is not null && values.Count != meta.Rank)
                    {
                        Error($"{omePrefix}.multiscales[{m}].datasets[{level}].coordinateTransformations", $"{transformation.Type} has {values.Count} values for an array of {meta.Rank} dimensions");
                    }
                }

                firstType ??= meta.DataType;
                if (!meta.DataType.Equals(firstType))
                {
                    Warn(key + ":$.data_type", $"level {level} is {meta.DataType.Name}, level 0 {firstType.Name}; all levels should share one data type");
                }

                if (metadata.ImageLabel is not null && meta.DataType.Kind is not (DataTypeKind.SignedInteger or DataTypeKind.UnsignedInteger))
                {
                    (_rootVersion >= NgffVersion.V0_5 ? (Action<string, string>)Error : Warn)(key + ":$.data_type", $"a label image must have an integer data type, found {meta.DataType.Name}");
                }

                if (previous is not null && previous.Count == meta.Rank)
                {
                    for (var d = 0; d < meta.Rank; d++)
                    {
                        if (meta.Shape[d] > previous[d])
                        {
                            Error(key + ":$.shape", $"level {level} is larger than level {level - 1} along '{AxisName(multiscale, d)}' ({meta.Shape[d]} > {previous[d]}); levels go from highest resolution to lowest");
                            break;
                        }
                    }
                }

                previous = meta.Shape;
                if (m == 0)
                {
                    levelShapes[level] = meta.Shape;
                }

                if (!_options.MetadataOnly)
                {
                    await CheckFirstChunkAsync(array, key, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        if (metadata.Omero is { } omero && multiscales.Count > 0 && levelShapes is [{ } fullResolution, ..])
        {
            var c = multiscales[0].IndexOfAxisType(Axis.Channel);
            if (c >= 0 && c < fullResolution.Count && omero.Channels.Count != fullResolution[c])
            {
                Warn($"{omePrefix}.omero.channels", $"lists {omero.Channels.Count} channel{(omero.Channels.Count == 1 ? "" : "s")}; the image has {fullResolution[c]}");
            }
        }

        if (metadata.ImageLabel is null && multiscales.Count > 0)
        {
            await CheckLabelsAsync(document, multiscales[0], levelShapes, cancellationToken).ConfigureAwait(false);
        }

        return levelShapes;
    }

    private void CheckDimensionNames(ArrayMetadata meta, Multiscale multiscale, string key)
    {
        var names = meta.DimensionNames;
        if (meta.ZarrFormat != ZarrFormat.V3 || _rootVersion is not >= NgffVersion.V0_5)
        {
            return;
        }

        if (names is null)
        {
            Error(key + ":$.dimension_names", $"missing: OME-NGFF {_rootVersion.Value.ToText()} level arrays must name their dimensions as the axes do ([{string.Join(", ", multiscale.Axes.Select(a => a.Name))}])");
            return;
        }

        for (var d = 0; d < names.Value.Length; d++)
        {
            if (names.Value[d] != multiscale.Axes[d].Name)
            {
                Error(key + $":$.dimension_names[{d}]", $"is '{names.Value[d] ?? "null"}', the axis is '{multiscale.Axes[d].Name}'");
            }
        }
    }

    private async ValueTask CheckFirstChunkAsync(ZarrArray array, string key, CancellationToken cancellationToken)
    {
        if (array.Metadata.Shape.Any(s => s == 0))
        {
            return;
        }

        try
        {
            await array.ReadChunkAsync(new long[array.Metadata.Rank], cancellationToken).ConfigureAwait(false);
        }
        catch (ZarrException e)
        {
            Error(key, "its first chunk cannot be read: " + e.Message);
        }
    }

    /// <summary>Opens a level array with one metadata read; only when that fails is the node looked at again, to say why.</summary>
    private async ValueTask<ZarrArray?> OpenArrayAsync(string arrayPath, string referencedFrom, CancellationToken cancellationToken)
    {
        string failure;
        try
        {
            var array = await ZarrArray.OpenAsync(_store, arrayPath, null, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _arrays);
            return array;
        }
        catch (ZarrException e)
        {
            failure = e.Message;
        }

        var document = await LoadAsync(arrayPath, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            if (!_options.MetadataOnly)
            {
                Error(referencedFrom, $"level array '{arrayPath}' does not exist");
            }
        }
        else if (!document.IsArray)
        {
            Error(referencedFrom, $"'{arrayPath}' is a group, not an array");
        }
        else
        {
            Error(document.Key, "cannot be opened as an array: " + failure);
        }

        return null;
    }

    private async ValueTask CheckLabelsAsync(NgffDocument image, Multiscale multiscale, IReadOnlyList<long>?[] imageShapes, CancellationToken cancellationToken)
    {
        var labelsPath = StoreKey.Join(image.Path, "labels");
        var labels = await LoadAsync(labelsPath, cancellationToken).ConfigureAwait(false);
        if (labels is null || !_visited.TryAdd(labelsPath, 0))
        {
            return;
        }

        var read = Read(labels);
        var at = labels.Location;
        if (read.Metadata.Labels is not { } names)
        {
            if (read.IsValid)
            {
                Error(at, "a 'labels' group must list its label images ('labels': [...])");
            }

            return;
        }

        foreach (var name in names.Where(IsSafe))
        {
            var path = StoreKey.Join(labelsPath, name);
            _visited.TryAdd(path, 0);
            if (await LoadNodeAsync(path, OmeLocation(labels) + ".labels", "label image", cancellationToken).ConfigureAwait(false) is not { } node)
            {
                continue;
            }

            var labelAt = node.Document.Location;
            if (node.Read.Metadata.Kind != NgffKind.LabelImage || node.Read.Metadata.Multiscale is not { } labelMultiscale)
            {
                if (node.Read.IsValid)
                {
                    Error(labelAt, $"a label image needs 'multiscales' and 'image-label', found {Describe(node.Read.Metadata.Kind)}");
                }

                continue;
            }

            CheckFormat(node.Document, node.Read);
            var labelShapes = await CheckImageAsync(node.Document, node.Read.Metadata, node.Read.Metadata.Multiscales!, cancellationToken).ConfigureAwait(false);

            // Fewer levels leave image levels without labels: an error. IDR publishes label images with one level more
            // than their image; every image level still has its label level, so that is only a warning.
            if (labelMultiscale.Datasets.Count < multiscale.Datasets.Count)
            {
                Error(labelAt, $"has {labelMultiscale.Datasets.Count} levels, the image {multiscale.Datasets.Count}; a label image has as many levels as its image");
            }
            else if (labelMultiscale.Datasets.Count > multiscale.Datasets.Count)
            {
                Warn(labelAt, $"has {labelMultiscale.Datasets.Count} levels, the image {multiscale.Datasets.Count}; a label image should have as many levels as its image");
            }

            // Shapes must match the image's along every axis the label image shares (it may drop or shrink the channel axis).
            for (var level = 0; level < Math.Min(labelShapes.Length, imageShapes.Length); level++)
            {
                if (imageShapes[level] is not { } imageShape || labelShapes[level] is not { } labelShape)
                {
                    continue;
                }

                for (var d = 0; d < labelMultiscale.Axes.Count && d < labelShape.Count; d++)
                {
                    var axis = labelMultiscale.Axes[d];
                    var imageAxis = multiscale.IndexOfAxis(axis.Name);
                    if (axis.Type == Axis.Channel || imageAxis < 0 || imageAxis >= imageShape.Count)
                    {
                        continue;
                    }

                    if (labelShape[d] != imageShape[imageAxis])
                    {
                        var levelKey = StoreKey.Join(StoreKey.Join(path, labelMultiscale.Datasets[level].Path), node.Document.Format == ZarrFormat.V3 ? "zarr.json" : ".zarray");
                        Error(levelKey + ":$.shape", $"level {level} is {labelShape[d]} along '{axis.Name}', the image {imageShape[imageAxis]}");
                        break;
                    }
                }
            }
        }
    }

    private async ValueTask CheckPlateAsync(NgffDocument document, Plate plate, CancellationToken cancellationToken)
    {
        var prefix = OmeLocation(document);
        var concurrency = _options.Concurrency > 0 ? _options.Concurrency : Math.Max(1, _store.PreferredConcurrency);
        var wells = plate.Wells.Select((well, index) => (well, index)).ToList();
        await Parallel.ForEachAsync(wells, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            var referencedFrom = $"{prefix}.plate.wells[{item.index}].path";
            var path = StoreKey.Join(document.Path, item.well.Path);
            if (!_visited.TryAdd(path, 0) || await LoadNodeAsync(path, referencedFrom, "well", ct).ConfigureAwait(false) is not { } node)
            {
                return;
            }

            var wellAt = node.Document.Location;
            if (node.Read.Metadata.Well is not { } well)
            {
                if (node.Read.IsValid)
                {
                    Error(wellAt, $"the plate lists this well, but it has no 'well' metadata (found {Describe(node.Read.Metadata.Kind)})");
                }

                return;
            }

            await CheckWellAsync(node.Document, well, plate, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private async ValueTask CheckWellAsync(NgffDocument document, Well well, Plate? plate, CancellationToken cancellationToken)
    {
        var prefix = OmeLocation(document);
        for (var i = 0; i < well.Images.Count; i++)
        {
            var image = well.Images[i];
            if (plate?.Acquisitions is { Count: > 0 } acquisitions && image.Acquisition is { } id && acquisitions.All(a => a.Id != id))
            {
                Error($"{prefix}.well.images[{i}].acquisition", $"{id} is not one of the plate's acquisitions ({string.Join(", ", acquisitions.Select(a => a.Id))})");
            }

            if (IsSafe(image.Path))
            {
                await VisitChildAsync(StoreKey.Join(document.Path, image.Path), $"{prefix}.well.images[{i}].path", "field", NgffKind.Image, cancellationToken).ConfigureAwait(false);
            }
        }

        if (plate?.FieldCount is { } fieldCount && well.Images.Count > fieldCount)
        {
            Error($"{prefix}.well.images", $"the well has {well.Images.Count} fields, more than the plate's field_count {fieldCount}");
        }
    }

    /// <summary>A bioformats2raw root: series listed in OME/ or numbered groups 0/, 1/, … (a plate root is checked as a plate).</summary>
    private async ValueTask CheckCollectionAsync(NgffDocument document, CancellationToken cancellationToken)
    {
        var omePath = StoreKey.Join(document.Path, "OME");
        if (await LoadAsync(omePath, cancellationToken).ConfigureAwait(false) is { IsArray: false } ome && Read(ome) is { Metadata.Series: not null } omeRead)
        {
            _visited.TryAdd(omePath, 0);
            await VisitNodeAsync(ome, omeRead, NgffKind.OmeSeries, cancellationToken).ConfigureAwait(false);
            return;
        }

        for (var i = 0; ; i++)
        {
            var path = StoreKey.Join(document.Path, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var series = await LoadAsync(path, cancellationToken).ConfigureAwait(false);
            if (series is null)
            {
                if (i == 0 && !_options.MetadataOnly)
                {
                    Error(document.Location, "a bioformats2raw collection needs series in OME/series or groups 0/, 1/, …; found neither");
                }

                break;
            }

            if (_visited.TryAdd(path, 0))
            {
                await VisitNodeAsync(series, Read(series), NgffKind.Image, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Where a node's OME blocks are: under "ome" from 0.5 on, at the top of the attributes before.</summary>
    private string OmeLocation(NgffDocument document) =>
        document.Format == ZarrFormat.V3 && _rootVersion is >= NgffVersion.V0_5 ? document.Location + ".ome" : document.Location;

    private static bool IsSafe(string path) =>
        path.Length > 0 && !path.StartsWith('/') && path.Split('/').All(s => s.Length > 0 && s is not ("." or "..")) && !path.Contains('\\', StringComparison.Ordinal);

    private static string AxisName(Multiscale multiscale, int dimension) =>
        dimension < multiscale.Axes.Count ? multiscale.Axes[dimension].Name : dimension.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Describe(NgffKind kind) => kind switch
    {
        NgffKind.None => "no OME-NGFF metadata",
        NgffKind.Image => "an image",
        NgffKind.LabelImage => "a label image",
        NgffKind.Labels => "a labels group",
        NgffKind.Plate => "a plate",
        NgffKind.Well => "a well",
        NgffKind.Bioformats2RawCollection => "a bioformats2raw collection",
        NgffKind.OmeSeries => "an OME series group",
        NgffKind.Scene => "a scene",
        _ => kind.ToString(),
    };
}
