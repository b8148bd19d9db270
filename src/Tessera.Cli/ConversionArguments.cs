using System.CommandLine;
using System.Globalization;
using Tessera.Imaging.Conversion;
using Tessera.Ngff;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Storage;

namespace Tessera.Cli;

/// <summary>The output options <c>convert</c> and <c>convert-plate</c> share, and their parsing into <see cref="ConversionOptions"/>.</summary>
internal sealed class ConversionArguments
{
    public const string MemoryNote =
        "Memory is bounded by rows, not by the image: three bands one chunk (or shard) high, as deep in t, c and z as one, and as wide as the image " +
        "(one being read while one is written, and all smaller levels together), plus one chunk per thread being " +
        "compressed — e.g. ~300 MB in all for a 30000-pixel-wide uint16 image with 1024-row chunks, ~1.3 GB with " +
        "--shards 4096 (bands a shard high). PNG and JPEG files are decoded whole.";

    private static readonly string[] Axes = ["t", "c", "z", "y", "x"];

    public Option<string> Ngff { get; } = new("--ngff") { Description = "OME-NGFF version to write: 0.5 (Zarr v3, default) or 0.4 (Zarr v2)", DefaultValueFactory = _ => "0.5" };

    public Option<string?> Chunks { get; } = new("--chunks") { Description = "Chunk shape: N (y and x), Y,X, T,C,Z,Y,X, or named as z=8,y=512,x=512 (default 1024 in y and x, 1 elsewhere)" };

    public Option<string?> Shards { get; } = new("--shards") { Description = "Shard shape (0.5 only), same forms as --chunks, each extent a multiple of the chunk's (e.g. 4096)" };

    public Option<string> Compression { get; } = new("--compression") { Description = "Chunk compression: blosc-lz4, blosc-zstd (default), zstd, gzip or none, with an optional :level", DefaultValueFactory = _ => "blosc-zstd:3" };

    public Option<int?> Levels { get; } = new("--levels") { Description = "Exact number of pyramid levels (default: until the largest y/x side is at most --smallest)" };

    public Option<int> Smallest { get; } = new("--smallest") { Description = "Add levels until the largest y/x side is at most this", DefaultValueFactory = _ => 256 };

    public Option<bool> Xyz { get; } = new("--xyz") { Description = "Halve z as well as y and x at each level" };

    public Option<int> Threads { get; } = new("--threads") { Description = "Threads reading, downsampling and compressing (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };

    public Option<bool> Overwrite { get; } = new("--overwrite") { Description = "Replace OUT if it exists (only once the new output is complete)" };

    public Option<bool> Quiet { get; } = new("--quiet") { Description = "Print no progress" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Ngff, Chunks, Shards, Compression, Levels, Smallest, Xyz, Threads, Overwrite, Quiet })
        {
            command.Options.Add(option);
        }
    }

    public ConversionOptions Parse(ParseResult result, IProgress<ConversionProgress>? progress)
    {
        var version = result.GetValue(Ngff) switch
        {
            "0.4" => NgffVersion.V0_4,
            "0.5" => NgffVersion.V0_5,
            var other => throw new FormatException($"--ngff: '{other}' is not a version this command writes (0.4 or 0.5)"),
        };
        var shards = result.GetValue(Shards) is { } shardText ? ParseShape(shardText, "--shards") : new Dictionary<string, int>();
        if (shards.Count > 0 && version == NgffVersion.V0_4)
        {
            throw new FormatException("--shards needs --ngff 0.5: OME-NGFF 0.4 is Zarr v2, which has no shards");
        }

        var threads = result.GetValue(Threads);
        if (threads < 1)
        {
            throw new FormatException($"--threads: {threads} is not a positive number");
        }

        return new ConversionOptions
        {
            Version = version,
            Chunks = result.GetValue(Chunks) is { } chunkText ? ParseShape(chunkText, "--chunks") : new Dictionary<string, int>(),
            Shards = shards,
            Compressors = ParseCompression(result.GetValue(Compression) ?? "blosc-zstd:3"),
            LevelCount = result.GetValue(Levels) is { } levels and < 1 ? throw new FormatException($"--levels: {levels} is not a positive number") : result.GetValue(Levels),
            SmallestLevelMaxSide = result.GetValue(Smallest) is >= 1 and var smallest ? smallest : throw new FormatException($"--smallest: {result.GetValue(Smallest)} is not a positive number"),
            DownsampleZ = result.GetValue(Xyz),
            Concurrency = threads,
            Progress = progress,
        };
    }

    /// <summary>
    /// Runs <paramref name="convert"/> into a staging directory, validates what it wrote — a converter bug must not
    /// publish an invalid output — and renames it to <paramref name="output"/>; the progress bar's line ends either way.
    /// </summary>
    public async Task WriteValidatedAsync(ParseResult result, string output, ConversionProgressBar? bar, Func<FileSystemStore, Task> convert, CancellationToken cancellationToken)
    {
        try
        {
            await StagedOutput.WriteAsync(output, result.GetValue(Overwrite), async store =>
            {
                await convert(store).ConfigureAwait(false);
                var report = await NgffValidator.ValidateAsync(store, "", new NgffValidationOptions(), cancellationToken).ConfigureAwait(false);
                if (!report.Valid)
                {
                    throw new InvalidOperationException($"the converted output does not validate (a bug in tessera; please report it): {string.Join("; ", report.Errors.Take(3).Select(e => e.ToString()))}");
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            bar?.Finish();
        }
    }

    /// <summary>Parses blosc-lz4, blosc-zstd, zstd, gzip or none, each with an optional ":level".</summary>
    public static IReadOnlyList<BytesToBytesCodec> ParseCompression(string text)
    {
        var parts = text.Split(':', 2, StringSplitOptions.TrimEntries);
        int? level = null;
        if (parts.Length == 2)
        {
            level = int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw new FormatException($"--compression: level '{parts[1]}' is not a whole number");
        }

        return parts[0].ToLowerInvariant() switch
        {
            "blosc-lz4" => CodecShorthand.Parse($"blosc:cname=lz4,clevel={level ?? 5},shuffle=shuffle"),
            "blosc-zstd" => CodecShorthand.Parse($"blosc:cname=zstd,clevel={level ?? 3},shuffle=shuffle"),
            "zstd" => CodecShorthand.Parse($"zstd:level={level ?? 3}"),
            "gzip" => CodecShorthand.Parse($"gzip:{level ?? 5}"),
            "none" when level is null => [],
            _ => throw new FormatException($"--compression: '{text}' is not one of blosc-lz4, blosc-zstd, zstd, gzip, none (each with an optional :level)"),
        };
    }

    /// <summary>Parses N, Y,X, T,C,Z,Y,X or name=extent lists into extents per axis name.</summary>
    public static Dictionary<string, int> ParseShape(string text, string option)
    {
        var shape = new Dictionary<string, int>(StringComparer.Ordinal);
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > 0 && parts.All(p => p.Contains('=', StringComparison.Ordinal)))
        {
            foreach (var part in parts)
            {
                var (name, value) = (part[..part.IndexOf('=', StringComparison.Ordinal)].Trim().ToLowerInvariant(), part[(part.IndexOf('=', StringComparison.Ordinal) + 1)..]);
                if (!Axes.Contains(name))
                {
                    throw new FormatException($"{option}: unknown axis '{name}' (axes: t, c, z, y, x)");
                }

                shape[name] = Positive(value, option);
            }

            return shape;
        }

        string[] names = parts.Length switch
        {
            1 => ["y", "x"],
            2 => ["y", "x"],
            5 => Axes,
            _ => throw new FormatException($"{option}: expected N, Y,X, T,C,Z,Y,X or axis=extent pairs, found '{text}'"),
        };
        for (var i = 0; i < names.Length; i++)
        {
            shape[names[i]] = Positive(parts[Math.Min(i, parts.Length - 1)], option);
        }

        return shape;
    }

    private static int Positive(string text, string option) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new FormatException($"{option}: '{text}' is not a positive whole number");
}
