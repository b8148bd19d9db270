using System.CommandLine;
using System.Diagnostics;
using Tessera.Zarr;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Cli;

/// <summary><c>tessera copy SRC DST</c>: copies an array or a whole group, re-encoding it.</summary>
internal static class CopyCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("SRC") { Description = "Array or group to copy: directory, .zip/.ozx, or http(s) URL" };
        var destination = new Argument<string>("DST") { Description = "Where to write: a directory, or a .zip/.ozx file" };
        var format = new Option<int?>("--zarr-format") { Description = "Target Zarr format, 2 or 3 (default: the source's)" };
        var codec = new Option<string?>("--codec") { Description = "Compressor for the chunks: zstd[:level=3], blosc[:cname=lz4,clevel=5,shuffle=byte|bit|none], gzip[:level=5], zlib, lz4, bz2, crc32c, none; chain with '+'; or v3 codec JSON (default: the source's)" };
        var chunks = new Option<string?>("--chunks") { Description = "Chunk shape, e.g. 1,512,512 (inner chunks when sharded; default: the source's)" };
        var shards = new Option<string?>("--shards") { Description = "Shard shape for Zarr v3, e.g. 1,4096,4096, or 'none' (default: the source's)" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace nodes that already exist at the destination" };
        var quiet = new Option<bool>("--quiet") { Description = "Print no progress" };
        var command = new Command("copy", "Copy a Zarr array or group, re-encoding format, codecs, chunks and shards") { source, destination, format, codec, chunks, shards, overwrite, quiet };
        command.SetAction((result, token) => CommandFailure.RunAsync(async () =>
        {
            var options = new ZarrCopyOptions
            {
                ZarrFormat = result.GetValue(format) switch
                {
                    null => null,
                    2 => ZarrFormat.V2,
                    3 => ZarrFormat.V3,
                    var other => throw new ArgumentException($"--zarr-format must be 2 or 3, found {other}"),
                },
                Compressors = result.GetValue(codec) is { } spec ? CodecShorthand.Parse(spec) : null,
                ChunkShape = result.GetValue(chunks) is { } c ? ShapeArgument.Parse(c, "--chunks") : null,
                ShardShape = result.GetValue(shards) switch
                {
                    null => null,
                    "none" => [],
                    var s => ShapeArgument.Parse(s, "--shards"),
                },
                Overwrite = result.GetValue(overwrite),
                Progress = result.GetValue(quiet) ? null : new CopyProgressLine(),
            };

            var stopwatch = Stopwatch.StartNew();
            await using var from = StoreLocation.OpenRead(result.GetValue(source)!);
            var node = await ZarrNode.OpenAsync(from.Store, from.Path, token).ConfigureAwait(false);
            await using var to = StoreLocation.OpenWrite(result.GetValue(destination)!);
            await ZarrCopy.CopyAsync(node, to.WritableStore, to.Path, options, token).ConfigureAwait(false);
            await to.CommitAsync(token).ConfigureAwait(false);
            if (!result.GetValue(quiet))
            {
                Console.Error.WriteLine($"copied {from.Description} → {to.Description} in {stopwatch.Elapsed.TotalSeconds:F1} s");
            }

            return 0;
        }));
        return command;
    }
}
