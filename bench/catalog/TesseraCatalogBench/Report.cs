using System.Globalization;
using System.Text;

namespace Tessera.Bench.Catalog;

/// <summary>The markdown tables of one benchmark run (every backend's results).</summary>
public static class Report
{
    private const double P99TargetMs = 50;
    private const double RatioTarget = 100;

    public static string Markdown(IReadOnlyList<BenchResults> backends)
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine("### Bulk load").AppendLine();
        md.AppendLine("| backend | images | pairs | generate s | rows s | indexes s | search tables s | statistics s | load total s | images/s | pairs/s | DB size | load avg before → after |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var b in backends)
        {
            var l = b.Load;
            md.Append(inv, $"| {b.Backend} ({l.Options}) | {b.Images:N0} | {b.Pairs:N0} | {l.GenerateSeconds:F1} | {l.RowsSeconds:F1} | {l.IndexesSeconds:F1} | {l.SearchTablesSeconds:F1} | {l.StatisticsSeconds:F1} | ")
                    .AppendLine(inv, $"{l.TotalSeconds:F1} | {b.Images / l.TotalSeconds:N0} | {b.Pairs / l.TotalSeconds:N0} | {l.DatabaseBytes / 1e9:F2} GB | {b.LoadAverageBefore} → {b.LoadAverageAfter} |");
        }

        md.AppendLine().AppendLine("### Query latency (indexed: Catalog search API; naive: LIKE '%…%' scan of map_value joined to image)").AppendLine();
        md.AppendLine("| backend | caller | query | median hits | p50 ms | p99 ms | max ms | p99 ≤ 50 ms | naive median ms (n) | naive / indexed p50 | ≥ 100× | counts agree |");
        md.AppendLine("|---|---|---|---:|---:|---:|---:|:-:|---:|---:|:-:|:-:|");
        foreach (var b in backends)
        {
            foreach (var q in b.Queries)
            {
                var p50 = Stats.Median(q.P50);
                var p99 = Stats.Median(q.P99);
                var naive = Stats.Median(q.NaiveMs);
                var ratio = naive / p50;
                var sizes = q.Sizes.Select(s => (double)s).ToList();
                md.Append(inv, $"| {b.Backend} | {q.Caller} | {q.Query} | {Stats.Median(sizes):N0} | {p50:F2} | {p99:F2} | {Stats.Median(q.Max):F1} | {(p99 <= P99TargetMs ? "yes" : "**no**")} | ")
                    .Append(inv, $"{(q.NaiveMs.Count == 0 ? "–" : naive.ToString("N0", inv))} ({q.NaiveMs.Count}) | {(q.NaiveMs.Count == 0 ? "–" : ratio.ToString("N0", inv) + "×")} | ")
                    .AppendLine(inv, $"{(q.NaiveMs.Count == 0 ? "–" : ratio >= RatioTarget ? "yes" : "**no**")} | {(q.Mismatches.Count == 0 ? $"yes ({q.Compared})" : $"**NO: {q.Mismatches.Count} of {q.Compared}**")} |");
            }
        }

        md.AppendLine().Append(inv, $"p50 and p99 of {backends.FirstOrDefault()?.Queries.FirstOrDefault()?.Iterations} calls per run, median over {backends.FirstOrDefault()?.Runs} runs; ")
            .AppendLine("\"median hits\" is the median total count (searches) or number of values (suggestions, distinct values for facets).");
        var mismatches = backends.SelectMany(b => b.Queries.SelectMany(q => q.Mismatches.Select(m => $"- {b.Backend} {q.Caller} {q.Query}: {m}"))).ToList();
        if (mismatches.Count > 0)
        {
            md.AppendLine().AppendLine("### MISMATCHES between indexed and naive answers").AppendLine();
            foreach (var m in mismatches)
            {
                md.AppendLine(m.Length > 1500 ? m[..1500] + " …" : m);
            }
        }

        return md.ToString();
    }
}
