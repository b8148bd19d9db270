using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Tessera.Imaging.Conversion;
using Tessera.Imaging.Tiff;
using Tessera.Zarr.Metadata;

namespace Tessera.Cli.Tests;

/// <summary>
/// <c>tessera convert</c> and <c>convert-plate</c> as a user runs them: exit codes, one-line errors, nothing left on
/// failure, an interrupted run that never looks complete (issue 4, point 3), and the memory bound (point 2).
/// </summary>
public sealed class ConvertCommandTests : IDisposable
{
    private readonly TestDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Converts_validates_and_refuses_to_overwrite()
    {
        var input = WriteTiff("small.tif", 500, 400, tile: 128);
        var output = _directory.Combine("small.zarr");
        var first = await TesseraProcess.RunAsync("convert", input, output, "--chunks", "256", "--compression", "zstd:3");
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Contains("valid OME-NGFF 0.5", first.Error, StringComparison.Ordinal);

        // stderr is a pipe here, so progress comes as plain lines rather than a redrawn bar.
        Assert.Contains("convert: 100.0%", first.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("\r[", first.Error, StringComparison.Ordinal);
        Assert.Equal(0, (await TesseraProcess.RunAsync("validate", output)).ExitCode);

        var again = await TesseraProcess.RunAsync("convert", input, output, "--quiet");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already exists (pass --overwrite", again.Error, StringComparison.Ordinal);
        var replaced = await TesseraProcess.RunAsync("convert", input, output, "--quiet", "--overwrite", "--ngff", "0.4");
        Assert.True(replaced.ExitCode == 0, replaced.Error);
        Assert.True(File.Exists(Path.Combine(output, ".zattrs")));
    }

    [Theory]
    [InlineData("--ngff", "0.3", "--ngff: '0.3'")]
    [InlineData("--compression", "brotli", "--compression: 'brotli'")]
    [InlineData("--shards", "4096", "--shards needs --ngff 0.5")]
    [InlineData("--chunks", "0", "--chunks: '0'")]
    public async Task Bad_options_are_usage_errors(string option, string value, string expected)
    {
        var input = WriteTiff("opt.tif", 64, 64, tile: 0);
        string[] arguments = option == "--shards" ? ["convert", input, _directory.Combine("o.zarr"), option, value, "--ngff", "0.4"] : ["convert", input, _directory.Combine("o.zarr"), option, value];
        var result = await TesseraProcess.RunAsync(arguments);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_directory.Combine("o.zarr")));
    }

    [Fact]
    public async Task Bad_input_exits_1_with_one_line_and_no_output()
    {
        var truncated = WriteTiff("cut.tif", 700, 600, tile: 128, TiffCompression.Deflate);
        var bytes = await File.ReadAllBytesAsync(truncated);
        await File.WriteAllBytesAsync(truncated, bytes.AsSpan(0, bytes.Length / 2).ToArray());
        var output = _directory.Combine("cut.zarr");
        var result = await TesseraProcess.RunAsync("convert", truncated, output);
        Assert.Equal(1, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('[') && !l.StartsWith("convert:", StringComparison.Ordinal)).ToArray();
        Assert.Single(lines);
        Assert.StartsWith($"tessera: error: {truncated}: ", lines[0], StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
        Assert.False(Directory.Exists(StagedOutput.StagingPath(output)));

        Directory.CreateDirectory(_directory.Combine("empty-plate"));
        var plate = await TesseraProcess.RunAsync("convert-plate", _directory.Combine("empty-plate"), _directory.Combine("plate.zarr"), "--pattern", "{row}{col}_f{field}_c{channel}.tif");
        Assert.Equal(1, plate.ExitCode);
        Assert.Equal($"tessera: error: {_directory.Combine("empty-plate")}: no file matches the pattern '{{row}}{{col}}_f{{field}}_c{{channel}}.tif'", plate.Error.Trim());
        Assert.False(Directory.Exists(_directory.Combine("plate.zarr")));
    }

    [Fact]
    public async Task Killed_conversion_never_looks_complete_and_a_rerun_succeeds()
    {
        var input = WriteTiff("big.tif", 6000, 6000, tile: 256);
        var output = _directory.Combine("big.zarr");
        var staging = StagedOutput.StagingPath(output);
        string[] arguments = ["convert", input, output, "--chunks", "256", "--compression", "gzip:9", "--threads", "1", "--quiet"];
        using (var process = Process.Start(TesseraProcess.StartInfo(arguments))!)
        {
            // Kill once part of level 0 is on disk: 24 × 24 chunks in all.
            var level0 = Path.Combine(staging, "0");
            var clock = Stopwatch.StartNew();
            while (!process.HasExited && ChunkFiles(level0) < 100 && clock.Elapsed < TimeSpan.FromMinutes(2))
            {
                await Task.Delay(10);
            }

            Assert.False(process.HasExited, "the conversion finished before it could be interrupted");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Assert.False(Directory.Exists(output), "an interrupted conversion must not appear under the output name");
        Assert.True(Directory.Exists(staging));
        var partial = await TesseraProcess.RunAsync("validate", staging);
        Assert.NotEqual(0, partial.ExitCode);

        var rerun = await TesseraProcess.RunAsync("convert", input, output, "--chunks", "256", "--quiet");
        Assert.True(rerun.ExitCode == 0, rerun.Error);
        Assert.False(Directory.Exists(staging));
        Assert.Equal(0, (await TesseraProcess.RunAsync("validate", output)).ExitCode);
    }

    [Fact]
    public async Task Labels_from_the_command_line()
    {
        var input = WriteTiff("cells.tif", 120, 90, tile: 0);
        var mask = _directory.Combine("mask.tif");
        var labels = new ushort[120 * 90];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = (ushort)(i % 120 < 60 ? 3 : 0);
        }

        using (var writer = TiffWriter.Create(mask, false))
        {
            writer.WritePage(new TiffPageOptions(120, 90, DataType.UInt16) { RowsPerStrip = 90 }, MemoryMarshal.AsBytes(labels.AsSpan()));
        }

        var properties = _directory.Combine("cells.csv");
        await File.WriteAllTextAsync(properties, "label-value,class\n3,tumour\n");
        var output = _directory.Combine("cells.zarr");
        var result = await TesseraProcess.RunAsync("convert", input, output, "--labels", $"cells={mask}", "--label-properties", $"cells={properties}", "--quiet");
        Assert.True(result.ExitCode == 0, result.Error);
        var json = await File.ReadAllTextAsync(Path.Combine(output, "labels", "cells", "zarr.json"));
        Assert.Contains("\"tumour\"", json, StringComparison.Ordinal);
        Assert.Equal(0, (await TesseraProcess.RunAsync("validate", output)).ExitCode);

        var orphan = await TesseraProcess.RunAsync("convert", input, _directory.Combine("x.zarr"), "--label-properties", $"nuclei={properties}");
        Assert.Equal(2, orphan.ExitCode);
        Assert.Contains("--label-properties: no --labels nuclei", orphan.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plate_folder_converts_from_the_command_line()
    {
        var folder = _directory.Combine("wells");
        Directory.CreateDirectory(folder);
        foreach (var well in new[] { "A01", "A02", "B01" })
        {
            foreach (var channel in new[] { 1, 2 })
            {
                File.Move(WriteTiff($"{well}_{channel}.tif", 80, 60, tile: 0), Path.Combine(folder, $"{well}_f1_c{channel}.tif"));
            }
        }

        var output = _directory.Combine("wells.zarr");
        var result = await TesseraProcess.RunAsync("convert-plate", folder, output, "--pattern", "{row}{col}_f{field}_c{channel}.tif", "--name", "screen 1");
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Contains("plate 2 × 2, 3 wells, 3 fields, 2 channels", result.Error, StringComparison.Ordinal);
        var info = await TesseraProcess.RunAsync("info", output);
        Assert.Contains("plate", info.Output, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Issue 4, point 2: a 30 000 × 30 000 uint16 tiled TIFF converts in under 1 GiB of resident memory.</summary>
    [Fact]
    public async Task Large_image_converts_in_bounded_memory()
    {
        const int size = 30000, tile = 512;
        var input = _directory.Combine("huge.tif");
        using (var writer = TiffWriter.Create(input, bigTiff: true))
        {
            writer.BeginPage(new TiffPageOptions(size, size, DataType.UInt16) { TileWidth = tile, TileHeight = tile });
            var buffer = new ushort[tile * tile];
            var across = (size + tile - 1) / tile;
            for (var row = 0; row < across; row++)
            {
                for (var column = 0; column < across; column++)
                {
                    for (var i = 0; i < buffer.Length; i++)
                    {
                        buffer[i] = (ushort)((row * 131 + column * 17 + i % tile + i / tile * 3) & 0x0FFF);
                    }

                    writer.WriteTile(row, column, 0, MemoryMarshal.AsBytes(buffer.AsSpan()));
                }
            }

            writer.EndPage();
        }

        var output = _directory.Combine("huge.zarr");
        var result = await TesseraProcess.RunAsync(TimeSpan.FromMinutes(10), ["convert", input, output, "--quiet"], wrapper: "/usr/bin/time");
        File.Delete(input);
        Assert.True(result.ExitCode == 0, result.Error);

        // GNU time's default report ends with "...maxresident)k".
        var report = result.Error.Split('\n').Last(l => l.Contains("maxresident", StringComparison.Ordinal));
        var kib = long.Parse(report[(report.IndexOf("avgdata ", StringComparison.Ordinal) + 8)..report.IndexOf("maxresident", StringComparison.Ordinal)], CultureInfo.InvariantCulture);
        Console.WriteLine($"tessera convert 30000 × 30000 uint16: peak resident {kib / 1024} MiB");
        Assert.True(kib < 1024 * 1024, $"peak resident memory {kib / 1024} MiB is over 1 GiB");
        Assert.Equal(0, (await TesseraProcess.RunAsync("validate", output, "--metadata-only")).ExitCode);
    }

    private static int ChunkFiles(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Count() : 0;

    private string WriteTiff(string name, int width, int height, int tile, TiffCompression compression = TiffCompression.None)
    {
        var path = _directory.Combine(name);
        var pixels = new ushort[width * height];
        var random = new Random(width + height);
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (ushort)(i % width * 7 + random.Next(0, 500));
        }

        using var writer = TiffWriter.Create(path, false);
        var options = new TiffPageOptions(width, height, DataType.UInt16) { Compression = compression };
        writer.WritePage(tile > 0 ? options with { TileWidth = tile, TileHeight = tile } : options with { RowsPerStrip = 32 }, MemoryMarshal.AsBytes(pixels.AsSpan()));
        return path;
    }
}
