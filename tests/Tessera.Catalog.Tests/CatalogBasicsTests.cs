namespace Tessera.Catalog.Tests;

/// <summary>Users, groups, containers, images and annotations round-trip on both backends.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CatalogBasicsTests(PostgresServer server)
{
    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task Containers_images_and_annotations_round_trip(CatalogDialect dialect)
    {
        await using var backend = await CatalogBackend.CreateAsync(dialect, server);
        var catalog = new Catalog(backend.Database);
        var lab = await catalog.CreateGroupAsync("lab", GroupPermissions.ReadAnnotate);
        var alice = await catalog.CreateUserAsync("alice", "Alice A");
        await catalog.AddMemberAsync(lab.Id, alice.Id);
        var caller = await catalog.CallerAsync("alice");
        var project = await catalog.CreateProjectAsync(caller, lab.Id, "Mitosis screen", "Cells dividing");
        var dataset = await catalog.CreateDatasetAsync(caller, lab.Id, "Plate 1 images");
        await catalog.LinkAsync(caller, project.Ref, dataset.Ref);

        long imageId;
        await using (var write = await catalog.BeginWriteAsync(caller, default))
        {
            imageId = await Catalog.InsertImageAsync(write, lab.Id, new ImageRecord
            {
                Name = "cell 1", Location = "a/b.zarr", PixelType = "uint16", SizeX = 512, SizeY = 256, SizeC = 2, Levels = 3,
                Channels = [new ChannelInfo("DAPI", "0000FF", 0, 4000), new ChannelInfo("GFP", "00FF00")], OriginalFiles = ["cell1.tif"],
                PhysicalSizeX = 0.325, PhysicalUnit = "micrometer", Source = "/data/cell1.tif",
            });
            await Catalog.LinkAsync(write, dataset.Ref, new ObjectRef(CatalogObjectType.Image, imageId));
            await write.CommitAsync();
        }

        var image = await catalog.GetImageAsync(caller, imageId);
        Assert.Equal(("cell 1", 512L, 2, "DAPI", "00FF00", 0.325), (image.Name, image.SizeX, image.SizeC, image.Channels[0].Label, image.Channels[1].Color, image.PhysicalSizeX!.Value));
        Assert.Equal(["cell1.tif"], image.OriginalFiles);
        Assert.Equal(alice.Id, image.OwnerId);

        var images = await catalog.ListAsync(caller, CatalogObjectType.Image, dataset.Ref);
        Assert.Equal(1, images.TotalCount);
        Assert.Equal(imageId, Assert.Single(images.Items).Ref.Id);
        Assert.Equal(1, (await catalog.ListAsync(caller, CatalogObjectType.Dataset, project.Ref)).TotalCount);

        var target = new ObjectRef(CatalogObjectType.Image, imageId);
        await catalog.AddMapAnnotationAsync(caller, target, [new("Gene Symbol", "CDK5RAP2"), new("Organism", "Homo sapiens"), new("Gene Symbol", "CDK5RAP2")]);
        await catalog.AddTagAsync(caller, target, "Mitotic");
        await catalog.AddTagAsync(caller, new ObjectRef(CatalogObjectType.Dataset, dataset.Ref.Id), "mitotic");
        await catalog.AddCommentAsync(caller, target, "Nice spindle");
        var annotations = await catalog.ListAnnotationsAsync(caller, target);
        Assert.Equal([AnnotationKind.Map, AnnotationKind.Tag, AnnotationKind.Comment], annotations.Select(a => a.Kind));
        Assert.Equal(3, annotations[0].Pairs.Count);
        Assert.Equal(["Mitotic"], await catalog.SuggestTagsAsync(caller, "MIT"));
        var (setId, tagId) = await catalog.AddTagToSetAsync(caller, lab.Id, "Cell cycle", "mitotic");
        await catalog.AddTagToSetAsync(caller, lab.Id, "cell cycle", "Interphase");
        Assert.Equal(annotations[1].Id, tagId);
        var set = Assert.Single(await catalog.ListTagSetsAsync(caller));
        Assert.Equal((setId, "Cell cycle"), (set.Id, set.Name));
        Assert.Equal(["Interphase", "Mitotic"], set.Tags);
        Assert.Empty(await catalog.ListTagSetsAsync(await catalog.AnonymousAsync()));

        var renamed = await catalog.UpdateAsync(caller, project.Ref, "Mitosis screen 2", null);
        Assert.Equal("Cells dividing", renamed.Description);

        await catalog.RemoveAnnotationAsync(caller, target, annotations[0].Id);
        Assert.Equal(2, (await catalog.ListAnnotationsAsync(caller, target)).Count);
        Assert.Equal(["a/b.zarr"], await catalog.DeleteAsync(caller, target));
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => catalog.GetImageAsync(caller, imageId));
        await using (var connection = await backend.Database.OpenConnectionAsync())
        {
            // The comment went with the image; the tag stays (the dataset still uses it).
            Assert.Equal(["tag", "tag", "tagset"], (await Dapper.SqlMapper.QueryAsync<string>(connection, "SELECT kind FROM annotation")).Order());
        }

        Assert.Equal(0, (await catalog.ListAsync(caller, CatalogObjectType.Image, dataset.Ref)).TotalCount);
    }
}
