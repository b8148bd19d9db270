using System.Runtime.InteropServices;
using Tessera.Catalog.Import;
using Tessera.Imaging;
using Tessera.Imaging.Tiff;
using Tessera.Ngff;
using Tessera.Zarr;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Catalog.Tests;

/// <summary>
/// Issue 5, points 3 and 5: importing OME-Zarr images, collections and plates (in place and by copy) and image files
/// (converted), refusing duplicates and unimportable paths, and leaving nothing behind when an import fails.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ImportTests(PostgresServer server, ImportSamples samples) : IClassFixture<ImportSamples>, IDisposable
{
    private readonly TestDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task Plate_in_place_registers_every_well_field_and_acquisition_and_is_not_imported_twice(CatalogDialect dialect)
    {
        await using var test = await TestRepository.CreateAsync(dialect, server);
        var repository = test.Repository;
        var alice = await repository.CallerAsync();
        var result = await RepositoryImport.ImportAsync(repository, alice, samples.Plate, ImportTarget.Screen("HCS"), inPlace: true);

        Assert.True(result.InPlace);
        Assert.Equal(samples.Plate, result.Location);
        Assert.Equal((96, 384), (result.WellCount, result.Images.Count));
        await AssertPlateAsync(repository, alice, result, samples.Plate);
        Assert.Empty(test.PixelEntries());
        var counts = await test.CountsAsync();

        foreach (var inPlace in new[] { true, false })
        {
            var again = await Assert.ThrowsAsync<CatalogException>(() => RepositoryImport.ImportAsync(repository, alice, samples.Plate, ImportTarget.Screen("HCS"), inPlace));
            Assert.Equal($"{samples.Plate}: already imported as {result.Plate}", again.Message);
        }

        // A field on its own is part of the plate already.
        var field = Path.Combine(samples.Plate, "B", "3", "0");
        var part = await Assert.ThrowsAsync<CatalogException>(() => RepositoryImport.ImportAsync(repository, alice, field, ImportTarget.Dataset("D"), inPlace: true));
        Assert.Equal($"{field}: already imported as part of {result.Plate} (imported from {samples.Plate})", part.Message);
        Assert.Equal(counts, await test.CountsAsync());
        Assert.Empty(test.PixelEntries());
    }

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task Plate_by_copy_lands_in_the_pixel_store_and_is_not_imported_twice(CatalogDialect dialect)
    {
        await using var test = await TestRepository.CreateAsync(dialect, server);
        var repository = test.Repository;
        var alice = await repository.CallerAsync();
        var result = await RepositoryImport.ImportAsync(repository, alice, samples.Plate, ImportTarget.Screen("HCS"), inPlace: false);

        Assert.False(result.InPlace);
        Assert.False(Path.IsPathRooted(result.Location));
        Assert.StartsWith("plate-", result.Location, StringComparison.Ordinal);
        Assert.Equal([result.Location], test.PixelEntries());
        await AssertPlateAsync(repository, alice, result, Path.Combine(repository.PixelsDirectory, result.Location));
        var copy = await NgffValidator.ValidateAsync(new FileSystemStore(repository.Resolve(result.Location)));
        Assert.True(copy.Valid, string.Join("; ", copy.Errors));
        Assert.Equal(NgffKind.Plate, copy.Kind);

        var counts = await test.CountsAsync();
        foreach (var inPlace in new[] { false, true })
        {
            var again = await Assert.ThrowsAsync<CatalogException>(() => RepositoryImport.ImportAsync(repository, alice, samples.Plate, ImportTarget.Screen("Other"), inPlace));
            Assert.Equal($"{samples.Plate}: already imported as {result.Plate}", again.Message);
        }

        Assert.Equal(counts, await test.CountsAsync());
        Assert.Equal([result.Location], test.PixelEntries());
    }

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task Images_keep_their_metadata_and_share_the_named_project_and_dataset(CatalogDialect dialect)
    {
        await using var test = await TestRepository.CreateAsync(dialect, server);
        var repository = test.Repository;
        var alice = await repository.CallerAsync();
        var target = ImportTarget.Dataset("Day 1", project: "Mitosis");
        var copied = await RepositoryImport.ImportAsync(repository, alice, samples.Image, target, inPlace: false);
        var inPlace = await RepositoryImport.ImportAsync(repository, alice, samples.ImageV04, target, inPlace: true);

        var image = await repository.Catalog.GetImageAsync(alice, Assert.Single(copied.Images).Id);
        Assert.Equal(("sample image", 64L, 64L, 3, 2, 1), (image.Name, image.SizeX, image.SizeY, image.SizeZ, image.SizeC, image.SizeT));
        Assert.Equal(("uint16", 3, OmeZarrSamples.PixelSize, OmeZarrSamples.PixelSize, OmeZarrSamples.PlaneSpacing, "micrometer"),
            (image.PixelType, image.Levels, image.PhysicalSizeX, image.PhysicalSizeY, image.PhysicalSizeZ, image.PhysicalUnit));
        Assert.Equal(OmeZarrSamples.Channels.Select(c => new ChannelInfo(c.Label, c.Color, c.Start, c.End, c.Active)), image.Channels);
        Assert.Equal((false, copied.Location, samples.Image), (image.InPlace, image.Location, image.Source));
        var node = await NgffNode.OpenAsync(new FileSystemStore(repository.Resolve(image.Location)));
        Assert.Equal(new long[] { 2, 3, 16, 16 }, (await node.OpenLevelAsync(2)).Shape.ToArray());

        // No name in its metadata: the folder's. The same project and dataset take it.
        var old = await repository.Catalog.GetImageAsync(alice, Assert.Single(inPlace.Images).Id);
        Assert.Equal(("old cells.zarr", true, samples.ImageV04, 3), (old.Name, old.InPlace, old.Location, old.Levels));
        Assert.Equal((copied.Container, copied.Project), (inPlace.Container, inPlace.Project));
        var counts = await test.CountsAsync();
        Assert.Equal((1L, 1L, 1L, 2L), (counts["project"], counts["dataset"], counts["project_dataset"], counts["dataset_image"]));
        var listed = await repository.Catalog.ListAsync(alice, CatalogObjectType.Image, copied.Container);
        Assert.Equal([image.Id, old.Id], listed.Items.Select(i => i.Ref.Id).Order());

        var twice = await Assert.ThrowsAsync<CatalogException>(() => RepositoryImport.ImportAsync(repository, alice, samples.ImageV04, target, inPlace: false));
        Assert.Equal($"{samples.ImageV04}: already imported as {inPlace.Images[0]}", twice.Message);
        Assert.Equal(counts, await test.CountsAsync());
        Assert.Equal([copied.Location], test.PixelEntries());
    }

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task Collection_series_and_converted_files_become_images(CatalogDialect dialect)
    {
        await using var test = await TestRepository.CreateAsync(dialect, server);
        var repository = test.Repository;
        var alice = await repository.CallerAsync();
        var collection = _scratch.Combine("series.zarr");
        await OmeZarrSamples.WriteCollectionAsync(collection, NgffVersion.V0_5);
        var result = await RepositoryImport.ImportAsync(repository, alice, collection, ImportTarget.Dataset("D"), inPlace: true);
        var series = await Task.WhenAll(result.Images.Select(i => repository.Catalog.GetImageAsync(alice, i.Id)));
        Assert.Equal(["series.zarr [0]", "series.zarr [1]"], series.Select(s => s.Name));
        Assert.Equal([collection + "/0", collection + "/1"], series.Select(s => s.Location));
        Assert.Equal([collection + "#0", collection + "#1"], series.Select(s => s.Source));
        Assert.Equal([32L, 48L], series.Select(s => s.SizeX));

        var tiff = WriteTiff("scan.tif", 100, 80);
        var refused = await Assert.ThrowsAsync<CatalogException>(() => RepositoryImport.ImportAsync(repository, alice, tiff, ImportTarget.Dataset("D"), inPlace: true));
        Assert.StartsWith($"{tiff}: an image file cannot be imported in place", refused.Message, StringComparison.Ordinal);
        Assert.Empty(test.PixelEntries());

        var converted = await RepositoryImport.ImportAsync(repository, alice, tiff, ImportTarget.Dataset("D"), inPlace: false);
        Assert.True(converted.Converted);
        var image = await repository.Catalog.GetImageAsync(alice, Assert.Single(converted.Images).Id);
        Assert.Equal(("scan.tif", 100L, 80L, "uint16", false, tiff), (image.Name, image.SizeX, image.SizeY, image.PixelType, image.InPlace, image.Source));
        Assert.Equal(["scan.tif"], image.OriginalFiles);
        Assert.Equal([converted.Location], test.PixelEntries());
        Assert.True((await NgffValidator.ValidateAsync(new FileSystemStore(repository.Resolve(image.Location)))).Valid);
        var again = await Assert.ThrowsAsync<CatalogException>(() => RepositoryImport.ImportAsync(repository, alice, tiff, ImportTarget.Dataset("D"), inPlace: false));
        Assert.Equal($"{tiff}: already imported as {converted.Images[0]}", again.Message);
    }

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task Unimportable_paths_are_refused_with_their_reason_and_nothing_is_kept(CatalogDialect dialect)
    {
        await using var test = await TestRepository.CreateAsync(dialect, server);
        var repository = test.Repository;
        var alice = await repository.CallerAsync();
        var bob = await repository.Catalog.CreateUserAsync("bob");
        await repository.Catalog.AddMemberAsync((await repository.Catalog.FindGroupAsync("default"))!.Id, bob.Id);
        await repository.Catalog.CreateGroupAsync("other", GroupPermissions.ReadAnnotate);
        var bobCaller = await repository.CallerAsync("bob");
        var before = await test.CountsAsync();

        var missing = _scratch.Combine("missing.zarr");
        var plain = Directory.CreateDirectory(_scratch.Combine("plain")).FullName;
        await File.WriteAllTextAsync(Path.Combine(plain, "notes.txt"), "not zarr");
        var bare = _scratch.Combine("bare.zarr");
        Directory.CreateDirectory(bare);
        await ZarrGroup.CreateAsync(new FileSystemStore(bare), "", ZarrFormat.V3);
        var broken = OmeZarrSamples.CopyDirectory(samples.Image, _scratch.Combine("broken.zarr"));
        Directory.Delete(Path.Combine(broken, "2"), recursive: true);
        var text = _scratch.Combine("notes.txt");
        await File.WriteAllTextAsync(text, "hello");

        (string Path, ImportTarget Target, CatalogCaller Caller, string Message)[] cases =
        [
            (missing, ImportTarget.Dataset("D"), alice, $"{missing}: no such file or directory"),
            (plain, ImportTarget.Dataset("D"), alice, $"{plain}: not an OME-Zarr directory (no zarr.json, .zattrs or .zgroup at its root)"),
            (bare, ImportTarget.Dataset("D"), alice, $"{bare}: is a Zarr group without an OME-NGFF image, plate or bioformats2raw collection"),
            (Path.Combine(samples.Plate, "A", "1"), ImportTarget.Screen("S"), alice, $"{Path.Combine(samples.Plate, "A", "1")}: is a well; import its plate"),
            (samples.Plate, ImportTarget.Dataset("D"), alice, $"{samples.Plate}: is a plate; import it into a screen, not into dataset 'D'"),
            (samples.Image, ImportTarget.Screen("S"), alice, $"{samples.Image}: is an image, not a plate; import it into a dataset, not into screen 'S'"),
            (broken, ImportTarget.Dataset("D"), alice, $"{broken}: not valid OME-NGFF: "),
            (samples.Image, ImportTarget.Dataset("D") with { GroupName = "nope" }, alice, "group 'nope': no such group"),
            (samples.Image, ImportTarget.Dataset("D") with { GroupName = "other" }, bobCaller, "group 'other': bob is not a member, so may not import into it"),
        ];
        foreach (var (path, target, caller, message) in cases)
        {
            foreach (var inPlace in new[] { true, false })
            {
                var error = await Assert.ThrowsAsync<CatalogException>(() => RepositoryImport.ImportAsync(repository, caller, path, target, inPlace));
                Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
            }
        }

        var notImage = await Assert.ThrowsAsync<ImageFormatException>(() => RepositoryImport.ImportAsync(repository, alice, text, ImportTarget.Dataset("D"), inPlace: false));
        Assert.Equal($"{text}: not a TIFF, PNG or JPEG file", notImage.Message);
        Assert.Equal(before, await test.CountsAsync());
        Assert.Empty(test.PixelEntries());
    }

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task A_plate_failing_half_way_leaves_no_rows_and_no_files(CatalogDialect dialect)
    {
        await using var test = await TestRepository.CreateAsync(dialect, server);
        var repository = test.Repository;
        var alice = await repository.CallerAsync();
        var before = await test.CountsAsync();

        // Well C7 (the 31st of 48) lost its metadata.
        var damaged = OmeZarrSamples.CopyDirectory(samples.SmallPlate, _scratch.Combine("damaged.zarr"));
        File.Delete(Path.Combine(damaged, "C", "7", "zarr.json"));
        foreach (var inPlace in new[] { true, false })
        {
            var error = await Assert.ThrowsAsync<CatalogException>(() => RepositoryImport.ImportAsync(repository, alice, damaged, ImportTarget.Screen("S"), inPlace));
            Assert.StartsWith($"{damaged}: not valid OME-NGFF: ", error.Message, StringComparison.Ordinal);
            Assert.Contains("C/7", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, await test.CountsAsync());
        Assert.Empty(test.PixelEntries());

        // Stopped while copying, and while registering (half the wells' rows written, the copy still .partial).
        foreach (var (inPlace, stopAt) in new[] { (false, "copied "), (false, "registered 24 of 48"), (true, "registered 24 of 48") })
        {
            using var stop = new CancellationTokenSource();
            var seen = new List<string>();
            var progress = new Lines(line =>
            {
                lock (seen)
                {
                    seen.Add(line);
                }

                if (line.StartsWith(stopAt, StringComparison.Ordinal))
                {
                    stop.Cancel();
                }
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RepositoryImport.ImportAsync(repository, alice, samples.SmallPlate, ImportTarget.Screen("S"), inPlace, progress, stop.Token));
            Assert.Contains(seen, l => l.StartsWith(stopAt, StringComparison.Ordinal));
            Assert.Equal(before, await test.CountsAsync());
            Assert.Empty(test.PixelEntries());
        }

        // Nothing half-done blocks the real import.
        var result = await RepositoryImport.ImportAsync(repository, alice, samples.SmallPlate, ImportTarget.Screen("S"), inPlace: false);
        Assert.Equal((48, 96), (result.WellCount, result.Images.Count));
        Assert.Equal([result.Location], test.PixelEntries());
    }

    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task What_interrupted_imports_left_is_removed_and_running_imports_are_left_alone(CatalogDialect dialect)
    {
        await using var test = await TestRepository.CreateAsync(dialect, server);
        var repository = test.Repository;
        var alice = await repository.CallerAsync();
        var pixels = repository.PixelsDirectory;
        var committed = await RepositoryImport.ImportAsync(repository, alice, samples.Image, ImportTarget.Dataset("D"), inPlace: false);

        // Killed while copying; killed between rename and commit; killed after commit, before dropping its lock file.
        Directory.CreateDirectory(Path.Combine(pixels, ".copying-00000001.ome.zarr.partial", "0"));
        await File.WriteAllTextAsync(Path.Combine(pixels, ".copying-00000001.ome.zarr.lock"), "");
        Directory.CreateDirectory(Path.Combine(pixels, "renamed-00000002.ome.zarr", "0"));
        await File.WriteAllTextAsync(Path.Combine(pixels, ".renamed-00000002.ome.zarr.lock"), "");
        await File.WriteAllTextAsync(Path.Combine(pixels, "." + committed.Location + ".lock"), "");

        // Still running: its lock is held.
        Directory.CreateDirectory(Path.Combine(pixels, ".running-00000003.ome.zarr.partial", "0"));
        await using var running = new FileStream(Path.Combine(pixels, ".running-00000003.ome.zarr.lock"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);

        var next = await RepositoryImport.ImportAsync(repository, alice, samples.ImageV04, ImportTarget.Dataset("D"), inPlace: false);
        Assert.Equal(
            new[] { ".running-00000003.ome.zarr.lock", ".running-00000003.ome.zarr.partial", committed.Location, next.Location }.Order(StringComparer.Ordinal),
            test.PixelEntries());
    }

    private static async Task AssertPlateAsync(TesseraRepository repository, CatalogCaller caller, ImportResult result, string plateDirectory)
    {
        var plate = await repository.Catalog.GetPlateAsync(caller, result.Plate!.Value.Id);
        Assert.Equal(("P1", 4, result.Location), (plate.Name, plate.FieldCount, plate.Location));
        Assert.Equal(["A", "B", "C", "D", "E", "F", "G", "H"], plate.RowNames);
        Assert.Equal(12, plate.ColumnNames.Count);
        Assert.Equal(96, plate.Wells.Count);
        var acquisition = Assert.Single(plate.Acquisitions);
        Assert.Equal(("run 1", 4), (acquisition.Name, acquisition.MaximumFieldCount));
        Assert.All(plate.Wells, w => Assert.Equal([0, 1, 2, 3], w.Samples.Select(s => s.FieldIndex)));
        Assert.All(plate.Wells.SelectMany(w => w.Samples), s => Assert.Equal(acquisition.Id, s.AcquisitionId));
        Assert.Equal(384, plate.Wells.SelectMany(w => w.Samples).Select(s => s.ImageId).Distinct().Count());
        Assert.Equal(result.Images.Select(i => i.Id).Order(), plate.Wells.SelectMany(w => w.Samples).Select(s => s.ImageId).Order());
        Assert.Equal(NgffKind.Plate, (await NgffNode.OpenAsync(new FileSystemStore(repository.Resolve(plate.Location)))).Kind);

        var b3 = plate.Wells.Single(w => w.Name == "B3");
        var field = await repository.Catalog.GetImageAsync(caller, b3.Samples[2].ImageId);
        Assert.Equal(("P1 [Well B3, Field 3]", $"{result.Location}/B/3/2", result.InPlace, $"{result.Source}#B/3/2"), (field.Name, field.Location, field.InPlace, field.Source));
        Assert.Equal((64L, 64L, 1, 2, 1, 1, "uint16"), (field.SizeX, field.SizeY, field.SizeZ, field.SizeC, field.SizeT, field.Levels, field.PixelType));
        Assert.Equal((OmeZarrSamples.PixelSize, "micrometer", "DAPI", false), (field.PhysicalSizeX, field.PhysicalUnit, field.Channels[0].Label, field.Channels[1].Active));
        Assert.Equal(Path.Combine(plateDirectory, "B", "3", "2"), repository.Resolve(field.Location));
        var level = await (await NgffNode.OpenAsync(new FileSystemStore(repository.Resolve(field.Location)))).OpenLevelAsync(0);
        Assert.Equal(new long[] { 2, 64, 64 }, level.Shape.ToArray());

        var screens = await repository.Catalog.ListAsync(caller, CatalogObjectType.Screen);
        Assert.Equal(result.Container, Assert.Single(screens.Items).Ref);
        Assert.Equal(plate.Id, Assert.Single((await repository.Catalog.ListAsync(caller, CatalogObjectType.Plate, result.Container)).Items).Ref.Id);
    }

    private string WriteTiff(string name, int width, int height)
    {
        var path = _scratch.Combine(name);
        var pixels = new ushort[width * height];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (ushort)(i % width * 7 + i / width);
        }

        using var writer = TiffWriter.Create(path, false);
        writer.WritePage(new TiffPageOptions(width, height, DataType.UInt16) { RowsPerStrip = 16 }, MemoryMarshal.AsBytes(pixels.AsSpan()));
        return path;
    }

    /// <summary>Progress delivered on the reporting thread, as it happens (Progress&lt;T&gt; would post it later).</summary>
    private sealed class Lines(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
