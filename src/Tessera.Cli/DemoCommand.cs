using System.CommandLine;
using System.Text.Json.Nodes;
using Tessera.Zarr;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Cli;

/// <summary><c>tessera demo DIR</c>: writes a small demo hierarchy (a sharded 4-D image and its labels).</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("DIR") { Description = "Directory to write the demo group into (replaced if it holds one)" };
        var command = new Command("demo", "Write a small demo Zarr hierarchy") { directory };
        command.SetAction((result, token) => CommandFailure.RunAsync(async () =>
        {
            var store = new FileSystemStore(result.GetValue(directory)!);
            await WriteAsync(store, token).ConfigureAwait(false);
            Console.Error.WriteLine($"wrote the demo hierarchy to {store.Root}");
            return 0;
        }));
        return command;
    }

    private static async Task WriteAsync(IWritableStore store, CancellationToken token)
    {
        var root = await ZarrGroup.CreateAsync(store, "", ZarrFormat.V3, new JsonObject { ["description"] = "Tessera demo: synthetic fluorescence-like image and its labels" }, overwrite: true, token).ConfigureAwait(false);

        // A 2-channel, 8-plane image of soft blobs over a dim background, 12-bit values.
        long[] shape = [2, 8, 512, 512];
        var image = new ArrayMetadata(shape, [1, 4, 512, 512], DataType.UInt16)
        {
            Codecs = [new ShardingCodec([1, 1, 256, 256], [new BytesCodec(), new BloscCodec("zstd", 5, BloscShuffle.BitShuffle)])],
            DimensionNames = ["c", "z", "y", "x"],
            Attributes = new JsonObject { ["channels"] = new JsonArray("DNA", "membrane") },
        };
        var pixels = new ushort[shape.Aggregate(1L, (a, b) => a * b)];
        var labels = new byte[8 * 512 * 512];
        (double Y, double X, double R)[] blobs = [.. Enumerable.Range(0, 24).Select(i => (40 + (i * 97 % 430), 40 + (i * 61 % 430), 12.0 + (i % 5) * 5))];
        for (var z = 0; z < 8; z++)
        {
            for (var y = 0; y < 512; y++)
            {
                for (var x = 0; x < 512; x++)
                {
                    double dna = 100, membrane = 80;
                    byte label = 0;
                    for (var b = 0; b < blobs.Length; b++)
                    {
                        var (by, bx, r) = blobs[b];
                        var d = Math.Sqrt((y - by) * (y - by) + (x - bx) * (x - bx) + (z - 4) * (z - 4) * 16) / r;
                        dna += 3000 * Math.Exp(-d * d * 2);
                        membrane += 2000 * Math.Exp(-(d - 1) * (d - 1) * 40);
                        if (d < 1)
                        {
                            label = (byte)(b + 1);
                        }
                    }

                    var noise = ((x * 7919 + y * 104729 + z * 1299709) % 64) - 32;
                    pixels[((0L * 8 + z) * 512 + y) * 512 + x] = (ushort)Math.Clamp(dna + noise, 0, 4095);
                    pixels[((1L * 8 + z) * 512 + y) * 512 + x] = (ushort)Math.Clamp(membrane + noise, 0, 4095);
                    labels[((long)z * 512 + y) * 512 + x] = label;
                }
            }
        }

        var imageArray = await root.CreateArrayAsync("image", image, cancellationToken: token).ConfigureAwait(false);
        await imageArray.WriteAsync<ushort>(ArrayRegion.Full(shape), pixels, token).ConfigureAwait(false);

        var labelMetadata = new ArrayMetadata([8, 512, 512], [1, 256, 256], DataType.UInt8)
        {
            Codecs = [new BytesCodec(), new ZstdCodec(3)],
            DimensionNames = ["z", "y", "x"],
        };
        var labelArray = await root.CreateArrayAsync("labels", labelMetadata, cancellationToken: token).ConfigureAwait(false);
        await labelArray.WriteAsync<byte>(ArrayRegion.Full(labelMetadata.Shape), labels, token).ConfigureAwait(false);

    }
}
