using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PatchSync.Cli.Daemon;
using PatchSync.Core.Ports;

namespace PatchSync.Cli.Tests.Daemon;

public sealed class WatchSchedulerTests : IAsyncDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly Channel<(string Store, MailChange Change, DateTimeOffset Arrived)> _changes = Channel.CreateUnbounded<(string, MailChange, DateTimeOffset)>();
    private readonly List<string> _runs = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly WatchScheduler _scheduler;
    private Task? _loop;

    /// <summary>What each project's saved checkpoint covers: notmuch-like, one revision.</summary>
    private ulong _savedRevision;

    /// <summary>Set by a test to make a change arrive while a run is going on.</summary>
    private Action? _duringNextRun;

    public WatchSchedulerTests()
    {
        var byStore = new Dictionary<string, IReadOnlyList<string>>
        {
            ["mail"] = ["linux", "netdev"],
            ["other"] = ["qemu"],
        };
        _scheduler = new WatchScheduler(byStore, ["linux", "netdev", "qemu"], RunAsync, CoverageAsync, _changes.Reader, _time, NullLogger.Instance)
        {
            Interval = TimeSpan.FromMinutes(1),
            Debounce = TimeSpan.FromSeconds(1),
            MaxDelay = TimeSpan.FromSeconds(5),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(30));
        }

        _stop.Dispose();
    }

    [Fact]
    public async Task RunAsync_Start_SyncsEveryProjectOnce()
    {
        await StartAsync();

        Assert.Equal(["linux,netdev,qemu"], Runs());
    }

    [Fact]
    public async Task RunAsync_MailChange_SyncsThatStoresProjectsAfterTheDebounce()
    {
        await StartAsync();

        Signal("mail", 10);
        await AdvanceAsync(TimeSpan.FromMilliseconds(900));
        Assert.Single(Runs());
        await AdvanceUntilAsync(() => Runs().Count == 2);

        Assert.Equal("linux,netdev", Runs()[1]);
    }

    [Fact]
    public async Task RunAsync_BurstOfChanges_OneRun()
    {
        await StartAsync();

        for (var i = 0; i < 5; i++)
        {
            Signal("mail", 10 + (ulong)i);
            await AdvanceAsync(TimeSpan.FromMilliseconds(300));
        }

        await AdvanceUntilAsync(() => Runs().Count == 2);
        await AdvanceAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(2, Runs().Count);
    }

    [Fact]
    public async Task RunAsync_ChangeTheSavedCheckpointCovers_NoRun()
    {
        _savedRevision = 50; // the start run saved a checkpoint at revision 50 (its own retags included)
        await StartAsync();

        Signal("mail", 50);
        await AdvanceAsync(TimeSpan.FromSeconds(10));

        Assert.Single(Runs());
    }

    [Fact]
    public async Task RunAsync_ChangeDuringARunNotCoveredByIt_RunsAgain()
    {
        await StartAsync();
        _savedRevision = 20;
        _duringNextRun = () => Signal("other", 30);

        Signal("other", 15);
        await AdvanceUntilAsync(() => Runs().Count == 3);

        Assert.Equal(["qemu", "qemu"], Runs().Skip(1));
    }

    [Fact]
    public async Task RunAsync_OwnWritesDuringARun_CoveredByItsCheckpoint_NoSecondRun()
    {
        await StartAsync();
        _savedRevision = 20;
        _duringNextRun = () => Signal("other", 20); // the run's own retags, heard while it runs

        Signal("other", 15);
        await AdvanceUntilAsync(() => Runs().Count == 2);
        await AdvanceAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, Runs().Count);
    }

    [Fact]
    public async Task RunAsync_ChangeThatWaitedForALongRun_DebounceCountsFromItsArrival()
    {
        await StartAsync();
        // A run that takes 3 s: the change arriving at its start is quiet for long enough when it ends.
        _duringNextRun = () =>
        {
            Signal("other", 30);
            _time.Advance(TimeSpan.FromSeconds(3));
        };
        Signal("mail", 15);
        await AdvanceUntilAsync(() => Runs().Count >= 2); // the run of "mail"

        await WaitUntilAsync(() => Runs().Count == 3); // then "other" at once: no clock movement needed

        Assert.Equal("qemu", Runs()[2]);
    }

    [Fact]
    public async Task RunAsync_Interval_SyncsEveryProjectAgain()
    {
        await StartAsync();

        await AdvanceUntilAsync(() => Runs().Count == 2, step: TimeSpan.FromSeconds(5));

        Assert.Equal("linux,netdev,qemu", Runs()[1]);
    }

    [Fact]
    public async Task RunAsync_Cancelled_ReturnsPromptly()
    {
        await StartAsync();

        await _stop.CancelAsync();

        await _loop!.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private async Task StartAsync()
    {
        _loop = Task.Run(() => _scheduler.RunAsync(_stop.Token));
        await WaitUntilAsync(() => Runs().Count == 1);
    }

    private Task<int> RunAsync(IReadOnlyList<string> projects, CancellationToken cancellationToken)
    {
        lock (_runs)
        {
            _runs.Add(string.Join(',', projects));
        }

        var during = Interlocked.Exchange(ref _duringNextRun, null);
        during?.Invoke();
        return Task.FromResult(0);
    }

    private Task<MailCoverage> CoverageAsync(string project, CancellationToken cancellationToken) =>
        Task.FromResult(new MailCoverage(new Dictionary<string, (string, ulong, long?)> { [string.Empty] = ("uuid", _savedRevision, null) }));

    private void Signal(string store, ulong revision) =>
        _changes.Writer.TryWrite((store, new MailChange("lastmod") { Generation = "uuid", Position = revision }, _time.GetUtcNow()));

    private List<string> Runs()
    {
        lock (_runs)
        {
            return _runs.ToList();
        }
    }

    /// <summary>Moves the fake clock in small steps, giving the loop real time to arm its timers between them.</summary>
    private async Task AdvanceAsync(TimeSpan total)
    {
        var step = TimeSpan.FromMilliseconds(100);
        for (var passed = TimeSpan.Zero; passed < total; passed += step)
        {
            await Task.Delay(5);
            _time.Advance(step);
        }

        await Task.Delay(20);
    }

    private async Task AdvanceUntilAsync(Func<bool> condition, TimeSpan? step = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
            _time.Advance(step ?? TimeSpan.FromMilliseconds(100));
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
