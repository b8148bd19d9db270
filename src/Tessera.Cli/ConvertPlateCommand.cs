using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Tessera.Imaging.Conversion;
using Tessera.Ngff;

namespace Tessera.Cli;

/// <summary><c>tessera convert-plate DIR OUT --pattern P | --manifest CSV</c>: a folder of per-field, per-channel files to an OME-NGFF plate.</summary>
internal static class ConvertPlateCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("DIR") { Description = "The folder holding the plate's image files" };
        var output = new Argument<string>("OUT") { Description = "The OME-Zarr plate directory to write" };
        var pattern = new Option<string?>("--pattern") { Description = "File names relative to DIR, e.g. \"{row}{col}_f{field}_c{channel}.tif\"; placeholders {row} (letters) {col} {field} {channel} {z} {t} {acquisition}" };
        var manifest = new Option<string?>("--manifest") { Description = "Instead of --pattern: a CSV with columns row, column, file and optionally field, channel, z, t, acquisition" };
        var name = new Option<string?>("--name") { Description = "The plate name (default: DIR's name)" };
        var arguments = new ConversionArguments();
        var command = new Command("convert-plate", "Convert a plate folder (one file per well, field, channel, z, t) to an OME-NGFF plate: wells, fields and acquisitions, each field a multiscale image. " + ConversionArguments.MemoryNote) { input, output, pattern, manifest, name };
        arguments.AddTo(command);
        command.SetAction((result, token) => CommandFailure.RunAsync(async () =>
        {
            var quiet = result.GetValue(arguments.Quiet);
            var bar = quiet ? null : new ConversionProgressBar();
            var options = arguments.Parse(result, bar);
            var directory = result.GetValue(input)!;
            var target = result.GetValue(output)!;
            var layout = (result.GetValue(pattern), result.GetValue(manifest)) switch
            {
                ({ } text, null) => PlateLayout.FromFolder(directory, PlatePattern.Parse(text)),
                (null, { } csv) => PlateLayout.FromManifest(csv),
                _ => throw new FormatException("give exactly one of --pattern and --manifest"),
            };
            var clock = Stopwatch.StartNew();
            Plate? plate = null;
            var plateName = result.GetValue(name) ?? Path.GetFileName(Path.GetFullPath(directory).TrimEnd('/'));
            await arguments.WriteValidatedAsync(result, target, bar, async store => plate = await PlateConverter.ConvertAsync(store, "", layout, FileConverter.Open, plateName, options, token).ConfigureAwait(false), token).ConfigureAwait(false);

            if (!quiet)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"converted {directory} → {target}: plate {plate!.Rows.Count} × {plate.Columns.Count}, {layout.Wells.Count} wells, {layout.FieldCount} fields, {layout.Channels.Count} channels, valid OME-NGFF {options.Version.ToText()}, {clock.Elapsed.TotalSeconds:F1} s"));
            }

            return 0;
        }));
        return command;
    }
}
