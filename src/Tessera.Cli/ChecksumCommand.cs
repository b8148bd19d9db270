using System.CommandLine;
using Tessera.Zarr;
using Tessera.Zarr.Storage;

namespace Tessera.Cli;

/// <summary><c>tessera checksum ARRAY</c>: <c>sha256:&lt;hex&gt;</c> of the decoded array as C-order little-endian bytes.</summary>
internal static class ChecksumCommand
{
    public static Command Create()
    {
        var location = new Argument<string>("ARRAY") { Description = "A Zarr array: directory, path inside a .zip/.ozx, or http(s) URL" };
        var command = new Command("checksum", "Print sha256:<hex> of an array's values as C-order little-endian bytes (numpy's tobytes())") { location };
        command.SetAction((result, token) => CommandFailure.RunAsync(async () =>
        {
            await using var opened = StoreLocation.OpenRead(result.GetValue(location)!);
            var array = await ZarrArray.OpenAsync(opened.Store, opened.Path, null, token).ConfigureAwait(false);
            Console.WriteLine("sha256:" + await ArrayChecksum.Sha256Async(array, cancellationToken: token).ConfigureAwait(false));
            return 0;
        }));
        return command;
    }
}
