using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Tessera.Catalog.Annotate;
using Tessera.Catalog.Import;

namespace Tessera.Catalog.Demo;

/// <summary>
/// The catalogue side of the demo: accounts and groups, the generated OME-Zarr imported by copy through
/// <see cref="RepositoryImport"/> (so the images are registered exactly as imported ones), then annotations, tags,
/// ROIs and comments written through the catalogue's public API as the users who would write them.
/// </summary>
internal sealed class DemoCatalogue(TesseraRepository repository, DemoOptions options, IProgress<string>? progress)
{
    /// <summary>The administrator's name (created by <see cref="TesseraRepository.InitAsync"/>).</summary>
    public const string AdminName = "admin";

    /// <summary>The public group: read-only, readable by anonymous visitors.</summary>
    public const string PublicGroupName = "public-data";

    /// <summary>The private group: alice's unpublished data.</summary>
    public const string PrivateGroupName = "private-lab";

    private static readonly (string Name, string FullName, string Password)[] Users =
    [
        (AdminName, "Demo Administrator", "admin-demo"),
        ("alice", "Alice Demo", "alice-demo"),
        ("bob", "Bob Demo", "bob-demo"),
    ];

    private readonly Catalog _catalog = repository.Catalog;
    private int _maps;
    private int _tagLinks;
    private int _rois;
    private int _comments;

    /// <summary>The generated hierarchies to import.</summary>
    public sealed record Sources(string Plate, string Stack, string Large, string Private, IReadOnlyDictionary<(int Row, int Column), IReadOnlyList<Nucleus>> PlateNuclei, IReadOnlyList<Nucleus> StackNuclei);

    public async Task<DemoSummary> BuildAsync(string finalPath, Sources sources, CancellationToken cancellationToken)
    {
        progress?.Report("catalogue: users and groups");
        var (publicGroup, privateGroup, accounts) = await AccountsAsync(cancellationToken).ConfigureAwait(false);
        var alice = await _catalog.CallerAsync("alice", cancellationToken).ConfigureAwait(false);
        var bob = await _catalog.CallerAsync("bob", cancellationToken).ConfigureAwait(false);

        var plate = await ImportAsync(alice, sources.Plate, ImportTarget.Screen("Demo screen") with { GroupName = PublicGroupName }, cancellationToken).ConfigureAwait(false);
        var stack = await ImportAsync(bob, sources.Stack, ImportTarget.Dataset("Stacks", "Demo project") with { GroupName = PublicGroupName }, cancellationToken).ConfigureAwait(false);
        var large = await ImportAsync(bob, sources.Large, ImportTarget.Dataset("Large", "Demo project") with { GroupName = PublicGroupName }, cancellationToken).ConfigureAwait(false);
        var hidden = await ImportAsync(alice, sources.Private, ImportTarget.Dataset("Unpublished", "Lab notebook") with { GroupName = PrivateGroupName }, cancellationToken).ConfigureAwait(false);

        progress?.Report("catalogue: annotations, tags, ROIs");
        var plateRef = plate.Plate!.Value;
        var project = stack.Project!.Value;
        var stackImage = stack.Images[0];
        var largeImage = large.Images[0];
        var hiddenImage = hidden.Images[0];

        await DescribeAsync(alice, plate.Container, "Demo screen", "A generated siRNA screen: 3-channel fields of HeLa-like nuclei whose look follows each well's phenotype.", cancellationToken).ConfigureAwait(false);
        await DescribeAsync(bob, project, "Demo project", "A generated 3-D stack and a large brightfield slide.", cancellationToken).ConfigureAwait(false);
        await DescribeAsync(bob, stack.Container, "Stacks", "Multichannel z-stacks (OME-NGFF 0.5, sharded).", cancellationToken).ConfigureAwait(false);
        await DescribeAsync(bob, large.Container, "Large", $"A {options.LargeImageSize} × {options.LargeImageSize} slide, streamed from a procedural generator.", cancellationToken).ConfigureAwait(false);
        await DescribeAsync(alice, hidden.Container, "Unpublished", "Only alice and the administrator see this.", cancellationToken).ConfigureAwait(false);

        await MapAsync(alice, plate.Container, cancellationToken, ("Organism", "Homo sapiens"), ("Cell Line", "HeLa"), ("Screen Type", "primary screen"), ("Library Type", "siRNA")).ConfigureAwait(false);
        await MapAsync(bob, project, cancellationToken, ("Organism", "Homo sapiens"), ("Cell Line", "U2OS")).ConfigureAwait(false);
        await MapAsync(bob, stackImage, cancellationToken, ("Organism", "Homo sapiens"), ("Cell Line", "U2OS"), ("Gene Symbol", "TUBB"), ("Phenotype", "normal")).ConfigureAwait(false);
        await MapAsync(bob, largeImage, cancellationToken, ("Organism", "Homo sapiens"), ("Tissue", "kidney"), ("Stain", "H&E"), ("Phenotype", "normal tissue")).ConfigureAwait(false);
        await MapAsync(alice, hidden.Project!.Value, cancellationToken, ("Organism", "Mus musculus")).ConfigureAwait(false);
        await MapAsync(alice, hiddenImage, cancellationToken, ("Organism", "Mus musculus"), ("Tissue", "kidney"), ("Gene Symbol", "Pkd1"), ("Phenotype", "cystic kidney")).ConfigureAwait(false);
        await AnnotateWellsAsync(alice, publicGroup.Id, cancellationToken).ConfigureAwait(false);

        foreach (var target in new[] { plate.Container, plateRef, project, stackImage, largeImage })
        {
            await TagAsync(alice, target, "demo", cancellationToken).ConfigureAwait(false);
        }

        await TagAsync(alice, hidden.Project!.Value, "unpublished", cancellationToken).ConfigureAwait(false);
        await CommentAsync(alice, plate.Container, "Generated by 'tessera demo': the pixels are synthetic, the genes and phenotypes are real names used as examples.", cancellationToken).ConfigureAwait(false);
        await CommentAsync(bob, stackImage, "The label image 'nuclei' outlines every nucleus; the ROIs mark four of them.", cancellationToken).ConfigureAwait(false);

        await StackRoisAsync(bob, stackImage.Id, sources.StackNuclei, cancellationToken).ConfigureAwait(false);
        await PlateRoisAsync(alice, plateRef.Id, sources.PlateNuclei, cancellationToken).ConfigureAwait(false);
        await SlideRoisAsync(bob, largeImage.Id, cancellationToken).ConfigureAwait(false);

        return new DemoSummary
        {
            Repository = finalPath,
            IsSmall = options.IsSmall,
            UsesPostgres = options.PostgresConnectionString is not null,
            PublicGroup = publicGroup,
            PrivateGroup = privateGroup,
            Accounts = accounts,
            ScreenId = plate.Container.Id,
            PlateId = plateRef.Id,
            PlateName = DemoPixels.PlateName,
            PlateRows = options.PlateRows,
            PlateColumns = options.PlateColumns,
            FieldsPerWell = options.FieldsPerWell,
            ProjectId = project.Id,
            StackDatasetId = stack.Container.Id,
            StackImageId = stackImage.Id,
            LargeDatasetId = large.Container.Id,
            LargeImageId = largeImage.Id,
            LargeImageSize = options.LargeImageSize,
            PrivateProjectId = hidden.Project!.Value.Id,
            PrivateDatasetId = hidden.Container.Id,
            PrivateImageId = hiddenImage.Id,
            WellCount = plate.WellCount,
            ImageCount = plate.Images.Count + stack.Images.Count + large.Images.Count + hidden.Images.Count,
            MapAnnotationCount = _maps,
            TagLinkCount = _tagLinks,
            RoiCount = _rois,
            CommentCount = _comments,
        };
    }

    /// <summary>The administrator's password, alice and bob, the two groups and who is in them.</summary>
    private async Task<(DemoGroup Public, DemoGroup Private, IReadOnlyList<DemoAccount> Accounts)> AccountsAsync(CancellationToken cancellationToken)
    {
        // PBKDF2 at the recommended cost takes a noticeable fraction of a second per hash: hash them side by side.
        var hashes = await Task.WhenAll(Users.Select(u => Task.Run(() => PasswordHash.Create(u.Password), cancellationToken))).ConfigureAwait(false);
        var publicGroup = await _catalog.CreateGroupAsync(PublicGroupName, GroupPermissions.ReadOnly, isPublic: true,
            description: "Published demo data: anyone may look, members may add their own.", cancellationToken: cancellationToken).ConfigureAwait(false);
        var privateGroup = await _catalog.CreateGroupAsync(PrivateGroupName, GroupPermissions.Private,
            description: "Unpublished data: members see only their own.", cancellationToken: cancellationToken).ConfigureAwait(false);
        var ids = new long[Users.Length];
        for (var i = 0; i < Users.Length; i++)
        {
            var (name, fullName, _) = Users[i];
            if (await _catalog.FindUserAsync(name, cancellationToken).ConfigureAwait(false) is { } existing)
            {
                ids[i] = existing.Id;
                await _catalog.SetPasswordHashAsync(existing.Id, hashes[i], cancellationToken).ConfigureAwait(false);
            }
            else
            {
                ids[i] = (await _catalog.CreateUserAsync(name, fullName, $"{name}@example.org", passwordHash: hashes[i], cancellationToken: cancellationToken).ConfigureAwait(false)).Id;
            }
        }

        await _catalog.AddMemberAsync(publicGroup.Id, ids[1], isGroupOwner: true, cancellationToken).ConfigureAwait(false);
        await _catalog.AddMemberAsync(privateGroup.Id, ids[1], isGroupOwner: true, cancellationToken).ConfigureAwait(false);
        await _catalog.AddMemberAsync(publicGroup.Id, ids[2], isGroupOwner: false, cancellationToken).ConfigureAwait(false);
        DemoAccount[] accounts =
        [
            new(AdminName, Users[0].Password, ids[0], true, ["default"]),
            new("alice", Users[1].Password, ids[1], false, [PublicGroupName, PrivateGroupName]),
            new("bob", Users[2].Password, ids[2], false, [PublicGroupName]),
        ];
        return (new DemoGroup(publicGroup.Id, publicGroup.Name, publicGroup.Permissions, publicGroup.IsPublic),
            new DemoGroup(privateGroup.Id, privateGroup.Name, privateGroup.Permissions, privateGroup.IsPublic), accounts);
    }

    private async Task<ImportResult> ImportAsync(CatalogCaller caller, string path, ImportTarget target, CancellationToken cancellationToken)
    {
        progress?.Report($"catalogue: importing {Path.GetFileName(path)} into {target} as {caller.UserName}");
        return await RepositoryImport.ImportAsync(repository, caller, path, target, inPlace: false, null, cancellationToken).ConfigureAwait(false);
    }

    private Task DescribeAsync(CatalogCaller caller, ObjectRef target, string name, string description, CancellationToken cancellationToken) =>
        _catalog.UpdateAsync(caller, target, name, description, cancellationToken);

    private async Task MapAsync(CatalogCaller caller, ObjectRef target, CancellationToken cancellationToken, params (string Key, string Value)[] pairs)
    {
        await _catalog.AddMapAnnotationAsync(caller, target, [.. pairs.Select(p => new KeyValuePair<string, string>(p.Key, p.Value))], cancellationToken: cancellationToken).ConfigureAwait(false);
        _maps++;
    }

    private async Task TagAsync(CatalogCaller caller, ObjectRef target, string tag, CancellationToken cancellationToken)
    {
        await _catalog.AddTagAsync(caller, target, tag, cancellationToken: cancellationToken).ConfigureAwait(false);
        _tagLinks++;
    }

    private async Task CommentAsync(CatalogCaller caller, ObjectRef target, string text, CancellationToken cancellationToken)
    {
        await _catalog.AddCommentAsync(caller, target, text, cancellationToken).ConfigureAwait(false);
        _comments++;
    }

    /// <summary>
    /// Every well's gene and phenotype through the bulk path <c>tessera annotate --csv</c> uses (one transaction for
    /// the plate), then one tag per phenotype from the "Phenotypes" tag set on the wells showing it.
    /// </summary>
    private async Task AnnotateWellsAsync(CatalogCaller caller, long groupId, CancellationToken cancellationToken)
    {
        var csv = new StringBuilder("Screen Name,Plate,Well,Organism,Cell Line,Gene Symbol,Control Type,Phenotype\n");
        var byPhenotype = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        for (var row = 0; row < options.PlateRows; row++)
        {
            for (var column = 0; column < options.PlateColumns; column++)
            {
                var gene = DemoGene.ForWell(row, column, options.PlateColumns);
                var well = string.Create(CultureInfo.InvariantCulture, $"{(char)('A' + row)}{column + 1}");
                csv.Append(CultureInfo.InvariantCulture, $"Demo screen,{DemoPixels.PlateName},{well},Homo sapiens,HeLa,{gene.Symbol},{(gene.IsControl ? "negative control" : "")},{gene.Phenotype}\n");
                if (DemoGene.Tags.ContainsKey(gene.Phenotype))
                {
                    if (!byPhenotype.TryGetValue(gene.Phenotype, out var rows))
                    {
                        byPhenotype[gene.Phenotype] = rows = new StringBuilder("Plate,Well\n");
                    }

                    rows.Append(CultureInfo.InvariantCulture, $"{DemoPixels.PlateName},{well}\n");
                }
            }
        }

        var report = await BulkAnnotation.ApplyAsync(_catalog, caller, BulkAnnotationTable.Parse(csv.ToString(), "demo wells"), null, cancellationToken).ConfigureAwait(false);
        Require(report);
        _maps += report.ObjectCount;

        foreach (var tag in DemoGene.Tags.Values)
        {
            await _catalog.AddTagToSetAsync(caller, groupId, "Phenotypes", tag, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (phenotype, rows) in byPhenotype)
        {
            var tagged = await BulkAnnotation.ApplyAsync(_catalog, caller, BulkAnnotationTable.Parse(rows.ToString(), $"demo wells: {phenotype}"),
                new BulkAnnotationOptions { Tags = [DemoGene.Tags[phenotype]] }, cancellationToken).ConfigureAwait(false);
            Require(tagged);
            _tagLinks += tagged.TagCount;
        }
    }

    private static void Require(BulkAnnotationReport report)
    {
        if (!report.Succeeded)
        {
            // The table is ours: a problem here is a bug in the demo, not bad input.
            throw new InvalidOperationException($"{report.Source}: {string.Join("; ", report.Problems.Take(3).Select(p => p.Message))}");
        }
    }

    /// <summary>One of each shape on the stack, around nuclei that are really there, each on its nucleus's middle plane.</summary>
    private async Task StackRoisAsync(CatalogCaller caller, long imageId, IReadOnlyList<Nucleus> nuclei, CancellationToken cancellationToken)
    {
        if (nuclei.Count < 4)
        {
            return;
        }

        await RoiAsync(caller, imageId, Feature(Ellipse(nuclei[0], 1), Plane(nuclei[0], "ellipse", "Nucleus 1")), cancellationToken).ConfigureAwait(false);
        await RoiAsync(caller, imageId, Feature(Rectangle(nuclei[1]), Plane(nuclei[1], "rectangle", "Nucleus 2")), cancellationToken).ConfigureAwait(false);
        await RoiAsync(caller, imageId, Feature(Point(nuclei[2]), Plane(nuclei[2], null, "Nucleus 3 centre")), cancellationToken).ConfigureAwait(false);
        await RoiAsync(caller, imageId, Feature(Ellipse(nuclei[3], 2.15, sides: 9), Plane(nuclei[3], "polygon", "Cell 4 outline")), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>On field 1 of the first three wells: a nucleus's outline and another's centre, in one ROI.</summary>
    private async Task PlateRoisAsync(CatalogCaller caller, long plateId, IReadOnlyDictionary<(int Row, int Column), IReadOnlyList<Nucleus>> nuclei, CancellationToken cancellationToken)
    {
        var plate = await _catalog.GetPlateAsync(caller, plateId, cancellationToken).ConfigureAwait(false);
        foreach (var well in plate.Wells.OrderBy(w => w.RowIndex).ThenBy(w => w.ColumnIndex).Take(3))
        {
            if (!nuclei.TryGetValue((well.RowIndex, well.ColumnIndex), out var drawn) || drawn.Count < 2 || well.Samples.FirstOrDefault(s => s.FieldIndex == 0) is not { } field)
            {
                continue;
            }

            var collection = new JsonObject
            {
                ["type"] = "FeatureCollection",
                ["features"] = new JsonArray(
                    Feature(Ellipse(drawn[0], 1), new JsonObject { ["shape"] = "ellipse", ["name"] = $"{well.Name} nucleus 1" }),
                    Feature(Point(drawn[1]), new JsonObject { ["label"] = "nucleus 2" })),
            };
            await RoiAsync(caller, field.ImageId, collection, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A region of the slide's tissue and a square to zoom into.</summary>
    private async Task SlideRoisAsync(CatalogCaller caller, long imageId, CancellationToken cancellationToken)
    {
        double s = options.LargeImageSize;
        var square = new JsonArray(Ring([(0.45 * s, 0.45 * s), (0.55 * s, 0.45 * s), (0.55 * s, 0.55 * s), (0.45 * s, 0.55 * s)]));
        var region = new JsonArray(Ring([(0.30 * s, 0.35 * s), (0.50 * s, 0.28 * s), (0.68 * s, 0.40 * s), (0.62 * s, 0.62 * s), (0.40 * s, 0.66 * s)]));
        await RoiAsync(caller, imageId, Feature(new JsonObject { ["type"] = "Polygon", ["coordinates"] = region }, new JsonObject { ["name"] = "Cortex" }), cancellationToken).ConfigureAwait(false);
        await RoiAsync(caller, imageId, Feature(new JsonObject { ["type"] = "Polygon", ["coordinates"] = square }, new JsonObject { ["shape"] = "rectangle", ["name"] = "Zoom here" }), cancellationToken).ConfigureAwait(false);
    }

    private async Task RoiAsync(CatalogCaller caller, long imageId, JsonObject geoJson, CancellationToken cancellationToken)
    {
        await _catalog.AddRoiAsync(caller, imageId, geoJson.ToJsonString(), cancellationToken).ConfigureAwait(false);
        _rois++;
    }

    private static JsonObject Feature(JsonObject geometry, JsonObject properties) =>
        new() { ["type"] = "Feature", ["geometry"] = geometry, ["properties"] = properties };

    private static JsonObject Plane(Nucleus nucleus, string? shape, string name)
    {
        var properties = new JsonObject { ["name"] = name };
        if (shape is not null)
        {
            properties["shape"] = shape;
        }

        if (!double.IsInfinity(nucleus.RadiusZ))
        {
            properties["theZ"] = (int)Math.Round(nucleus.Z);
        }

        return properties;
    }

    private static JsonObject Point(Nucleus n) => new() { ["type"] = "Point", ["coordinates"] = new JsonArray(Round(n.X), Round(n.Y)) };

    private static JsonObject Rectangle(Nucleus n)
    {
        var (hy, hx) = (Math.Max(n.RadiusY, n.RadiusX), Math.Max(n.RadiusY, n.RadiusX));
        return new JsonObject
        {
            ["type"] = "Polygon",
            ["coordinates"] = new JsonArray(Ring([(n.X - hx, n.Y - hy), (n.X + hx, n.Y - hy), (n.X + hx, n.Y + hy), (n.X - hx, n.Y + hy)])),
        };
    }

    /// <summary>The nucleus's ellipse scaled by <paramref name="scale"/>, as a closed ring of <paramref name="sides"/> points (GeoJSON has no ellipse).</summary>
    private static JsonObject Ellipse(Nucleus n, double scale, int sides = 32)
    {
        var (cos, sin) = (Math.Cos(n.Angle), Math.Sin(n.Angle));
        var points = Enumerable.Range(0, sides).Select(i =>
        {
            var t = 2 * Math.PI * i / sides;
            var (u, v) = (scale * n.RadiusX * Math.Cos(t), scale * n.RadiusY * Math.Sin(t));
            return (n.X + u * cos - v * sin, n.Y + u * sin + v * cos);
        });
        return new JsonObject { ["type"] = "Polygon", ["coordinates"] = new JsonArray(Ring([.. points])) };
    }

    /// <summary>A closed GeoJSON ring of [x, y] positions.</summary>
    private static JsonArray Ring(IReadOnlyList<(double X, double Y)> points)
    {
        var ring = new JsonArray();
        foreach (var (x, y) in points.Append(points[0]))
        {
            ring.Add(new JsonArray(Round(x), Round(y)));
        }

        return ring;
    }

    private static double Round(double value) => Math.Round(value, 2);
}
