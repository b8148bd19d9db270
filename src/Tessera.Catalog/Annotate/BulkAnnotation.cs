using System.Globalization;
using System.Text.RegularExpressions;

namespace Tessera.Catalog.Annotate;

/// <summary>
/// Bulk key-value annotation as IDR does it: a CSV table names images (dataset and image names) or wells (plate
/// name and well) and gives each a map annotation of its row's key/value pairs, optionally with tags. Names are
/// resolved set-based against only what the caller may read, every row is checked, and then either every row is
/// written in one transaction or — when any row has a problem — nothing is, and the report lists every problem.
/// </summary>
public static partial class BulkAnnotation
{
    private const int NamesPerQuery = 500;

    /// <summary>Annotates the objects a <see cref="BulkAnnotationTable"/> names.</summary>
    /// <param name="catalog">The catalogue.</param>
    /// <param name="caller">Who annotates; names resolve only to objects they may read.</param>
    /// <param name="table">The checked CSV table.</param>
    /// <param name="options">Namespace, tags, dry run.</param>
    /// <param name="cancellationToken">Cancels the work (nothing is written then).</param>
    /// <returns>One outcome per row; <see cref="BulkAnnotationReport.Written"/> says whether anything was written.</returns>
    /// <exception cref="ArgumentException">A tag is empty, or there is nothing to write (no key columns and no tags).</exception>
    public static async Task<BulkAnnotationReport> ApplyAsync(Catalog catalog, CatalogCaller caller, BulkAnnotationTable table, BulkAnnotationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(table);
        options ??= new BulkAnnotationOptions();
        var tags = CheckTags(options.Tags);
        if (table.Keys.Count == 0 && tags.Count == 0)
        {
            throw new ArgumentException($"{table.Source}: nothing to annotate: the file has no key columns and no tags were given", nameof(table));
        }

        await using var write = await catalog.BeginWriteAsync(caller, cancellationToken).ConfigureAwait(false);
        var shape = table.TargetType == CatalogObjectType.Image ? Shape.Images : Shape.Wells;
        var resolved = await ResolveAsync(write, shape, table.Rows).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var outcomes = new List<BulkAnnotationOutcome>(table.Rows.Count);
        var firstLine = new Dictionary<ObjectRef, int>();
        var maps = new List<(AnnotationTarget, IReadOnlyList<KeyValuePair<string, string>>)>();
        var tagged = new List<AnnotationTarget>();
        for (var i = 0; i < table.Rows.Count; i++)
        {
            var row = table.Rows[i];
            var (description, target, problem, message) = resolved[i];
            if (target is { } t)
            {
                var named = $"{description} ({t.Ref})";
                if (firstLine.TryGetValue(t.Ref, out var first))
                {
                    (problem, message) = (BulkAnnotationProblem.Duplicate, $"{named}: also on line {first}; give each object one row");
                }
                else if (!caller.Allows(t.GroupId, t.OwnerId, CatalogAction.Annotate, out var reason))
                {
                    (problem, message) = (BulkAnnotationProblem.Forbidden, $"{named}: annotate not allowed: {reason}");
                }

                firstLine.TryAdd(t.Ref, row.Line);
            }

            outcomes.Add(new BulkAnnotationOutcome(
                row.Line, description, target?.Ref, row.Pairs.Count, tags.Count, problem, message is null ? null : $"line {row.Line}: {message}"));
            if (problem is null && target is { } ok)
            {
                maps.Add((ok, row.Pairs));
                tagged.Add(ok);
            }
        }

        var report = new BulkAnnotationReport(table.Source, table.TargetType, outcomes, Written: false, options.DryRun);
        if (!report.Succeeded || options.DryRun)
        {
            return report;
        }

        await BulkAnnotationWriter.WriteAsync(write, maps, options.Namespace, tagged, tags).ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        return report with { Written = true };
    }

    /// <summary>Tags objects given by reference, all in one transaction or (when any target has a problem) none.</summary>
    /// <param name="catalog">The catalogue.</param>
    /// <param name="caller">Who tags.</param>
    /// <param name="targets">The objects.</param>
    /// <param name="tags">The tag texts (each reused from the object's group, case-insensitively, or created).</param>
    /// <param name="dryRun">Check everything but write nothing.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <exception cref="ArgumentException">No targets or no tags, or an empty tag.</exception>
    public static async Task<BulkAnnotationReport> TagAsync(Catalog catalog, CatalogCaller caller, IReadOnlyList<ObjectRef> targets, IReadOnlyList<string> tags, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(targets);
        var texts = CheckTags(tags);
        if (targets.Count == 0 || texts.Count == 0)
        {
            throw new ArgumentException("tagging needs at least one target and one tag");
        }

        await using var write = await catalog.BeginWriteAsync(caller, cancellationToken).ConfigureAwait(false);
        var outcomes = new List<BulkAnnotationOutcome>();
        var tagged = new List<AnnotationTarget>();
        foreach (var target in targets.Distinct())
        {
            try
            {
                var found = await Catalog.RequireAsync(write, target, CatalogAction.Annotate).ConfigureAwait(false);
                tagged.Add(new AnnotationTarget(found.Ref, found.GroupId, found.OwnerId));
                outcomes.Add(new BulkAnnotationOutcome(null, target.ToString(), target, 0, texts.Count, null, null));
            }
            catch (CatalogNotFoundException e)
            {
                outcomes.Add(new BulkAnnotationOutcome(null, target.ToString(), null, 0, texts.Count, BulkAnnotationProblem.NotFound, e.Message));
            }
            catch (CatalogForbiddenException e)
            {
                outcomes.Add(new BulkAnnotationOutcome(null, target.ToString(), target, 0, texts.Count, BulkAnnotationProblem.Forbidden, e.Message));
            }
        }

        var types = targets.Select(t => t.Type).Distinct().ToList();
        var report = new BulkAnnotationReport("targets", types.Count == 1 ? types[0] : null, outcomes, Written: false, dryRun);
        if (!report.Succeeded || dryRun)
        {
            return report;
        }

        await BulkAnnotationWriter.WriteAsync(write, [], null, tagged, texts).ConfigureAwait(false);
        await write.CommitAsync(cancellationToken).ConfigureAwait(false);
        return report with { Written = true };
    }

    private static List<string> CheckTags(IReadOnlyList<string> tags)
    {
        if (tags.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("tag: must not be empty", nameof(tags));
        }

        // Tags are one per group by text, case-insensitively, so "Mitotic" and "mitotic" are one tag.
        return tags.Select(t => t.Trim()).DistinctBy(t => t.ToLowerInvariant()).ToList();
    }

    /// <summary>
    /// Resolves every row to the one object it names among those the caller may read, or to why it cannot: three
    /// or four queries for the whole table (containers, parents, their children), never one per row.
    /// </summary>
    private static async Task<List<(string Description, AnnotationTarget? Target, BulkAnnotationProblem? Problem, string? Message)>> ResolveAsync(
        CatalogWrite write, Shape shape, IReadOnlyList<BulkAnnotationRow> rows)
    {
        var caller = write.Caller;
        var parents = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var row in await InAsync(write, $"SELECT o.id, o.name FROM {shape.ParentTable} o WHERE o.name IN @values AND {caller.ReadPredicate("o")}", rows.Select(r => r.Parent)).ConfigureAwait(false))
        {
            Add(parents, row.Text("name"), row.Long("id"));
        }

        var inContainer = new HashSet<(string Container, long ParentId)>();
        if (rows.Any(r => r.Container is not null))
        {
            var sql = $"""
                SELECT c.name, l.{shape.LinkParentColumn} AS parent_id FROM {shape.LinkTable} l JOIN {shape.ContainerTable} c ON c.id = l.{shape.LinkContainerColumn}
                WHERE c.name IN @values AND {caller.ReadPredicate("c")}
                """;
            foreach (var row in await InAsync(write, sql, rows.Select(r => r.Container)).ConfigureAwait(false))
            {
                inContainer.Add((row.Text("name"), row.Long("parent_id")));
            }
        }

        var children = new Dictionary<(long ParentId, string Key), List<AnnotationTarget>>();
        foreach (var row in await InAsync(write, shape.ChildrenSql(caller.ReadPredicate("o")), parents.Values.SelectMany(ids => ids)).ConfigureAwait(false))
        {
            var key = (row.Long("parent_id"), shape.ChildKey(row));
            var target = new AnnotationTarget(new ObjectRef(shape.ChildType, row.Long("id")), row.Long("group_id"), row.Long("owner_id"));
            if (!children.TryGetValue(key, out var list))
            {
                children[key] = list = [];
            }

            list.Add(target);
        }

        var results = new List<(string, AnnotationTarget?, BulkAnnotationProblem?, string?)>(rows.Count);
        foreach (var row in rows)
        {
            var parentText = shape.Describe(row.Parent, row.Container);
            var description = $"{shape.ChildNoun} '{row.Name}' {shape.ChildPreposition} {parentText}";
            if (row.Parent.Length == 0 || row.Name.Length == 0)
            {
                var column = row.Parent.Length == 0 ? shape.ParentColumn : shape.ChildColumn;
                results.Add((description, null, BulkAnnotationProblem.Invalid, $"the {column} cell is empty"));
                continue;
            }

            var candidates = (parents.GetValueOrDefault(row.Parent) ?? [])
                .Where(id => row.Container is null || inContainer.Contains((row.Container, id))).ToList();
            if (candidates.Count != 1)
            {
                results.Add(candidates.Count == 0
                    ? (description, null, BulkAnnotationProblem.NotFound, $"{parentText}: not found")
                    : (description, null, BulkAnnotationProblem.Ambiguous, $"{parentText}: ambiguous: {Refs(shape.ParentType, candidates)} have this name"
                        + (row.Container is null ? $"; add a '{shape.ContainerColumn}' column to tell them apart" : "")));
                continue;
            }

            if (shape.CellKey(row.Name) is not { } childKey)
            {
                results.Add((description, null, BulkAnnotationProblem.Invalid, $"{description}: {shape.ChildNameRule}"));
                continue;
            }

            var matches = children.GetValueOrDefault((candidates[0], childKey)) ?? [];
            results.Add(matches.Count switch
            {
                0 => (description, null, BulkAnnotationProblem.NotFound, $"{description}: not found"),
                1 => (description, matches[0], null, null),
                _ => (description, null, BulkAnnotationProblem.Ambiguous, $"{description}: ambiguous: {Refs(shape.ChildType, matches.Select(m => m.Ref.Id))} have this name"),
            });
        }

        return results;
    }

    private static string Refs(CatalogObjectType type, IEnumerable<long> ids)
    {
        var list = ids.Order().ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{list.Count} {CatalogObjectTypes.Name(type)}s you can read ({string.Join(", ", list.Select(id => new ObjectRef(type, id)))})");
    }

    private static void Add(Dictionary<string, List<long>> map, string key, long id)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(id);
    }

    /// <summary>Runs <paramref name="sql"/> (with <c>IN @values</c>) for the distinct values, a few hundred per query.</summary>
    private static async Task<List<IDictionary<string, object?>>> InAsync<T>(CatalogWrite write, string sql, IEnumerable<T?> values)
    {
        // Dapper expands a list into one parameter per value for SQLite, but hands Npgsql the array itself.
        if (write.Dialect == CatalogDialect.PostgreSql)
        {
            sql = sql.Replace("IN @values", "= ANY(@values)", StringComparison.Ordinal);
        }

        var rows = new List<IDictionary<string, object?>>();
        foreach (var chunk in values.Where(v => v is not null && !(v is string s && s.Length == 0)).Distinct().Chunk(NamesPerQuery))
        {
            rows.AddRange(await write.RowsAsync(sql, new { values = chunk }).ConfigureAwait(false));
        }

        return rows;
    }

    /// <summary>Row letters then a column number, e.g. B3, B03, b3, AA12.</summary>
    [GeneratedRegex(@"^([A-Za-z]+)0*([0-9]+)$")]
    private static partial Regex WellName();

    /// <summary>A well's match key: upper-case row, column without leading zeros ("B:3" for B3 and B03).</summary>
    private static string WellKey(string row, string column) => row.ToUpperInvariant() + ":" + (column.TrimStart('0') is { Length: > 0 } c ? c : "0");

    /// <summary>How the two identifying schemes differ: tables, columns and how a child's name is matched.</summary>
    private sealed record Shape(
        CatalogObjectType ParentType, string ParentColumn, string ContainerNoun, string ContainerColumn, string LinkTable, string LinkContainerColumn, string LinkParentColumn,
        CatalogObjectType ChildType, string ChildColumn, string ChildPreposition, Func<string, string> ChildrenSql, Func<IDictionary<string, object?>, string> ChildKey,
        Func<string, string?> CellKey, string ChildNameRule)
    {
        public static readonly Shape Images = new(
            CatalogObjectType.Dataset, "Dataset Name", "project", "Project Name", "project_dataset", "project_id", "dataset_id",
            CatalogObjectType.Image, "Image Name", "in",
            read => $"SELECT o.id, o.name, o.owner_id, o.group_id, l.dataset_id AS parent_id FROM dataset_image l JOIN image o ON o.id = l.image_id WHERE l.dataset_id IN @values AND {read}",
            row => row.Text("name"),
            cell => cell,
            "");

        public static readonly Shape Wells = new(
            CatalogObjectType.Plate, "Plate", "screen", "Screen Name", "screen_plate", "screen_id", "plate_id",
            CatalogObjectType.Well, "Well", "of",
            read => $"SELECT o.id, o.row_name, o.column_name, o.owner_id, o.group_id, o.plate_id AS parent_id FROM well o WHERE o.plate_id IN @values AND {read}",
            row => WellKey(row.Text("row_name"), row.Text("column_name")),
            cell => WellName().Match(cell) is { Success: true } m ? WellKey(m.Groups[1].Value, m.Groups[2].Value) : null,
            "not a well name (row letters then a column number, like B3 or B03)");

        public string ParentTable => CatalogObjectTypes.Name(ParentType);

        public string ContainerTable => ContainerNoun;

        public string ChildNoun => CatalogObjectTypes.Name(ChildType);

        public string Describe(string parent, string? container) =>
            $"{CatalogObjectTypes.Name(ParentType)} '{parent}'" + (container is null ? "" : $" in {ContainerNoun} '{container}'");
    }
}
