using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Tessera.Ngff;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Storage;

namespace Tessera.Cli;

/// <summary><c>tessera upgrade IN OUT</c>: rewrites an OME-Zarr hierarchy (0.4 or older) as OME-NGFF 0.5, then validates the result.</summary>
internal static class UpgradeCommand
{
    /// <summary>How many of an invalid source's errors to print before pointing at <c>tessera validate</c>.</summary>
    private const int ErrorsShown = 5;

    public static Command Create()
    {
        var source = new Argument<string>("IN") { Description = "The OME-Zarr hierarchy to upgrade: directory, .zip/.ozx, or http(s) URL" };
        var destination = new Argument<string>("OUT") { Description = "Where to write the 0.5 hierarchy: a directory, or a .zip/.ozx file" };
        var shards = new Option<string?>("--shards") { Description = "Shard the levels: a shard shape such as 1,1,1,2048,2048 (levels of that rank), or N to shard N×N chunks along y and x" };
        var codec = new Option<string?>("--codec") { Description = "Compressor for the chunks, as for 'tessera copy' (zstd[:level=3], blosc[:…], gzip, …; default: the source's)" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace nodes that already exist at the destination" };
        var quiet = new Option<bool>("--quiet") { Description = "Print no progress" };
        var command = new Command("upgrade", "Upgrade an OME-Zarr hierarchy to OME-NGFF 0.5 (Zarr v3, dimension_names, optionally sharded) and validate the result") { source, destination, shards, codec, overwrite, quiet };
        command.SetAction((result, token) => CommandFailure.RunAsync(async () =>
        {
            var (shardShape, chunksPerSide) = ParseShards(result.GetValue(shards));
            var isQuiet = result.GetValue(quiet);
            var options = new NgffUpgradeOptions
            {
                ShardShape = shardShape,
                ShardChunksPerSide = chunksPerSide,
                Compressors = result.GetValue(codec) is { } spec ? CodecShorthand.Parse(spec) : null,
                Overwrite = result.GetValue(overwrite),
                Progress = isQuiet ? null : new CopyProgressLine(),
            };

            var input = result.GetValue(source)!;
            var output = result.GetValue(destination)!;
            var stopwatch = Stopwatch.StartNew();
            (int Groups, int Arrays) written;
            await using (var from = StoreLocation.OpenRead(input))
            {
                await using var to = StoreLocation.OpenWrite(output);
                try
                {
                    written = await NgffUpgrade.UpgradeAsync(from.Store, from.Path, to.WritableStore, to.Path, options, token).ConfigureAwait(false);
                }
                catch (NgffInvalidException e)
                {
                    ReportInvalidSource(input, e.Report);
                    return CommandFailure.Failed;
                }

                await to.CommitAsync(token).ConfigureAwait(false);
            }

            if (!isQuiet)
            {
                Console.Error.WriteLine($"upgraded {input} → {output}: {NgffText.Count(written.Groups, "group")}, {NgffText.Count(written.Arrays, "array")} in {stopwatch.Elapsed.TotalSeconds:F1} s");
            }

            // Reopened for reading: a zip target is only readable as an archive once committed.
            await using var check = StoreLocation.OpenRead(output);
            var report = await NgffValidator.ValidateAsync(check.Store, check.Path, cancellationToken: token).ConfigureAwait(false);
            NgffText.WriteProblems(report, Console.Out);
            Console.WriteLine(NgffText.Summary(report, metadataOnly: false));
            return report.Valid ? 0 : CommandFailure.Failed;
        }));
        return command;
    }

    private static (int[]? Shape, int? ChunksPerSide) ParseShards(string? text)
    {
        if (text is null)
        {
            return (null, null);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n > 0 ? (null, n) : throw new FormatException($"--shards: '{text}' is not a positive integer")
            : (ShapeArgument.Parse(text, "--shards"), null);
    }

    private static void ReportInvalidSource(string input, NgffValidationReport report)
    {
        var errors = report.Errors.ToList();
        Console.Error.WriteLine($"tessera: error: {input} is not valid OME-NGFF ({NgffText.Count(errors.Count, "error")}); nothing was written");
        foreach (var problem in errors.Take(ErrorsShown))
        {
            Console.Error.WriteLine("  " + problem);
        }

        if (errors.Count > ErrorsShown)
        {
            Console.Error.WriteLine($"  … and {errors.Count - ErrorsShown} more (tessera validate {input})");
        }
    }
}
