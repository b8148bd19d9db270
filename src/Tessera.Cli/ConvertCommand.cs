using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Tessera.Imaging.Conversion;
using Tessera.Ngff;

namespace Tessera.Cli;

/// <summary><c>tessera convert IN OUT</c>: a TIFF, OME-TIFF, PNG or JPEG file (and masks as labels) to an OME-Zarr pyramid.</summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("IN") { Description = "The image file: TIFF/BigTIFF, OME-TIFF (image, several images, or a plate), PNG or JPEG" };
        var output = new Argument<string>("OUT") { Description = "The OME-Zarr directory to write (written under a temporary name, renamed when complete)" };
        var labels = new Option<string[]>("--labels") { Description = "A mask to store as labels/NAME: NAME=mask.tif (repeatable)", AllowMultipleArgumentsPerToken = false };
        var properties = new Option<string[]>("--label-properties") { Description = "Properties per label value for labels/NAME: NAME=props.csv with a label-value column (repeatable)" };
        var labelMethod = new Option<string>("--label-downsampling") { Description = "How label levels are made: mode (default) or nearest", DefaultValueFactory = _ => "mode" };
        var arguments = new ConversionArguments();
        var command = new Command("convert", "Convert an image file to an OME-Zarr pyramid (OME-NGFF 0.5 or 0.4) in bounded memory. " + ConversionArguments.MemoryNote) { input, output, labels, properties, labelMethod };
        arguments.AddTo(command);
        command.SetAction((result, token) => CommandFailure.RunAsync(async () =>
        {
            var quiet = result.GetValue(arguments.Quiet);
            var bar = quiet ? null : new ConversionProgressBar();
            var options = arguments.Parse(result, bar) with
            {
                LabelDownsampling = result.GetValue(labelMethod) switch
                {
                    "mode" => Downsampling.Mode,
                    "nearest" => Downsampling.Nearest,
                    var other => throw new FormatException($"--label-downsampling: '{other}' is not mode or nearest"),
                },
            };
            var labelFiles = ParseLabels(result.GetValue(labels) ?? [], result.GetValue(properties) ?? []);
            var source = result.GetValue(input)!;
            var target = result.GetValue(output)!;
            var clock = Stopwatch.StartNew();
            NgffKind kind = NgffKind.None;
            await arguments.WriteValidatedAsync(result, target, bar, async store => kind = await FileConverter.ConvertAsync(source, store, labelFiles, options, token).ConfigureAwait(false), token).ConfigureAwait(false);

            if (!quiet)
            {
                var bytes = new FileInfo(source).Length;
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"converted {source} → {target}: {Describe(kind)}, valid OME-NGFF {options.Version.ToText()}, {clock.Elapsed.TotalSeconds:F1} s ({bytes / 1e6 / Math.Max(clock.Elapsed.TotalSeconds, 1e-3):F1} MB/s of input)"));
            }

            return 0;
        }));
        return command;
    }

    private static string Describe(NgffKind kind) => kind switch
    {
        NgffKind.Plate => "plate",
        NgffKind.Bioformats2RawCollection => "image collection (bioformats2raw layout)",
        _ => "image",
    };

    private static List<LabelFile> ParseLabels(string[] labels, string[] properties)
    {
        var propertyFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in properties)
        {
            var (name, path) = Split(item, "--label-properties");
            propertyFiles[name] = path;
        }

        var files = new List<LabelFile>();
        foreach (var item in labels)
        {
            var (name, path) = Split(item, "--labels");
            if (name.Contains('/', StringComparison.Ordinal) || name is "." or "..")
            {
                throw new FormatException($"--labels: '{name}' is not a label name (no '/', not '.' or '..')");
            }

            if (files.Any(f => f.Name == name))
            {
                throw new FormatException($"--labels: '{name}' is given twice");
            }

            files.Add(new LabelFile(name, path, propertyFiles.GetValueOrDefault(name)));
        }

        foreach (var name in propertyFiles.Keys.Where(n => files.All(f => f.Name != n)))
        {
            throw new FormatException($"--label-properties: no --labels {name}=… to attach them to");
        }

        return files;
    }

    private static (string Name, string Path) Split(string item, string option)
    {
        var equals = item.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == item.Length - 1)
        {
            throw new FormatException($"{option}: expected NAME=FILE, found '{item}'");
        }

        return (item[..equals].Trim(), item[(equals + 1)..].Trim());
    }
}
