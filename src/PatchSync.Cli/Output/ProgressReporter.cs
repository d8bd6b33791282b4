using PatchSync.Cli.Running;
using PatchSync.Sync.Engine;

namespace PatchSync.Cli.Output;

/// <summary>
/// Shows progress: on a terminal, one line redrawn in place (at most 10 times a second); otherwise a
/// plain log line when a phase starts (journald-friendly, no control characters).
/// </summary>
internal sealed class ProgressReporter : IProgress<SyncProgress>, IDisposable
{
    /// <summary>
    /// The longest line drawn: it fits an 80-column terminal. A longer line wraps, and <c>\r</c> returns
    /// only to the start of its last row, so every redraw would leave a row behind.
    /// </summary>
    private const int MaxWidth = 79;
    private const int BarWidth = 30;
    private const int MinBarWidth = 10;
    private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);
    private readonly TextWriter _error;
    private readonly bool _terminal;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _lastDraw;
    private string? _lastPhase;
    private int _lineLength;

    private ProgressReporter(TextWriter error, bool terminal, TimeProvider time)
    {
        _error = error;
        _terminal = terminal;
        _time = time;
    }

    /// <summary>Null when nothing should be shown (quiet, or JSON output).</summary>
    /// <param name="console">Progress goes to its error writer, redrawn in place when that is a terminal.</param>
    /// <param name="verbosity">Quiet shows no progress.</param>
    /// <param name="json">JSON output shows no progress, so stderr stays free of it too.</param>
    /// <param name="time">The clock of the redraw throttle; tests pass a fake one.</param>
    public static ProgressReporter? Create(CliConsole console, Verbosity verbosity, bool json, TimeProvider? time = null) =>
        verbosity == Verbosity.Quiet || json ? null : new ProgressReporter(console.Error, console.IsTerminal, time ?? TimeProvider.System);

    public void Report(SyncProgress value)
    {
        lock (_gate)
        {
            var phase = $"{value.Project}: {value.Phase}";
            if (!_terminal)
            {
                if (phase != _lastPhase)
                {
                    _error.WriteLine(phase);
                    _lastPhase = phase;
                }

                return;
            }

            // A new phase is drawn at once; within a phase at most every RedrawInterval, so a fast
            // loop does not spend its time writing to the terminal.
            var now = _time.GetTimestamp();
            if (phase == _lastPhase && _time.GetElapsedTime(_lastDraw, now) < RedrawInterval)
            {
                return;
            }

            _lastDraw = now;
            _lastPhase = phase;
            var line = Line(phase, value.Done, value.Total);
            _error.Write("\r" + line.PadRight(_lineLength));
            _lineLength = line.Length;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_terminal && _lineLength > 0)
            {
                _error.Write("\r" + new string(' ', _lineLength) + "\r");
                _lineLength = 0;
            }
        }
    }

    /// <summary>
    /// <c>phase [###   ] done/total</c> (or <c>phase done</c> without a total) in at most
    /// <see cref="MaxWidth"/> columns: a long phase first narrows the bar, then is cut with "...";
    /// the numbers are always shown.
    /// </summary>
    private static string Line(string phase, long done, long? total)
    {
        var tail = total is > 0 ? $" {done}/{total}" : $" {done}";
        if (total is > 0 and var all)
        {
            // Room left for the bar after the phase, the numbers and the bar's space and brackets.
            var width = Math.Clamp(MaxWidth - phase.Length - tail.Length - 3, MinBarWidth, BarWidth);
            tail = " " + Bar(done, all, width) + tail;
        }

        var room = MaxWidth - tail.Length;
        if (phase.Length > room)
        {
            phase = phase[..Math.Max(room - 3, 0)] + "...";
        }

        return phase + tail;
    }

    private static string Bar(long done, long total, int width)
    {
        var filled = (int)Math.Clamp(done * width / Math.Max(total, 1), 0, width);
        return "[" + new string('#', filled) + new string(' ', width - filled) + "]";
    }
}
