using System.Diagnostics;
using System.Globalization;
using Tessera.Imaging.Conversion;

namespace Tessera.Cli;

/// <summary>
/// Conversion progress on stderr: a bar redrawn in place with rate and ETA on a terminal, a plain line every few
/// seconds when stderr is a file or pipe (logs, CI).
/// </summary>
internal sealed class ConversionProgressBar : IProgress<ConversionProgress>
{
    private const int BarWidth = 30;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private readonly Lock _lock = new();
    private TimeSpan _last = TimeSpan.FromDays(-1);
    private bool _drawn;

    public void Report(ConversionProgress value)
    {
        lock (_lock)
        {
            var done = value.PixelsDone >= value.PixelsTotal;
            var interval = _terminal ? TimeSpan.FromMilliseconds(150) : TimeSpan.FromSeconds(5);
            if (!done && _clock.Elapsed - _last < interval)
            {
                return;
            }

            _last = _clock.Elapsed;
            var fraction = value.PixelsTotal == 0 ? 1 : (double)value.PixelsDone / value.PixelsTotal;
            var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
            var rate = value.BytesDone / seconds / 1e6;
            var eta = fraction > 0 ? TimeSpan.FromSeconds(seconds / fraction - seconds) : TimeSpan.Zero;
            var text = string.Create(CultureInfo.InvariantCulture, $"{fraction * 100,5:F1}%  {rate,7:F1} MB/s  ETA {Format(eta)}  {value.Image}");
            if (_terminal)
            {
                var filled = (int)Math.Round(fraction * BarWidth);
                Console.Error.Write($"\r[{new string('#', filled)}{new string('-', BarWidth - filled)}] {text}\u001b[K");
                _drawn = true;
            }
            else
            {
                Console.Error.WriteLine($"convert: {text}");
            }
        }
    }

    /// <summary>Ends the bar's line so later output starts on its own line.</summary>
    public void Finish()
    {
        lock (_lock)
        {
            if (_drawn)
            {
                Console.Error.WriteLine();
                _drawn = false;
            }
        }
    }

    private static string Format(TimeSpan span) =>
        span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}
