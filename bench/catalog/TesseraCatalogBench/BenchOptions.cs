using System.Globalization;

namespace Tessera.Bench.Catalog;

/// <summary>The command line of one backend's run.</summary>
public sealed record BenchOptions
{
    public string Backend { get; init; } = "sqlite";

    public string SqliteFile { get; init; } = "catalog.db";

    public string PostgresConnection { get; init; } = "";

    public int Images { get; init; } = 20_000;

    public int Runs { get; init; } = 3;

    public int Iterations { get; init; } = 200;

    public int Warmup { get; init; } = 20;

    public int NaiveIterations { get; init; } = 5;

    public int NaiveCapSeconds { get; init; } = 120;

    public int NaiveTimeoutSeconds { get; init; } = 1800;

    public int Seed { get; init; } = 20240601;

    public bool DeferIndexes { get; init; }

    public bool MemberOnly { get; init; }

    public bool LoadOnly { get; init; }

    /// <summary>Measure the queries on the PostgreSQL database a previous --load-only run left (no load figures).</summary>
    public bool Reuse { get; init; }

    public bool Explain { get; init; }

    public string Output { get; init; } = "results.json";

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--backend" => options with { Backend = Value() is var b && b is "sqlite" or "postgresql" ? b : throw new ArgumentException("--backend: sqlite or postgresql") },
                "--sqlite-file" => options with { SqliteFile = Value() },
                "--postgres" => options with { PostgresConnection = Value() },
                "--images" => options with { Images = Number() },
                "--runs" => options with { Runs = Number() },
                "--iterations" => options with { Iterations = Number() },
                "--warmup" => options with { Warmup = Number() },
                "--naive" => options with { NaiveIterations = Number() },
                "--naive-cap" => options with { NaiveCapSeconds = Number() },
                "--seed" => options with { Seed = Number() },
                "--defer-indexes" => options with { DeferIndexes = true },
                "--member-only" => options with { MemberOnly = true },
                "--load-only" => options with { LoadOnly = true },
                "--reuse" => options with { Reuse = true },
                "--explain" => options with { Explain = true },
                "--out" => options with { Output = Value() },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        if (options.Backend == "postgresql" && options.PostgresConnection.Length == 0)
        {
            throw new ArgumentException("--backend postgresql needs --postgres CONNECTION");
        }

        return options;
    }
}
