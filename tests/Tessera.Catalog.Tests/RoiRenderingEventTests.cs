using System.Text.Json.Nodes;

namespace Tessera.Catalog.Tests;

/// <summary>ROIs round-trip as GeoJSON, rendering settings are per image and per user, and the event log records who did what.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RoiRenderingEventTests(PostgresServer server)
{
    [Theory]
    [MemberData(nameof(CatalogBackend.Dialects), MemberType = typeof(CatalogBackend))]
    public async Task Rois_rendering_settings_and_events(CatalogDialect dialect)
    {
        await using var backend = await CatalogBackend.CreateAsync(dialect, server);
        var catalog = new Catalog(backend.Database);
        var group = await catalog.CreateGroupAsync("lab", GroupPermissions.ReadOnly);
        var alice = await catalog.CreateUserAsync("alice");
        var bob = await catalog.CreateUserAsync("bob");
        await catalog.AddMemberAsync(group.Id, alice.Id);
        await catalog.AddMemberAsync(group.Id, bob.Id);
        var asAlice = await catalog.CallerAsync(alice.Id);
        var asBob = await catalog.CallerAsync(bob.Id);
        long imageId;
        await using (var write = await catalog.BeginWriteAsync(asAlice, default))
        {
            imageId = await Catalog.InsertImageAsync(write, group.Id, new ImageRecord
            {
                Name = "cells", Location = "c.zarr", PixelType = "uint16", SizeX = 100, SizeY = 100, SizeC = 2,
                Channels = [new ChannelInfo("DAPI", "0000FF", 10, 900), new ChannelInfo("GFP", "00FF00", 0, 4000, Active: false)],
            });
            await write.CommitAsync();
        }

        const string Rois = """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[10, 10], [30, 10], [30, 20], [10, 20], [10, 10]]]}, "properties": {"shape": "rectangle", "name": "nucleus 1", "theZ": 0, "theC": 1}},
              {"type": "Feature", "geometry": {"type": "Point", "coordinates": [50.5, 60]}, "properties": {"label": "centre"}},
              {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [5, 5]]}}
            ]}
            """;
        var roi = await catalog.AddRoiAsync(asAlice, imageId, Rois);
        var back = JsonNode.Parse(await catalog.GetRoisAsync(asBob, imageId))!["features"]!.AsArray();
        Assert.Equal(["rectangle", "point", "line"], back.Select(f => (string)f!["properties"]!["shape"]!));
        Assert.Equal(1, (int)back[0]!["properties"]!["theC"]!);
        Assert.Equal("nucleus 1", (string)back[0]!["properties"]!["name"]!);
        Assert.Equal(50.5, (double)back[1]!["geometry"]!["coordinates"]![0]!);
        Assert.Equal("centre", (string)back[1]!["properties"]!["label"]!);
        Assert.All(back, f => Assert.Equal(roi, (long)f!["properties"]!["roi"]!));

        // Bob may read but, in a read-only group, not annotate (ROIs are annotations in OMERO's table).
        await Assert.ThrowsAsync<CatalogForbiddenException>(() => catalog.AddRoiAsync(asBob, imageId, Rois));
        var bad = await Assert.ThrowsAsync<CatalogException>(() => catalog.AddRoiAsync(asAlice, imageId,
            """{"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, "x"]]}}"""));
        Assert.Contains("feature 1: a position must be [x, y] numbers", bad.Message, StringComparison.Ordinal);
        bad = await Assert.ThrowsAsync<CatalogException>(() => catalog.AddRoiAsync(asAlice, imageId,
            """{"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}, "properties": {"shape": "ellipse"}}"""));
        Assert.Contains("feature 1: shape ellipse needs a GeoJSON Polygon geometry, not Point", bad.Message, StringComparison.Ordinal);
        Assert.Single(JsonNode.Parse(await catalog.GetRoisAsync(asAlice, imageId))!["features"]!.AsArray().Select(f => (long)f!["properties"]!["roi"]!).Distinct());

        // Rendering: initial from the channels; Bob's own settings do not change Alice's view; only Alice sets the image's.
        var initial = JsonNode.Parse(await catalog.GetRenderingSettingsAsync(asBob, imageId))!;
        Assert.Equal(900, (double)initial["channels"]![0]!["end"]!);
        Assert.False((bool)initial["channels"]![1]!["active"]!);
        await catalog.SaveRenderingSettingsAsync(asBob, imageId, """{"model": "greyscale", "channels": [{"start": 0, "end": 100}]}""");
        Assert.Equal("greyscale", (string)JsonNode.Parse(await catalog.GetRenderingSettingsAsync(asBob, imageId))!["model"]!);
        Assert.Equal("color", (string)JsonNode.Parse(await catalog.GetRenderingSettingsAsync(asAlice, imageId))!["model"]!);
        await Assert.ThrowsAsync<CatalogForbiddenException>(() => catalog.SaveRenderingSettingsAsync(asBob, imageId, """{"channels": []}""", asImageDefault: true));
        await catalog.SaveRenderingSettingsAsync(asAlice, imageId, """{"model": "color", "channels": [{"start": 5, "end": 50}]}""", asImageDefault: true);
        Assert.Equal(50, (double)JsonNode.Parse(await catalog.GetRenderingSettingsAsync(asAlice, imageId))!["channels"]![0]!["end"]!);
        await Assert.ThrowsAsync<CatalogException>(() => catalog.SaveRenderingSettingsAsync(asAlice, imageId, "[1, 2]"));

        var events = await catalog.ListEventsAsync(asAlice, new ObjectRef(CatalogObjectType.Image, imageId));
        Assert.Contains(events, e => e.Action == "import" && e.ExperimenterId == alice.Id);
        Assert.Contains(events, e => e.Action == "update" && e.ExperimenterId == bob.Id && e.Detail == "own rendering settings");
        Assert.All(await catalog.ListEventsAsync(asBob), e => Assert.Equal(bob.Id, e.ExperimenterId));
        var anonymous = await catalog.AnonymousAsync();
        await Assert.ThrowsAsync<CatalogNotFoundException>(() => catalog.ListEventsAsync(anonymous, new ObjectRef(CatalogObjectType.Image, imageId)));
    }
}
