using PatchSync.Cli.Running;
using PatchSync.Sync.Engine;

namespace PatchSync.Cli.Output;

/// <summary>
/// Shows progress: on a terminal, one line redrawn in place (at most 10 times a second); otherwise a
/// plain log line when a phase starts (journald-friendly, no control characters).
/// </summary>
internal sealed class ProgressReporter : IProgress<SyncProgress>, IDisposable
{
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
            var line = value.Total is > 0 and var total
                ? $"{phase} {Bar(value.Done, total)} {value.Done}/{total}"
                : $"{phase} {value.Done}";
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

    private static string Bar(long done, long total)
    {
        const int Width = 30;
        var filled = (int)Math.Clamp(done * Width / Math.Max(total, 1), 0, Width);
        return "[" + new string('#', filled) + new string(' ', Width - filled) + "]";
    }
}
