using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Tessera.Zarr;
using Tessera.Zarr.Storage;

namespace Tessera.Bench.ZarrIo;

/// <summary>
/// Splits Tessera's read and write into phases (file IO, codec calls, copying between chunks and the
/// array, orchestration) and varies MaxConcurrency, to show where the time goes. Each probe runs
/// <c>repeats</c> times in this one process and reports the median; only public API is used.
/// </summary>
internal static class Probes
{
    public static async Task RunAsync(string arrayDirectory, string codec, string scratchDirectory, int repeats)
    {
        var files = new FileSystemStore(arrayDirectory);
        var array = await ZarrArray.OpenAsync(files, "");
        var grid = ChunkLayout.Of(array);
        await Modes.WarmUpReadAsync(array);
        Console.WriteLine($"# Tessera probes on {arrayDirectory} ({grid.Count} chunks), median of {repeats} in one process, {Environment.ProcessorCount} processors");

        var data = Modes.AllocateTouched(array);
        await ReadProbesAsync(arrayDirectory, array, grid, data, repeats);
        GC.Collect();
        await WriteProbesAsync(array, grid, data, codec, scratchDirectory, repeats);
        Clean(scratchDirectory);
    }

    private static async Task ReadProbesAsync(string arrayDirectory, ZarrArray array, ChunkLayout grid, ushort[] data, int repeats)
    {
        var files = (FileSystemStore)array.Store;
        var full = ArrayRegion.Full(array.Shape);
        foreach (var concurrency in new[] { 1, 2, 4 })
        {
            var reader = await ZarrArray.OpenAsync(files, "", new ZarrArrayOptions { MaxConcurrency = concurrency });
            await Report("read.file", concurrency, repeats, () => reader.ReadAsync<ushort>(full, data).AsTask());
        }

        var expected = WeightedChecksum.Of(data);
        Console.WriteLine($"result probe=checksum threads=0 seconds=0 checksum={WeightedChecksum.Format(expected)}");

        await Report("read.fetch-only", 2, repeats, () => Parallel.ForEachAsync(grid.Keys, Limit(2), async (key, token) =>
        {
            using var value = await files.GetAsync(key, default, token);
        }));

        var encoded = new byte[grid.Count][];
        await Parallel.ForEachAsync(Enumerable.Range(0, grid.Count), Limit(2), async (k, token) =>
        {
            using var value = await files.GetAsync(grid.Keys[k], default, token) ?? throw new InvalidDataException($"chunk {grid.Keys[k]} is missing");
            encoded[k] = value.Span.ToArray();
        });

        var chunkBytes = grid.ChunkElements * sizeof(ushort);
        foreach (var threads in new[] { 1, 2 })
        {
            await Report("read.decode-only", threads, repeats, () => ParallelChunks(grid.Count, threads, () => new byte[chunkBytes], (k, buffer) =>
                array.Pipeline.Decode(encoded[k], buffer)));
        }

        var chunkMajor = new ushort[data.Length];
        ParallelChunks(grid.Count, 2, () => 0, (k, _) => array.Pipeline.Decode(encoded[k], MemoryMarshal.AsBytes(chunkMajor.AsSpan(k * grid.ChunkElements, grid.ChunkElements))));
        foreach (var threads in new[] { 1, 2 })
        {
            await Report("read.scatter-only", threads, repeats, () => ParallelChunks(grid.Count, threads, () => 0, (k, _) => grid.Scatter(chunkMajor, k, data)));
        }

        var memory = new MemoryStore();
        await memory.SetAsync(".zarray", await File.ReadAllBytesAsync(Path.Combine(arrayDirectory, ".zarray")));
        for (var k = 0; k < grid.Count; k++)
        {
            await memory.SetAsync(grid.Keys[k], encoded[k]);
        }

        foreach (var concurrency in new[] { 1, 2 })
        {
            var reader = await ZarrArray.OpenAsync(memory, "", new ZarrArrayOptions { MaxConcurrency = concurrency });
            await Report("read.memory-store", concurrency, repeats, () => reader.ReadAsync<ushort>(full, data).AsTask());
        }

        if (WeightedChecksum.Of(data) != expected)
        {
            throw new InvalidDataException("reads from the memory store and from files disagree");
        }
    }

    private static async Task WriteProbesAsync(ZarrArray array, ChunkLayout grid, ushort[] data, string codec, string scratchDirectory, int repeats)
    {
        // Chunks gathered out of the array beforehand, so encoding and file writing are timed alone.
        var chunkMajor = new ushort[data.Length];
        ParallelChunks(grid.Count, 2, () => 0, (k, _) => grid.Gather(data, k, chunkMajor));
        foreach (var threads in new[] { 1, 2 })
        {
            await Report("write.encode-only", threads, repeats, () => ParallelChunks(grid.Count, threads, () => 0, (k, _) =>
            {
                using var chunk = array.Pipeline.Encode(MemoryMarshal.AsBytes(chunkMajor.AsSpan(k * grid.ChunkElements, grid.ChunkElements)));
            }));
        }

        await Report("write.gather-only", 1, repeats, () => ParallelChunks(grid.Count, 1, () => 0, (k, _) => grid.Gather(data, k, chunkMajor)));
        await Report("write.fill-check", 1, repeats, () => ParallelChunks(grid.Count, 1, () => 0, (k, _) =>
            array.Metadata.FillValue.IsFilledWith(MemoryMarshal.AsBytes(chunkMajor.AsSpan(k * grid.ChunkElements, grid.ChunkElements)))));

        var compressed = new byte[grid.Count][];
        ParallelChunks(grid.Count, 2, () => 0, (k, _) =>
        {
            using var chunk = array.Pipeline.Encode(MemoryMarshal.AsBytes(chunkMajor.AsSpan(k * grid.ChunkElements, grid.ChunkElements)));
            compressed[k] = chunk.Span.ToArray();
        });

        // File-writing probes start from an empty directory and no pending write-back (untimed), as run.sh's writes do.
        var clean = () => Clean(scratchDirectory);
        await Report("write.store-set-only", 2, repeats, async () =>
        {
            var store = new FileSystemStore(scratchDirectory);
            await Parallel.ForEachAsync(Enumerable.Range(0, grid.Count), Limit(2), (k, token) => store.SetAsync(grid.Keys[k], compressed[k], token));
        }, clean);
        await Report("write.plain-files-only", 2, repeats, () =>
        {
            Directory.CreateDirectory(scratchDirectory);
            ParallelChunks(grid.Count, 2, () => 0, (k, _) => File.WriteAllBytes(Path.Combine(scratchDirectory, grid.Keys[k]), compressed[k]));
        }, clean);

        var full = ArrayRegion.Full(array.Shape);
        var metadata = Modes.V2Metadata(array.Shape, array.Metadata.ChunkShape, codec);
        await Report("write.memory-store", 2, repeats, async () =>
        {
            var target = await ZarrArray.CreateAsync(new MemoryStore(), "", metadata, new ZarrArrayOptions { MaxConcurrency = 2 });
            await target.WriteAsync<ushort>(full, data);
        });
        foreach (var concurrency in new[] { 1, 2, 4 })
        {
            await Report("write.file", concurrency, repeats, async () =>
            {
                var target = await ZarrArray.CreateAsync(new FileSystemStore(scratchDirectory), "", metadata, new ZarrArrayOptions { MaxConcurrency = concurrency });
                await target.WriteAsync<ushort>(full, data);
            }, clean);
        }
    }

    /// <summary>Runs <paramref name="action"/> the given number of times, each after an untimed <paramref name="prepare"/>, and prints the median.</summary>
    private static async Task Report(string probe, int threads, int repeats, Func<Task> action, Action? prepare = null)
    {
        var seconds = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            prepare?.Invoke();
            GC.Collect();
            var stopwatch = Stopwatch.StartNew();
            await action();
            seconds.Add(stopwatch.Elapsed.TotalSeconds);
        }

        var all = string.Join(',', seconds.Select(s => s.ToString("F4", CultureInfo.InvariantCulture)));
        seconds.Sort();
        var median = seconds.Count % 2 == 1 ? seconds[seconds.Count / 2] : (seconds[seconds.Count / 2 - 1] + seconds[seconds.Count / 2]) / 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"result probe={probe} threads={threads} seconds={median:F6} all={all}"));
    }

    private static Task Report(string probe, int threads, int repeats, Action action, Action? prepare = null) =>
        Report(probe, threads, repeats, () =>
        {
            action();
            return Task.CompletedTask;
        }, prepare);

    private static ParallelOptions Limit(int threads) => new() { MaxDegreeOfParallelism = threads };

    /// <summary>Processes chunks 0..count-1 on <paramref name="threads"/> threads, each with its own scratch state.</summary>
    private static void ParallelChunks<TState>(int count, int threads, Func<TState> scratch, Action<int, TState> body) =>
        Parallel.For(0, count, Limit(threads), scratch, (k, _, state) =>
        {
            body(k, state);
            return state;
        }, _ => { });

    /// <summary>Deletes the directory if present, then flushes the page cache so earlier writes are not still draining.</summary>
    private static void Clean(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        Libc.Sync();
    }
}
