namespace Tessera.Bench.Catalog;

/// <summary>Everything one backend's run measured, written as JSON for the report.</summary>
public sealed record BenchResults
{
    public required string Backend { get; init; }

    public required int Images { get; init; }

    public required long Pairs { get; init; }

    public required int Runs { get; init; }

    public required LoadMeasurement Load { get; init; }

    public List<QueryMeasurement> Queries { get; init; } = [];

    public string LoadAverageBefore { get; init; } = "";

    public string LoadAverageAfter { get; set; } = "";
}

/// <summary>The bulk load: phases in seconds and the database size after it.</summary>
public sealed record LoadMeasurement(
    double GenerateSeconds, double RowsSeconds, double IndexesSeconds, double SearchTablesSeconds, double StatisticsSeconds, long DatabaseBytes, string Options)
{
    public double TotalSeconds => RowsSeconds + IndexesSeconds + SearchTablesSeconds + StatisticsSeconds;
}

/// <summary>One query kind for one caller: per-run percentiles of the indexed call, the naive timings, agreement.</summary>
public sealed record QueryMeasurement
{
    public required string Caller { get; init; }

    public required string Query { get; init; }

    public List<double> P50 { get; init; } = [];

    public List<double> P99 { get; init; } = [];

    public List<double> Max { get; init; } = [];

    public int Iterations { get; set; }

    public List<double> NaiveMs { get; init; } = [];

    public int Compared { get; set; }

    public List<string> Mismatches { get; init; } = [];

    public List<long> Sizes { get; init; } = [];

    /// <summary>The arguments of the slowest timed call (for the plans printed with --explain).</summary>
    public string[] SlowestArguments { get; set; } = [];

    public double SlowestMs { get; set; }
}
