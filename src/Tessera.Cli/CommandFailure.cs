using System.Data.Common;
using Tessera.Catalog;
using Tessera.Zarr;

namespace Tessera.Cli;

/// <summary>Turns exceptions into one-line messages on stderr and exit codes, so no command prints a stack trace for bad input.</summary>
internal static class CommandFailure
{
    /// <summary>Exit code for bad data, missing nodes, IO failures.</summary>
    public const int Failed = 1;

    /// <summary>Exit code for invalid arguments.</summary>
    public const int Usage = 2;

    /// <summary>True for failures to reach or read data (missing paths, store and IO errors, bad URLs), as opposed to bad arguments or bugs.</summary>
    public static bool IsUnreadable(Exception e) =>
        e is ZarrException or Tessera.Imaging.ImageFormatException or IOException or UnauthorizedAccessException or HttpRequestException or UriFormatException;

    /// <summary>Runs a command body, reporting expected failures as messages.</summary>
    public static async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("tessera: cancelled");
            return Failed;
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            Console.Error.WriteLine($"tessera: error: {e.Message}");
            return Failed;
        }
        catch (CatalogException e)
        {
            // Not found, forbidden, already imported, not importable: what the repository says about the request.
            Console.Error.WriteLine($"tessera: error: {e.Message}");
            return Failed;
        }
        catch (DbException e)
        {
            Console.Error.WriteLine($"tessera: error: catalogue: {e.Message}");
            return Failed;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            Console.Error.WriteLine($"tessera: {e.Message}");
            return Usage;
        }
    }
}
