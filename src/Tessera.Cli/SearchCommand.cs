using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tessera.Catalog;

namespace Tessera.Cli;

/// <summary>
/// <c>tessera search REPO Key=Value … [--text WORDS] [--type TYPE] [--facet KEY] [--suggest-key PREFIX]
/// [--suggest-value KEY=PREFIX] [--json]</c>: the objects a user (or the anonymous public) may read that match
/// every filter, with facet counts and autocomplete suggestions from the catalogue's search index.
/// </summary>
internal static class SearchCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var repository = new Argument<string>("REPO") { Description = "The Tessera repository directory" };
        var filters = new Argument<string[]>("FILTER") { Description = "Key=Value (case-insensitive), Key=Prefix* or Key=* (any value); all must hold", Arity = ArgumentArity.ZeroOrMore };
        var text = new Option<string?>("--text") { HelpName = "WORDS", Description = "Words that must each start a word of the name or description" };
        var type = new Option<string?>("--type") { HelpName = "TYPE", Description = "Only this kind of object: project, dataset, image, screen, plate, well or roi" };
        var offset = new Option<long>("--offset") { HelpName = "N", Description = "Skip this many hits", DefaultValueFactory = _ => 0 };
        var limit = new Option<int>("--limit") { HelpName = "N", Description = $"Show at most this many hits (1 to {Catalog.Catalog.MaxPageSize})", DefaultValueFactory = _ => 50 };
        var facet = new Option<string?>("--facet") { HelpName = "KEY", Description = "Also count the values of this key (most frequent first)" };
        var suggestKey = new Option<string?>("--suggest-key") { HelpName = "PREFIX", Description = "Also list keys starting with PREFIX (most used first)" };
        var suggestValue = new Option<string?>("--suggest-value") { HelpName = "KEY=PREFIX", Description = "Also list values of KEY starting with PREFIX, given as KEY=PREFIX" };
        var user = new Option<string?>("--user") { HelpName = "NAME", Description = "Search as this user (default: the repository's default user)" };
        var anonymous = new Option<bool>("--anonymous") { Description = "Search as the anonymous public (public groups only)" };
        var json = new Option<bool>("--json") { Description = "Print JSON: {\"data\": [...], \"meta\": {offset, limit, totalCount}} plus \"facet\" and \"suggestions\" when asked" };
        var command = new Command("search", "Find objects by key/value pairs and words, with facet counts and autocomplete, as a user sees them")
        {
            repository, filters, text, type, offset, limit, facet, suggestKey, suggestValue, user, anonymous, json,
        };
        command.SetAction((result, token) => CommandFailure.RunAsync(async () =>
        {
            var query = new CatalogQuery
            {
                Filters = (result.GetValue(filters) ?? []).Select(KeyValueFilter.Parse).ToList(),
                Text = result.GetValue(text),
                Type = result.GetValue(type) is { } typeText ? CatalogObjectTypes.Parse(typeText) : null,
                Offset = result.GetValue(offset),
                Limit = result.GetValue(limit),
            };
            var facetKey = result.GetValue(facet);
            var keyPrefix = result.GetValue(suggestKey);
            var valuePrefix = result.GetValue(suggestValue) is { } pair ? SplitSuggestValue(pair) : default((string Key, string Prefix)?);
            if (keyPrefix is not null && valuePrefix is not null)
            {
                throw new ArgumentException("search: give --suggest-key or --suggest-value, not both");
            }

            if (result.GetValue(user) is not null && result.GetValue(anonymous))
            {
                throw new ArgumentException("search: give --user or --anonymous, not both");
            }

            // With only a facet or suggestions asked for, there is no search to run.
            var searching = query.Filters.Count > 0 || !string.IsNullOrWhiteSpace(query.Text);
            if (!searching && facetKey is null && keyPrefix is null && valuePrefix is null)
            {
                throw new ArgumentException("search: give Key=Value filters or --text (or --facet, --suggest-key, --suggest-value)");
            }

            var repo = await TesseraRepository.OpenAsync(result.GetValue(repository)!, token).ConfigureAwait(false);
            var caller = result.GetValue(anonymous)
                ? await repo.Catalog.AnonymousAsync(token).ConfigureAwait(false)
                : await repo.CallerAsync(result.GetValue(user), token).ConfigureAwait(false);
            var found = searching ? await repo.Catalog.SearchAsync(caller, query, token).ConfigureAwait(false) : null;
            var facetResult = facetKey is null ? null : await repo.Catalog.FacetAsync(caller, facetKey, query.Type, cancellationToken: token).ConfigureAwait(false);
            var suggestions = keyPrefix is not null
                ? await repo.Catalog.SuggestKeysAsync(caller, keyPrefix, cancellationToken: token).ConfigureAwait(false)
                : valuePrefix is { } v ? await repo.Catalog.SuggestValuesAsync(caller, v.Key, v.Prefix, cancellationToken: token).ConfigureAwait(false) : null;

            if (result.GetValue(json))
            {
                Console.WriteLine(Json(found, facetResult, suggestions).ToJsonString(Indented));
            }
            else
            {
                Print(found, facetResult, suggestions, keyPrefix is not null ? "keys" : "values");
            }

            return 0;
        }));
        return command;
    }

    private static (string Key, string Prefix) SplitSuggestValue(string text)
    {
        var separator = text.IndexOf('=', StringComparison.Ordinal);
        return separator > 0
            ? (text[..separator].Trim(), text[(separator + 1)..].Trim())
            : throw new FormatException($"--suggest-value: '{text}' is not KEY=PREFIX (e.g. \"Gene Symbol=CDK\")");
    }

    private static JsonObject Json(SearchResult? found, Facet? facet, IReadOnlyList<FacetValue>? suggestions)
    {
        var document = new JsonObject();
        if (found is not null)
        {
            document["data"] = new JsonArray(found.Items.Select(h => (JsonNode)new JsonObject
            {
                ["type"] = CatalogObjectTypes.Name(h.Ref.Type),
                ["id"] = h.Ref.Id,
                ["name"] = h.Name,
                ["ownerId"] = h.OwnerId,
                ["groupId"] = h.GroupId,
            }).ToArray());
            document["meta"] = new JsonObject { ["offset"] = found.Offset, ["limit"] = found.Limit, ["totalCount"] = found.TotalCount, ["totalCountIsLowerBound"] = found.TotalCountIsLowerBound };
        }

        if (facet is not null)
        {
            document["facet"] = new JsonObject { ["key"] = facet.Key, ["values"] = Values(facet.Values), ["distinctValues"] = facet.DistinctValues };
        }

        if (suggestions is not null)
        {
            document["suggestions"] = Values(suggestions);
        }

        return document;
    }

    private static JsonArray Values(IEnumerable<FacetValue> values) =>
        new(values.Select(v => (JsonNode)new JsonObject { ["value"] = v.Value, ["count"] = v.Count }).ToArray());

    private static void Print(SearchResult? found, Facet? facet, IReadOnlyList<FacetValue>? suggestions, string suggested)
    {
        if (found is not null)
        {
            var shown = found.Items.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" (showing {found.Offset + 1}–{found.Offset + found.Items.Count})");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(found.TotalCountIsLowerBound ? "at least " : "")}{found.TotalCount} match{(found.TotalCount == 1 ? "" : "es")}{shown}"));
            var width = found.Items.Select(h => h.Ref.ToString().Length).DefaultIfEmpty(0).Max();
            foreach (var hit in found.Items)
            {
                Console.WriteLine($"{hit.Ref.ToString().PadRight(width)}  {hit.Name}");
            }
        }

        if (facet is not null)
        {
            Console.WriteLine(facet.DistinctValues is { } distinct
                ? string.Create(CultureInfo.InvariantCulture, $"{facet.Key}: {distinct} value{(distinct == 1 ? "" : "s")}")
                : string.Create(CultureInfo.InvariantCulture, $"{facet.Key}: top {facet.Values.Count} values"));
            PrintCounts(facet.Values);
        }

        if (suggestions is not null)
        {
            Console.WriteLine($"suggested {suggested}:");
            PrintCounts(suggestions);
        }
    }

    private static void PrintCounts(IReadOnlyList<FacetValue> values)
    {
        var width = values.Select(v => v.Count.ToString(CultureInfo.InvariantCulture).Length).DefaultIfEmpty(0).Max();
        foreach (var value in values)
        {
            Console.WriteLine($"  {value.Count.ToString(CultureInfo.InvariantCulture).PadLeft(width)}  {value.Value}");
        }
    }
}
