using Dapper;
using Tessera.Catalog;

namespace Tessera.Server.Web;

/// <summary>A study (project or screen) as the gallery shows it.</summary>
internal sealed record StudySummary(CatalogObject Study, long Children, long Grandchildren, long? FirstImageId);

/// <summary>
/// Studies the caller may read with their counts, and which studies contain an object matching a key-value pair.
/// Every list goes through the catalogue (its reads apply the caller's rights); only the climb from a found object
/// to its study reads the link tables directly, and its answer is intersected with the studies the caller may read.
/// </summary>
internal static class StudyIndex
{
    // Enough hits to map a filter to studies on any demo-sized repository without an unbounded scan.
    private const int MaxHitPages = 20;

    public static async Task<List<StudySummary>> StudiesAsync(TesseraRepository repository, CatalogCaller caller, CancellationToken token)
    {
        var catalog = repository.Catalog;
        var studies = new List<StudySummary>();
        foreach (var project in await AllAsync(catalog, caller, CatalogObjectType.Project, null, token).ConfigureAwait(false))
        {
            var datasets = await AllAsync(catalog, caller, CatalogObjectType.Dataset, project.Ref, token).ConfigureAwait(false);
            long images = 0;
            long? first = null;
            foreach (var dataset in datasets)
            {
                var page = await catalog.ListAsync(caller, CatalogObjectType.Image, dataset.Ref, limit: 1, cancellationToken: token).ConfigureAwait(false);
                images += page.TotalCount;
                first ??= page.Items.FirstOrDefault()?.Ref.Id;
            }

            studies.Add(new StudySummary(project, datasets.Count, images, first));
        }

        foreach (var screen in await AllAsync(catalog, caller, CatalogObjectType.Screen, null, token).ConfigureAwait(false))
        {
            var plates = await AllAsync(catalog, caller, CatalogObjectType.Plate, screen.Ref, token).ConfigureAwait(false);
            long wells = 0;
            long? first = null;
            foreach (var plate in plates)
            {
                var page = await catalog.ListAsync(caller, CatalogObjectType.Well, plate.Ref, limit: 1, cancellationToken: token).ConfigureAwait(false);
                wells += page.TotalCount;
                if (first is null && page.Items.FirstOrDefault() is { } well)
                {
                    first = (await catalog.ListAsync(caller, CatalogObjectType.Image, well.Ref, limit: 1, cancellationToken: token).ConfigureAwait(false)).Items.FirstOrDefault()?.Ref.Id;
                }
            }

            studies.Add(new StudySummary(screen, plates.Count, wells, first));
        }

        return studies;
    }

    /// <summary>Every object of a type (inside a parent), page by page.</summary>
    public static async Task<List<CatalogObject>> AllAsync(Catalog.Catalog catalog, CatalogCaller caller, CatalogObjectType type, ObjectRef? parent, CancellationToken token, int max = 10_000)
    {
        var all = new List<CatalogObject>();
        while (all.Count < max)
        {
            var page = await catalog.ListAsync(caller, type, parent, offset: all.Count, limit: Catalog.Catalog.MaxPageSize, cancellationToken: token).ConfigureAwait(false);
            all.AddRange(page.Items);
            if (page.Items.Count == 0 || all.Count >= page.TotalCount)
            {
                break;
            }
        }

        return all;
    }

    /// <summary>The studies holding an object (itself or any dataset, image, plate or well inside) that matches every filter.</summary>
    public static async Task<HashSet<ObjectRef>> MatchingStudiesAsync(TesseraRepository repository, CatalogCaller caller, IReadOnlyList<KeyValueFilter> filters, CancellationToken token)
    {
        var hits = new List<ObjectRef>();
        for (var page = 0; page < MaxHitPages; page++)
        {
            var result = await repository.Catalog.SearchAsync(caller, new CatalogQuery { Filters = filters, Offset = hits.Count, Limit = Catalog.Catalog.MaxPageSize }, token).ConfigureAwait(false);
            hits.AddRange(result.Items.Select(h => h.Ref));
            if (result.Items.Count < Catalog.Catalog.MaxPageSize)
            {
                break;
            }
        }

        return await StudiesOfAsync(repository, hits, token).ConfigureAwait(false);
    }

    /// <summary>The plate of each well (for links from search hits).</summary>
    public static async Task<Dictionary<long, long>> PlatesOfWellsAsync(TesseraRepository repository, IReadOnlyCollection<long> wells, CancellationToken token)
    {
        var map = new Dictionary<long, long>();
        if (wells.Count == 0)
        {
            return map;
        }

        await using var connection = await repository.Catalog.Database.OpenConnectionAsync(token).ConfigureAwait(false);
        foreach (var chunk in wells.Chunk(500))
        {
            foreach (var (well, plate) in await connection.QueryAsync<(long, long)>("SELECT id, plate_id FROM well WHERE id IN @ids", new { ids = chunk }).ConfigureAwait(false))
            {
                map[well] = plate;
            }
        }

        return map;
    }

    private static async Task<HashSet<ObjectRef>> StudiesOfAsync(TesseraRepository repository, List<ObjectRef> hits, CancellationToken token)
    {
        var studies = new HashSet<ObjectRef>();
        IEnumerable<long> Of(CatalogObjectType type) => hits.Where(h => h.Type == type).Select(h => h.Id).Distinct();
        foreach (var hit in hits.Where(h => h.Type is CatalogObjectType.Project or CatalogObjectType.Screen))
        {
            studies.Add(hit);
        }

        await using var connection = await repository.Catalog.Database.OpenConnectionAsync(token).ConfigureAwait(false);
        async Task AddAsync(CatalogObjectType study, string sql, IEnumerable<long> ids)
        {
            foreach (var chunk in ids.Chunk(500))
            {
                foreach (var id in await connection.QueryAsync<long>(sql, new { ids = chunk }).ConfigureAwait(false))
                {
                    studies.Add(new ObjectRef(study, id));
                }
            }
        }

        await AddAsync(CatalogObjectType.Project, "SELECT project_id FROM project_dataset WHERE dataset_id IN @ids", Of(CatalogObjectType.Dataset)).ConfigureAwait(false);
        await AddAsync(CatalogObjectType.Project, "SELECT pd.project_id FROM dataset_image di JOIN project_dataset pd ON pd.dataset_id = di.dataset_id WHERE di.image_id IN @ids", Of(CatalogObjectType.Image)).ConfigureAwait(false);
        await AddAsync(CatalogObjectType.Screen, "SELECT screen_id FROM screen_plate WHERE plate_id IN @ids", Of(CatalogObjectType.Plate)).ConfigureAwait(false);
        await AddAsync(CatalogObjectType.Screen, "SELECT sp.screen_id FROM well w JOIN screen_plate sp ON sp.plate_id = w.plate_id WHERE w.id IN @ids", Of(CatalogObjectType.Well)).ConfigureAwait(false);
        await AddAsync(CatalogObjectType.Screen, "SELECT sp.screen_id FROM well_sample ws JOIN well w ON w.id = ws.well_id JOIN screen_plate sp ON sp.plate_id = w.plate_id WHERE ws.image_id IN @ids", Of(CatalogObjectType.Image)).ConfigureAwait(false);
        return studies;
    }
}
