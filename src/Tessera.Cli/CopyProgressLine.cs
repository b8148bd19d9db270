using System.Diagnostics;
using Tessera.Zarr;

namespace Tessera.Cli;

/// <summary>Prints per-array progress to stderr, at most a few times a second.</summary>
internal sealed class CopyProgressLine : IProgress<ZarrCopyProgress>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _last = TimeSpan.FromDays(-1);

    public void Report(ZarrCopyProgress value)
    {
        var done = value.ElementsDone == value.ElementsTotal;
        if (!done && _clock.Elapsed - _last < TimeSpan.FromMilliseconds(500))
        {
            return;
        }

        _last = _clock.Elapsed;
        var percent = value.ElementsTotal == 0 ? 100 : 100.0 * value.ElementsDone / value.ElementsTotal;
        Console.Error.WriteLine($"  {(value.ArrayPath.Length == 0 ? "/" : value.ArrayPath)}: {percent:F0}%");
    }
}
