using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Tessera.Server;

namespace Tessera.Cli;

/// <summary><c>tessera serve REPO [--urls URLS] [--public-readonly]</c>: the repository's web server until Ctrl+C or SIGTERM.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var repository = new Argument<string>("REPO") { Description = "The Tessera repository to serve" };
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on, ';'-separated (default http://127.0.0.1:5080)" };
        var publicReadOnly = new Option<bool>("--public-readonly") { Description = "Serve only public groups, to everyone, and refuse every write (405)" };
        var command = new Command("serve", "Serve a repository: JSON API (/api/v1), OME-Zarr (/zarr), thumbnails and tiles, OMERO.web-compatible /webgateway, OpenAPI at /openapi/v1.json")
        {
            repository, urls, publicReadOnly,
        };
        command.SetAction((result, token) => CommandFailure.RunAsync(async () =>
        {
            // Settings: appsettings.json beside the program, then in REPO, then TESSERA_* environment variables; flags win.
            var root = result.GetValue(repository)!;
            var settings = new ConfigurationBuilder()
                .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
                .AddJsonFile(Path.Combine(Path.GetFullPath(root), "appsettings.json"), optional: true)
                .AddEnvironmentVariables("TESSERA_")
                .Build();
            var days = settings.GetValue<double?>("SessionLifetimeDays") ?? 14;
            var options = new TesseraServerOptions
            {
                RepositoryPath = root,
                Urls = result.GetValue(urls) ?? settings["Urls"] ?? "http://127.0.0.1:5080",
                PublicReadOnly = result.GetValue(publicReadOnly) || settings.GetValue<bool>("PublicReadOnly"),
                SessionLifetime = days > 0 ? TimeSpan.FromDays(days) : throw new ArgumentException($"SessionLifetimeDays: {days} is not a positive number of days"),
                ThumbnailCacheDirectory = settings["ThumbnailCacheDirectory"],
            };
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
