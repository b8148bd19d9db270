using System.CommandLine;
using Tessera.Catalog;

namespace Tessera.Cli;

/// <summary><c>tessera init REPO [--postgres CONNSTRING] [--user NAME]</c>: creates a repository folder and its catalogue.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var repository = new Argument<string>("REPO") { Description = "The repository directory to create (or fill, if it exists and is not a repository yet)" };
        var postgres = new Option<string?>("--postgres") { Description = "Keep the catalogue in this PostgreSQL database (a connection string) instead of a SQLite file in REPO" };
        var user = new Option<string?>("--user") { Description = "Name of the first user, an administrator (default: your login name)" };
        var command = new Command("init", "Create a Tessera repository: pixels/ for copied OME-Zarr, files/, and a catalogue with an administrator and a group 'default'") { repository, postgres, user };
        command.SetAction((result, token) => CommandFailure.RunAsync(async () =>
        {
            var created = await TesseraRepository.InitAsync(result.GetValue(repository)!, result.GetValue(postgres), result.GetValue(user), token).ConfigureAwait(false);
            var catalogue = created.Catalog.Dialect == CatalogDialect.PostgreSql ? "PostgreSQL" : "SQLite catalog.db";
            Console.WriteLine($"initialised repository {created.Root} (catalogue: {catalogue}; administrator '{created.DefaultUser}' in group 'default')");
            return 0;
        }));
        return command;
    }
}
