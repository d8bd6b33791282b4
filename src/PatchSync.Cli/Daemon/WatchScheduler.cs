using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using PatchSync.Core.Ports;

namespace PatchSync.Cli.Daemon;

/// <summary>
/// Decides when <c>pwsync daemon --watch</c> syncs what: every project at start and every interval (the tracker
/// has no push: its events are polled), and the projects of a mail store soon after that store signals a change
/// (<see cref="Debounce"/> after the last signal of a burst, at most <see cref="MaxDelay"/> after its first).
/// Runs never overlap: this is one loop, and signals that arrive during a run wait for it. A signal the last
/// saved checkpoint already covers (pwsync's own retags, a change the run read anyway) is dropped, which is what
/// keeps a sync's own writes from starting the next sync.
/// </summary>
internal sealed class WatchScheduler
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<string>> _projectsByStore;
    private readonly IReadOnlyList<string> _allProjects;
    private readonly Func<IReadOnlyList<string>, CancellationToken, Task<int>> _run;
    private readonly Func<string, CancellationToken, Task<MailCoverage>> _coverage;
    private readonly ChannelReader<(string Store, MailChange Change, DateTimeOffset Arrived)> _changes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, MailCoverage> _covered = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private int _runs;

    /// <param name="projectsByStore">Mail store name -> the projects synced with it.</param>
    /// <param name="allProjects">Every project the daemon syncs (the interval's run).</param>
    /// <param name="run">Syncs the given projects; returns the exit code (<see cref="ExitCodes"/>).</param>
    /// <param name="coverage">What a project's saved mail checkpoint covers (read after each of its runs).</param>
    /// <param name="changes">The watchers' signals, tagged with their store's name and when they arrived (the debounce counts from then, also for a signal that waited for a run).</param>
    /// <param name="time">The clock of the debounce and the interval; tests pass a fake one.</param>
    /// <param name="logger">Where each scheduled run and its reason are logged.</param>
    public WatchScheduler(
        IReadOnlyDictionary<string, IReadOnlyList<string>> projectsByStore,
        IReadOnlyList<string> allProjects,
        Func<IReadOnlyList<string>, CancellationToken, Task<int>> run,
        Func<string, CancellationToken, Task<MailCoverage>> coverage,
        ChannelReader<(string Store, MailChange Change, DateTimeOffset Arrived)> changes,
        TimeProvider time,
        ILogger logger)
    {
        _projectsByStore = projectsByStore;
        _allProjects = allProjects;
        _run = run;
        _coverage = coverage;
        _changes = changes;
        _time = time;
        _logger = logger;
    }

    /// <summary>Time between the end of one interval run and the start of the next.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Quiet time after a mail signal before its projects sync (a burst of edits is one run).</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait after the first signal of a burst that never goes quiet.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Runs started so far (tests wait on it).</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>Schedules until <paramref name="cancellationToken"/> is cancelled (then returns, without throwing).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var intervalDue = _time.GetUtcNow();
        var open = true;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                while (_changes.TryRead(out var item))
                {
                    Consider(item.Store, item.Change, item.Arrived);
                }

                var now = _time.GetUtcNow();
                if (now >= intervalDue)
                {
                    await RunAsync(_allProjects, _runs == 0 ? "start" : "interval", cancellationToken);
                    intervalDue = _time.GetUtcNow() + Interval;
                    continue;
                }

                var mailDue = _pending.Count == 0 ? (DateTimeOffset?)null : _pending.Values.Min(p => p.Due(Debounce, MaxDelay));
                if (mailDue is { } due && now >= due)
                {
                    var projects = _pending.Keys.Order(StringComparer.Ordinal).ToList();
                    var reasons = string.Join(", ", _pending.Values.SelectMany(p => p.Reasons).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
                    await RunAsync(projects, "mail changed: " + reasons, cancellationToken);
                    continue;
                }

                var wake = mailDue is { } d && d < intervalDue ? d : intervalDue;
                open = await WaitAsync(wake - now, open, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: a cancelled run is finished by the next one.
        }
    }

    /// <summary>A signal from <paramref name="store"/>: each of its projects whose saved checkpoint does not cover it becomes pending.</summary>
    private void Consider(string store, MailChange change, DateTimeOffset arrived)
    {
        if (!_projectsByStore.TryGetValue(store, out var projects))
        {
            return;
        }

        foreach (var project in projects)
        {
            if (_covered.TryGetValue(project, out var coverage) && coverage.Covers(change))
            {
                _logger.LogDebug("{Project}: {Store} {Reason} {Folder} already synced", project, store, change.Reason, change.Folder);
                continue;
            }

            _logger.LogDebug("{Project}: {Store} {Reason} {Folder}: sync soon", project, store, change.Reason, change.Folder);
            if (!_pending.TryGetValue(project, out var pending))
            {
                pending = new Pending(arrived);
                _pending[project] = pending;
            }

            pending.Last = arrived > pending.Last ? arrived : pending.Last;
            pending.Reasons.Add(change.Reason);
        }
    }

    private async Task RunAsync(IReadOnlyList<string> projects, string reason, CancellationToken cancellationToken)
    {
        // What was pending for these projects is what this run reads: it starts after every such signal.
        foreach (var project in projects)
        {
            _pending.Remove(project);
        }

        Interlocked.Increment(ref _runs);
        _logger.LogInformation("syncing {Projects} ({Reason})", string.Join(", ", projects), reason);
        var started = _time.GetTimestamp();
        var code = await _run(projects, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        _logger.LogInformation("synced {Projects} in {Seconds:0.00} s (exit {Code})", string.Join(", ", projects), _time.GetElapsedTime(started).TotalSeconds, code);
        if (code == ExitCodes.Locked)
        {
            // Another pwsync (a timer, a hand run) holds the state: try again shortly rather than at the interval.
            var now = _time.GetUtcNow();
            foreach (var project in projects)
            {
                _pending[project] = new Pending(now) { Reasons = { "state locked" } };
            }
        }

        foreach (var project in projects)
        {
            try
            {
                _covered[project] = await _coverage(project, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Without it every signal syncs: slower, never wrong.
                _covered.Remove(project);
                _logger.LogDebug("{Project}: cannot read the saved mail checkpoint: {Message}", project, e.Message);
            }
        }
    }

    /// <summary>Waits until a signal arrives or <paramref name="wait"/> passes; returns whether the signal channel is still open.</summary>
    private async Task<bool> WaitAsync(TimeSpan wait, bool open, CancellationToken cancellationToken)
    {
        using var woken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _time, woken.Token);
        if (!open)
        {
            await delay;
            return false;
        }

        var signal = _changes.WaitToReadAsync(woken.Token).AsTask();
        var first = await Task.WhenAny(signal, delay);
        await woken.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        // A completed channel (every watcher gone) must not spin this loop: from then on only the interval wakes it.
        return first != signal || !signal.IsCompletedSuccessfully || signal.Result;
    }

    private sealed class Pending(DateTimeOffset first)
    {
        public DateTimeOffset First { get; } = first;

        public DateTimeOffset Last { get; set; } = first;

        public HashSet<string> Reasons { get; init; } = new(StringComparer.Ordinal);

        public DateTimeOffset Due(TimeSpan debounce, TimeSpan maxDelay)
        {
            var quiet = Last + debounce;
            var latest = First + maxDelay;
            return quiet < latest ? quiet : latest;
        }
    }
}
