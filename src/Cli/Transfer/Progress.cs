// The import progress bar: events, events/s and (when the input's size is known) a bar, redrawn on stderr.
using System.Diagnostics;
using System.Globalization;

namespace EventStore.Functional.Cli.Transfer;

/// <summary>Draws progress on a terminal's stderr at most four times a second; draws nothing when stderr is redirected.</summary>
internal sealed class Progress(ImportStats stats, long? totalBytes, TextWriter err)
{
    private const int Width = 30;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDraw = -1000;

    public static bool Enabled => !Console.IsErrorRedirected;

    /// <summary>Redraws if a quarter second has passed (or always when <paramref name="final"/>).</summary>
    public void Tick(bool final = false)
    {
        var now = _clock.ElapsedMilliseconds;
        if (!final && now - _lastDraw < 250)
        {
            return;
        }

        _lastDraw = now;
        var rate = stats.Read / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        var bar = totalBytes is > 0 and var total
            ? $"[{new string('#', (int)(Width * Math.Min(1.0, stats.BytesRead / (double)total))).PadRight(Width, '.')}] {Math.Min(100, 100 * stats.BytesRead / total),3}% "
            : "";
        err.Write(string.Create(CultureInfo.InvariantCulture, $"\r{bar}{stats.Read,12:N0} events  {rate,10:N0} events/s "));
        if (final)
        {
            err.WriteLine();
        }
    }
}
