using System.CommandLine;
using System.Globalization;
using Tessera.Catalog;
using Tessera.Catalog.Annotate;

namespace Tessera.Cli;

/// <summary>
/// <c>tessera annotate REPO --csv FILE</c>: key/value pairs (and tags) for the images or wells an IDR-style CSV names,
/// all rows or none; <c>tessera annotate REPO --target image:42 --tag TEXT</c>: tags objects by reference.
/// </summary>
internal static class AnnotateCommand
{
    public static Command Create()
    {
        var repository = new Argument<string>("REPO") { Description = "The Tessera repository directory" };
        var csv = new Option<string?>("--csv") { HelpName = "FILE", Description = "The CSV: 'Dataset Name' and 'Image Name' (optionally 'Project Name'), or 'Plate' and 'Well' (optionally 'Screen Name'), then one column per key; one map annotation per row" };
        var ns = new Option<string?>("--ns") { HelpName = "NS", Description = $"Namespace of the map annotations (default {Catalog.Catalog.ClientMapNamespace})" };
        var tags = new Option<string[]>("--tag") { HelpName = "TEXT", Description = "A tag for every object named (repeatable)" };
        var targets = new Option<string[]>("--target") { HelpName = "TYPE:ID", Description = "An object to tag, as TYPE:ID, e.g. image:42 (repeatable; needs --tag)" };
        var user = new Option<string?>("--user") { HelpName = "NAME", Description = "Annotate as this user (default: the repository's default user)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check every row and print what would be done, but write nothing" };
        var command = new Command("annotate", "Add key/value pairs from a CSV (IDR's bulk annotation shape) or tags to objects in a repository; if any row is bad nothing is written and every problem is listed")
        {
            repository, csv, ns, tags, targets, user, dryRun,
        };
        command.SetAction((result, token) => CommandFailure.RunAsync(async () =>
        {
            var csvFile = result.GetValue(csv);
            var targetTexts = result.GetValue(targets) ?? [];
            var tagTexts = result.GetValue(tags) ?? [];
            if ((csvFile is null) == (targetTexts.Length == 0))
            {
                throw new ArgumentException("annotate: give either --csv FILE, or --target TYPE:ID with --tag TEXT");
            }

            if (targetTexts.Length > 0 && tagTexts.Length == 0)
            {
                throw new ArgumentException("annotate: --target needs at least one --tag");
            }

            if (targetTexts.Length > 0 && result.GetValue(ns) is not null)
            {
                throw new ArgumentException("annotate: --ns applies to --csv pairs; --target only tags");
            }

            var parsedTargets = targetTexts.Select(ParseTarget).ToList();
            var repo = await TesseraRepository.OpenAsync(result.GetValue(repository)!, token).ConfigureAwait(false);
            var caller = await repo.CallerAsync(result.GetValue(user), token).ConfigureAwait(false);
            BulkAnnotationReport report;
            if (csvFile is not null)
            {
                var table = await BulkAnnotationTable.ReadAsync(csvFile, token).ConfigureAwait(false);
                var options = new BulkAnnotationOptions { Namespace = result.GetValue(ns) ?? Catalog.Catalog.ClientMapNamespace, Tags = tagTexts, DryRun = result.GetValue(dryRun) };
                report = await BulkAnnotation.ApplyAsync(repo.Catalog, caller, table, options, token).ConfigureAwait(false);
            }
            else
            {
                report = await BulkAnnotation.TagAsync(repo.Catalog, caller, parsedTargets, tagTexts, result.GetValue(dryRun), token).ConfigureAwait(false);
            }

            if (!report.Succeeded)
            {
                Console.Error.WriteLine($"tessera: {report.Summary}:");
                foreach (var problem in report.Problems)
                {
                    Console.Error.WriteLine($"  {problem.Message}");
                }

                return CommandFailure.Failed;
            }

            Console.WriteLine(report.Summary);
            return 0;
        }));
        return command;
    }

    private static ObjectRef ParseTarget(string text)
    {
        try
        {
            return ObjectRef.Parse(text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"--target: {e.Message}", e);
        }
    }
}
