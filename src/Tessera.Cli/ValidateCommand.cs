using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Tessera.Ngff;
using Tessera.Zarr.Storage;

namespace Tessera.Cli;

/// <summary><c>tessera validate PATH_OR_URL</c>: checks an OME-Zarr hierarchy against its OME-NGFF version. Exit 0 valid, 1 invalid, 2 unreadable.</summary>
internal static class ValidateCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var location = new Argument<string>("PATH_OR_URL") { Description = "An OME-Zarr group: directory, .zip/.ozx file (or a node inside one), or http(s) URL" };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (valid, version, kind, errors, warnings) and nothing else on stdout" };
        var strict = new Option<bool>("--strict") { Description = "Treat warnings (the specification's SHOULDs) as errors" };
        var metadataOnly = new Option<bool>("--metadata-only") { Description = "Check metadata documents only: skip absent arrays and referenced groups, read no chunk" };
        var command = new Command("validate", "Validate an OME-Zarr hierarchy: every metadata document, the references between them, and each level's first chunk") { location, json, strict, metadataOnly };
        command.SetAction(async (result, token) =>
        {
            var where = result.GetValue(location)!;
            var options = new NgffValidationOptions { Strict = result.GetValue(strict), MetadataOnly = result.GetValue(metadataOnly) };
            NgffValidationReport report;
            try
            {
                await using var opened = StoreLocation.OpenRead(where);
                report = await NgffValidator.ValidateAsync(opened.Store, opened.Path, options, token).ConfigureAwait(false);
            }
            catch (Exception e) when (CommandFailure.IsUnreadable(e))
            {
                // Distinct from "invalid" (1): there is no hierarchy to judge.
                Console.Error.WriteLine($"tessera: error: {e.Message}");
                return CommandFailure.Usage;
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("tessera: cancelled");
                return CommandFailure.Usage;
            }

            if (result.GetValue(json))
            {
                Console.WriteLine(report.ToJson().ToJsonString(Indented));
            }
            else
            {
                NgffText.WriteProblems(report, Console.Out);
                Console.WriteLine(NgffText.Summary(report, options.MetadataOnly));
            }

            return report.Valid ? 0 : CommandFailure.Failed;
        });
        return command;
    }
}
