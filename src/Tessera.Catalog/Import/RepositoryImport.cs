using System.Globalization;
using Tessera.Imaging.Conversion;
using Tessera.Ngff;
using Tessera.Zarr;
using Tessera.Zarr.Storage;

namespace Tessera.Catalog.Import;

/// <summary>
/// Imports into a repository: an OME-Zarr image (0.4 or 0.5), bioformats2raw collection or plate is validated and
/// registered in place or copied into the pixel store; any other image file (TIFF, OME-TIFF, PNG, JPEG) is converted
/// into the pixel store first. One import is one catalogue transaction: it lands whole — images, plate, wells, fields,
/// acquisitions, the dataset or screen and the links — or not at all, and copied files never outlive a failed import
/// (docs/decisions/0010-import.md).
/// </summary>
public static class RepositoryImport
{
    // Any constant: imports on PostgreSQL take this transaction lock so two of the same source cannot both pass the duplicate check.
    private const long PostgresImportLock = 0x7465_7373_6572_6101;

    /// <summary>
    /// Imports <paramref name="path"/> into <paramref name="target"/> as <paramref name="caller"/>.
    /// </summary>
    /// <param name="repository">The repository to import into.</param>
    /// <param name="caller">Who imports: the owner of everything created.</param>
    /// <param name="path">An OME-Zarr directory (image, bioformats2raw collection or plate), or an image file to convert.</param>
    /// <param name="target">The dataset (images) or screen (plates), and the group.</param>
    /// <param name="inPlace">
    /// Reference the OME-Zarr where it is (its absolute path becomes the location) instead of copying it into
    /// <see cref="TesseraRepository.PixelsDirectory"/>. Image files must be converted, so they cannot be imported in place.
    /// </param>
    /// <param name="progress">Told what the import is doing, a line at a time.</param>
    /// <param name="cancellationToken">Cancels the import; nothing of it is kept.</param>
    /// <returns>What was registered.</returns>
    /// <exception cref="CatalogException">
    /// The path is missing, not OME-Zarr or not valid, does not fit the target (a plate into a dataset), was already
    /// imported (in place or copied; the message names the object), or the caller may not import into the group.
    /// </exception>
    /// <exception cref="Tessera.Imaging.ImageFormatException">An image file cannot be read or converted.</exception>
    public static async Task<ImportResult> ImportAsync(
        TesseraRepository repository, CatalogCaller caller, string path, ImportTarget target, bool inPlace,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(target);
        var catalog = repository.Catalog;
        var source = SourcePath.Canonical(path);
        var pixels = SourcePath.Canonical(Directory.CreateDirectory(repository.PixelsDirectory).FullName);
        if (source == pixels || source.StartsWith(pixels + "/", StringComparison.Ordinal))
        {
            throw new CatalogException($"{path}: is inside the repository's pixel store; what is there was imported already");
        }

        var groupId = await ContainerLookup.GroupAsync(catalog, caller, target.GroupName, cancellationToken).ConfigureAwait(false);
        var isDirectory = Directory.Exists(source);
        if (isDirectory)
        {
            await CheckKindAsync(new FileSystemStore(source), path, target, cancellationToken).ConfigureAwait(false);
        }
        else if (inPlace)
        {
            throw new CatalogException($"{path}: an image file cannot be imported in place: it is converted to OME-Zarr in the repository (import it without in-place, or convert it and import the OME-Zarr in place)");
        }

        var cleaned = await PixelStaging.CleanUpAsync(catalog, repository.PixelsDirectory, cancellationToken).ConfigureAwait(false);
        if (cleaned > 0)
        {
            progress?.Report($"removed what {cleaned} interrupted import(s) left in {repository.PixelsDirectory}");
        }

        // Checked again inside the registering transaction; this early check only spares validating and copying for nothing.
        await using (var check = await catalog.BeginWriteAsync(caller, cancellationToken).ConfigureAwait(false))
        {
            await DuplicateCheck.RefuseAsync(check, path, source).ConfigureAwait(false);
        }

        if (isDirectory)
        {
            await ValidateAsync(new FileSystemStore(source), path, converted: false, progress, cancellationToken).ConfigureAwait(false);
            if (inPlace)
            {
                var registration = new Registration(repository, caller, groupId, path, source, target, null, false, progress);
                return await registration.RegisterAsync(source, cancellationToken).ConfigureAwait(false);
            }

            return await StagedAsync(repository, caller, groupId, path, source, target, converted: false, progress, async staging =>
                await staging.CopyFromAsync(source, progress, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }

        return await StagedAsync(repository, caller, groupId, path, source, target, converted: true, progress, async staging =>
        {
            progress?.Report("converting to OME-Zarr");
            var options = new ConversionOptions { Progress = progress is null ? null : new ConversionReport(progress) };
            var store = new FileSystemStore(staging.PartialPath);
            await FileConverter.ConvertAsync(path, store, [], options, cancellationToken).ConfigureAwait(false);
            await CheckKindAsync(store, path, target, cancellationToken).ConfigureAwait(false);
            await ValidateAsync(store, path, converted: true, progress, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the import's files into a claimed pixel-store name, registers them, and removes them on any failure.</summary>
    private static async Task<ImportResult> StagedAsync(
        TesseraRepository repository, CatalogCaller caller, long groupId, string path, string source, ImportTarget target, bool converted,
        IProgress<string>? progress, Func<PixelStaging, Task> write, CancellationToken cancellationToken)
    {
        using var staging = PixelStaging.Begin(repository.PixelsDirectory, SourcePath.Stem(source));
        try
        {
            await write(staging).ConfigureAwait(false);
            var registration = new Registration(repository, caller, groupId, path, source, target, staging, converted, progress);
            return await registration.RegisterAsync(staging.PartialPath, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await staging.AbandonAsync(repository.Catalog).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Refuses what is not an importable OME-Zarr, and what does not fit the target (a plate into a dataset).</summary>
    private static async Task CheckKindAsync(FileSystemStore store, string path, ImportTarget target, CancellationToken cancellationToken)
    {
        NgffNode root;
        try
        {
            root = await NgffNode.OpenAsync(store, "", cancellationToken).ConfigureAwait(false);
        }
        catch (ZarrNodeNotFoundException)
        {
            throw new CatalogException($"{path}: not an OME-Zarr directory (no zarr.json, .zattrs or .zgroup at its root)");
        }
        catch (ZarrException e)
        {
            throw new CatalogException($"{path}: not readable as OME-Zarr: {e.Message}", e);
        }

        switch (root.Kind)
        {
            case NgffKind.Plate when !target.IsScreen:
                throw new CatalogException($"{path}: is a plate; import it into a screen, not into {target}");
            case NgffKind.Image or NgffKind.Bioformats2RawCollection when target.IsScreen:
                throw new CatalogException($"{path}: is {(root.Kind == NgffKind.Image ? "an image" : "a collection of images")}, not a plate; import it into a dataset, not into {target}");
            case NgffKind.Plate or NgffKind.Image or NgffKind.Bioformats2RawCollection:
                break;
            default:
                throw new CatalogException($"{path}: {HierarchyScanner.Describe(root.Kind)}");
        }
    }

    /// <summary>Refuses a hierarchy the validator finds errors in: every referenced node must exist and each level's first chunk decode.</summary>
    private static async Task ValidateAsync(FileSystemStore store, string path, bool converted, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        progress?.Report("validating");
        var report = await NgffValidator.ValidateAsync(store, "", new NgffValidationOptions(), cancellationToken).ConfigureAwait(false);
        if (!report.Valid)
        {
            var errors = report.Errors.ToList();
            var shown = string.Join("; ", errors.Take(3).Select(e => $"{e.Path}: {e.Message}"));
            var more = errors.Count > 3 ? string.Create(CultureInfo.InvariantCulture, $" (and {errors.Count - 3} more)") : "";
            throw new CatalogException(converted
                ? $"{path}: the converted OME-Zarr does not validate (a bug in tessera; please report it): {shown}{more}"
                : $"{path}: not valid OME-NGFF: {shown}{more}");
        }
    }

    /// <summary>One registration: the scanned hierarchy written into the catalogue in one transaction.</summary>
    private sealed class Registration(
        TesseraRepository repository, CatalogCaller caller, long groupId, string path, string source, ImportTarget target,
        PixelStaging? staging, bool converted, IProgress<string>? progress)
    {
        private bool InPlace => staging is null;

        /// <summary>The catalogue location of the root: the claimed pixel-store name, or the source itself.</summary>
        private string Root => staging?.Name ?? source;

        public async Task<ImportResult> RegisterAsync(string zarrRoot, CancellationToken cancellationToken)
        {
            progress?.Report("reading metadata");
            var scan = await HierarchyScanner.ScanAsync(new FileSystemStore(zarrRoot), path, Path.GetFileName(source), progress, cancellationToken).ConfigureAwait(false);

            await using var write = await repository.Catalog.BeginWriteAsync(caller, cancellationToken).ConfigureAwait(false);
            if (write.Dialect == CatalogDialect.PostgreSql)
            {
                await write.ExecuteAsync("SELECT pg_advisory_xact_lock(@key)", new { key = PostgresImportLock }).ConfigureAwait(false);
            }

            await DuplicateCheck.RefuseAsync(write, path, source).ConfigureAwait(false);
            var (container, project) = await ContainerLookup.ResolveAsync(write, groupId, target).ConfigureAwait(false);
            var images = new List<ObjectRef>(scan.Images.Count);
            ObjectRef? plate = null;
            if (scan.Plate is { } layout)
            {
                plate = new ObjectRef(CatalogObjectType.Plate, await RegisterPlateAsync(write, scan, layout, images, cancellationToken).ConfigureAwait(false));
                await Catalog.LinkAsync(write, container, plate.Value).ConfigureAwait(false);
            }
            else
            {
                progress?.Report($"registering {scan.Images.Count} image(s)");
                foreach (var image in scan.Images)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var id = new ObjectRef(CatalogObjectType.Image, await Catalog.InsertImageAsync(write, groupId, Place(image)).ConfigureAwait(false));
                    await Catalog.LinkAsync(write, container, id).ConfigureAwait(false);
                    images.Add(id);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();

            // Rename, then commit: a crash between the two leaves files nothing references (removed by the next
            // import), never a committed row whose pixels are missing.
            staging?.Publish();
            await write.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            staging?.Complete();
            return new ImportResult(source, scan.Name, Root, InPlace, converted, plate, images, scan.Wells.Count, container, project);
        }

        private async Task<long> RegisterPlateAsync(CatalogWrite write, ScannedHierarchy scan, Plate layout, List<ObjectRef> images, CancellationToken cancellationToken)
        {
            var plateId = await Catalog.InsertPlateAsync(write, groupId, new PlateRecord
            {
                Name = scan.Name,
                Location = Root,
                InPlace = InPlace,
                Source = source,
                RowNames = layout.Rows,
                ColumnNames = layout.Columns,
                FieldCount = layout.FieldCount ?? scan.Wells.Select(w => w.Fields.Count).DefaultIfEmpty(0).Max(),
            }).ConfigureAwait(false);
            var acquisitions = new Dictionary<long, long>();
            foreach (var acquisition in layout.Acquisitions ?? ValueList<PlateAcquisition>.Empty)
            {
                acquisitions[acquisition.Id] = await Catalog.InsertAcquisitionAsync(write, plateId, acquisition.Name, acquisition.MaximumFieldCount).ConfigureAwait(false);
            }

            var done = 0;
            foreach (var well in scan.Wells)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var wellId = await Catalog.InsertWellAsync(write, plateId, groupId, well.Well.RowIndex, well.Well.ColumnIndex, well.RowName, well.ColumnName).ConfigureAwait(false);
                foreach (var field in well.Fields)
                {
                    var imageId = await Catalog.InsertImageAsync(write, groupId, Place(field)).ConfigureAwait(false);
                    long? acquisition = null;
                    if (field.Acquisition is { } a)
                    {
                        acquisition = acquisitions.TryGetValue(a, out var known) ? known
                            : throw new CatalogException($"{path}/{field.Path}: acquisition {a} is not one of the plate's acquisitions");
                    }

                    await Catalog.InsertWellSampleAsync(write, wellId, field.FieldIndex, imageId, acquisition).ConfigureAwait(false);
                    images.Add(new ObjectRef(CatalogObjectType.Image, imageId));
                }

                if (++done % 8 == 0 || done == scan.Wells.Count)
                {
                    progress?.Report($"registered {done} of {scan.Wells.Count} wells");
                }
            }

            return plateId;
        }

        /// <summary>The image's record where it now lives: below the copy's name or the source, its source marked as a member.</summary>
        private ImageRecord Place(ScannedImage image) => image.Image with
        {
            Location = image.Path.Length == 0 ? Root : Root + "/" + image.Path,
            InPlace = InPlace,
            Source = SourcePath.Member(source, image.Path),
            OriginalFiles = converted ? [Path.GetFileName(source)] : [],
        };
    }

    /// <summary>Conversion progress as a line every tenth of the way.</summary>
    private sealed class ConversionReport(IProgress<string> lines) : IProgress<ConversionProgress>
    {
        private int _reported = -1;

        public void Report(ConversionProgress value)
        {
            var tenth = value.PixelsTotal <= 0 ? 10 : (int)(value.PixelsDone * 10 / value.PixelsTotal);
            if (Interlocked.Exchange(ref _reported, tenth) != tenth)
            {
                lines.Report(string.Create(CultureInfo.InvariantCulture, $"converted {tenth * 10} %"));
            }
        }
    }
}
