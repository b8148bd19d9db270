using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Tessera.Server;

namespace Tessera.Cli;

/// <summary><c>tessera serve REPO [--urls URLS] [--public-readonly]</c>: the repository's web server until Ctrl+C or SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var repository = new Argument<string>("REPO") { Description = "The Tessera repository to serve" };
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on, ';'-separated", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var publicReadOnly = new Option<bool>("--public-readonly") { Description = "Serve only public groups, to everyone, and refuse every write (405)" };
        var command = new Command("serve", "Serve a repository: JSON API (/api/v1), OME-Zarr (/zarr), thumbnails and tiles, OMERO.web-compatible /webgateway, OpenAPI at /openapi/v1.json")
        {
            repository, urls, publicReadOnly,
        };
        command.SetAction((result, token) => CommandFailure.RunAsync(async () =>
        {
            var options = new TesseraServerOptions { RepositoryPath = result.GetValue(repository)!, Urls = result.GetValue(urls)!, PublicReadOnly = result.GetValue(publicReadOnly) };
            var app = await TesseraServer.BuildAsync(options, [], token).ConfigureAwait(false);
            await app.StartAsync(token).ConfigureAwait(false);
            foreach (var address in app.Urls)
            {
                Console.WriteLine($"serving {Path.GetFullPath(options.RepositoryPath)} on {address}{(options.PublicReadOnly ? " (public, read-only)" : "")}");
            }

            await app.WaitForShutdownAsync(token).ConfigureAwait(false);
            return 0;
        }));
        return command;
    }
}
