using System.Diagnostics;
using System.Globalization;
using Tessera.Zarr;
using Tessera.Zarr.Codecs;
using Tessera.Zarr.Metadata;
using Tessera.Zarr.Storage;

namespace Tessera.Bench.ZarrIo;

/// <summary>The timed read and write measurements.</summary>
internal static class Modes
{
    public static async Task ReadAsync(string arrayDirectory, int? concurrency)
    {
        var array = await ZarrArray.OpenAsync(new FileSystemStore(arrayDirectory), "", Options(concurrency));
        await WarmUpReadAsync(array);

        // Preallocated and touched beforehand, so the timed read pays for decoding, not for page faults.
        var data = AllocateTouched(array);
        var cpu = Environment.CpuUsage.TotalTime;
        var stopwatch = Stopwatch.StartNew();
        await array.ReadAsync<ushort>(ArrayRegion.Full(array.Shape), data);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;

        Console.WriteLine($"# Tessera read of {array.Shape.Aggregate((a, b) => a * b) * 2 / (double)(1 << 30):F2} GiB, MaxConcurrency {concurrency?.ToString(CultureInfo.InvariantCulture) ?? "default"} ({Environment.ProcessorCount} processors); JIT warmed by one untimed chunk read, open and allocation untimed");
        Console.WriteLine(FormattableString.Invariant($"result seconds={seconds:F6} cpu={cpuSeconds:F6} checksum={WeightedChecksum.Format(WeightedChecksum.Of(data))}"));

        // The same read again in this process, as a long-running server would do it: tiered JIT has finished.
        var warm = new List<(double Seconds, double Cpu)>();
        for (var i = 0; i < 3; i++)
        {
            cpu = Environment.CpuUsage.TotalTime;
            stopwatch.Restart();
            await array.ReadAsync<ushort>(ArrayRegion.Full(array.Shape), data);
            warm.Add((stopwatch.Elapsed.TotalSeconds, (Environment.CpuUsage.TotalTime - cpu).TotalSeconds));
        }

        var median = warm.OrderBy(w => w.Seconds).ElementAt(1);
        Console.WriteLine(FormattableString.Invariant($"result mode=warm seconds={median.Seconds:F6} cpu={median.Cpu:F6} checksum={WeightedChecksum.Format(WeightedChecksum.Of(data))}"));
    }

    public static async Task WriteAsync(string sourceDirectory, string destinationDirectory, string codec, int? concurrency)
    {
        var source = await ZarrArray.OpenAsync(new FileSystemStore(sourceDirectory), "", Options(concurrency));
        var data = await source.ReadAsync<ushort>(ArrayRegion.Full(source.Shape));
        var metadata = V2Metadata(source.Shape, source.Metadata.ChunkShape, codec);
        await WarmUpWriteAsync(destinationDirectory + ".warmup", metadata, Options(concurrency));

        var cpu = Environment.CpuUsage.TotalTime;
        var stopwatch = Stopwatch.StartNew();
        var written = await ZarrArray.CreateAsync(new FileSystemStore(destinationDirectory), "", metadata, Options(concurrency));
        await written.WriteAsync<ushort>(ArrayRegion.Full(written.Shape), data);
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var cpuSeconds = (Environment.CpuUsage.TotalTime - cpu).TotalSeconds;

        Console.WriteLine($"# Tessera write ({codec}) of {data.Length * 2 / (double)(1 << 30):F2} GiB as Zarr v2, MaxConcurrency {concurrency?.ToString(CultureInfo.InvariantCulture) ?? "default"}; source read, JIT warm-up (one small array written) untimed; no fsync");
        Console.WriteLine(FormattableString.Invariant($"result seconds={seconds:F6} cpu={cpuSeconds:F6}"));
    }

    /// <summary>Zarr v2 metadata as zarr-python writes it for the benchmark's codecs: C order, little endian, "." keys.</summary>
    public static ArrayMetadata V2Metadata(IEnumerable<long> shape, IEnumerable<int> chunks, string codec) =>
        new(shape, chunks, DataType.UInt16)
        {
            ZarrFormat = ZarrFormat.V2,
            ChunkKeyEncoding = ChunkKeyEncoding.V2Dot,
            FillValue = FillValue.Zero(DataType.UInt16),
            Codecs = codec switch
            {
                "blosc-lz4" => [new BytesCodec(Endianness.Little), new BloscCodec("lz4", 5, BloscShuffle.Shuffle)],
                "zstd3" => [new BytesCodec(Endianness.Little), new ZstdCodec(3)],
                _ => throw new ArgumentException($"unknown codec '{codec}' (expected blosc-lz4 or zstd3)"),
            },
        };

    public static ZarrArrayOptions? Options(int? concurrency) => concurrency is { } n ? new ZarrArrayOptions { MaxConcurrency = n } : null;

    public static ushort[] AllocateTouched(ZarrArray array)
    {
        var data = GC.AllocateUninitializedArray<ushort>(checked((int)array.Shape.Aggregate((a, b) => a * b)));
        data.AsSpan().Fill(0xFFFF);
        return data;
    }

    /// <summary>Reads one chunk so the read path is compiled and the codec library loaded before timing.</summary>
    public static async Task WarmUpReadAsync(ZarrArray array)
    {
        var chunk = array.Metadata.ChunkShape;
        var shape = array.Shape.Select((extent, d) => Math.Min(extent, chunk[d])).ToArray();
        var region = new ArrayRegion(new long[shape.Length], shape);
        await array.ReadAsync<ushort>(region, new ushort[region.ElementCount]);
    }

    /// <summary>Writes a small array of the same encoding, then deletes it: compiles the write path before timing.</summary>
    private static async Task WarmUpWriteAsync(string directory, ArrayMetadata metadata, ZarrArrayOptions? options)
    {
        var shape = metadata.ChunkShape.Select(e => (long)e * 2).ToArray();
        shape[0] = metadata.ChunkShape[0];
        var small = metadata with { Shape = [.. shape] };
        var values = new ushort[shape.Aggregate((a, b) => a * b)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (ushort)(i * 7 % 4096);
        }

        var array = await ZarrArray.CreateAsync(new FileSystemStore(directory), "", small, options, overwrite: true);
        await array.WriteAsync<ushort>(ArrayRegion.Full(array.Shape), values);
        Directory.Delete(directory, recursive: true);
    }
}
