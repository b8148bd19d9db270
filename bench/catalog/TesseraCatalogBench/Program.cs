using System.Text.Json;
using Tessera.Bench.Catalog;
using Tessera.Catalog;

// run: one backend (load, then measure), results as JSON. report: the markdown tables from several JSON files.
const string Usage = """
    usage: TesseraCatalogBench run --backend sqlite|postgresql [--sqlite-file F] [--postgres CONNECTION] [--images N] [--runs R]
                                   [--iterations N] [--warmup N] [--naive N] [--naive-cap SECONDS] [--seed N] [--defer-indexes]
                                   [--member-only] [--load-only] [--explain] --out results.json
           TesseraCatalogBench report OUT.md RESULTS.json...
    """;
var json = new JsonSerializerOptions { WriteIndented = true };
try
{
    switch (args.FirstOrDefault())
    {
        case "run":
            var options = BenchOptions.Parse(args[1..]);
            var results = await new BenchRun(options).RunAsync();
            await File.WriteAllTextAsync(options.Output, JsonSerializer.Serialize(results, json));
            return 0;
        case "report" when args.Length >= 3:
            var all = args[2..].Select(f => JsonSerializer.Deserialize<BenchResults>(File.ReadAllText(f), json)!).ToList();
            var markdown = Report.Markdown(all);
            await File.WriteAllTextAsync(args[1], markdown);
            Console.Write(markdown);
            return 0;
        default:
            Console.Error.WriteLine(Usage);
            return 2;
    }
}
catch (Exception e) when (e is ArgumentException or FormatException or CatalogException or IOException)
{
    Console.Error.WriteLine($"TesseraCatalogBench: {e.Message}");
    return 1;
}
