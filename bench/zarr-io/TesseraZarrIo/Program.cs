using System.Globalization;
using Tessera.Bench.ZarrIo;
using Tessera.Zarr;

// One measurement per process (run.sh starts a fresh one each time), so only the page cache carries over.
// Output: human lines starting with "#", and "result key=value ..." lines that run.sh parses.
const string Usage = """
    usage: TesseraZarrIo read <array-dir> [--concurrency N]
           TesseraZarrIo write <src-array-dir> <dst-dir> <blosc-lz4|zstd3> [--concurrency N]
           TesseraZarrIo probe <array-dir> <blosc-lz4|zstd3> <scratch-dir> [--repeats N]
    """;

try
{
    var concurrency = IntOption(args, "--concurrency");
    switch (args.FirstOrDefault())
    {
        case "read" when args.Length >= 2:
            await Modes.ReadAsync(args[1], concurrency);
            return 0;
        case "write" when args.Length >= 4:
            await Modes.WriteAsync(args[1], args[2], args[3], concurrency);
            return 0;
        case "probe" when args.Length >= 4:
            await Probes.RunAsync(args[1], args[2], args[3], IntOption(args, "--repeats") ?? 3);
            return 0;
        default:
            Console.Error.WriteLine(Usage);
            return 2;
    }
}
catch (Exception e) when (e is ZarrException or IOException or ArgumentException)
{
    Console.Error.WriteLine($"TesseraZarrIo: {e.Message}");
    return 1;
}

static int? IntOption(string[] args, string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : null;
}
