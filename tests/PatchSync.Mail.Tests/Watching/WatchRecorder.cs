using System.Threading.Channels;
using PatchSync.Core.Ports;

namespace PatchSync.Mail.Tests.Watching;

/// <summary>Runs a watcher in the background and lets a test wait for the change it expects.</summary>
internal sealed class WatchRecorder : IAsyncDisposable
{
    private readonly Channel<MailChange> _changes = Channel.CreateUnbounded<MailChange>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;

    public WatchRecorder(IMailWatcher watcher, MailWatchOptions? options = null)
    {
        var watch = options ?? new MailWatchOptions { PollInterval = TimeSpan.FromMilliseconds(200), ReconnectDelay = TimeSpan.FromMilliseconds(200), MaxReconnectDelay = TimeSpan.FromSeconds(1) };
        _pump = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in watcher.WatchAsync(watch, _stop.Token))
                {
                    await _changes.Writer.WriteAsync(change);
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
            finally
            {
                _changes.Writer.TryComplete();
            }
        });
    }

    /// <summary>The next change that matches, skipping others; fails after <paramref name="timeoutSeconds"/>.</summary>
    public async Task<MailChange> NextAsync(Func<MailChange, bool> match, double timeoutSeconds = 30)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        while (true)
        {
            var change = await _changes.Reader.ReadAsync(timeout.Token);
            if (match(change))
            {
                return change;
            }
        }
    }

    /// <summary>Every change that arrives within <paramref name="window"/>.</summary>
    public async Task<List<MailChange>> CollectAsync(TimeSpan window)
    {
        var result = new List<MailChange>();
        using var timeout = new CancellationTokenSource(window);
        try
        {
            while (true)
            {
                result.Add(await _changes.Reader.ReadAsync(timeout.Token));
            }
        }
        catch (OperationCanceledException)
        {
            return result;
        }
    }

    /// <summary>Stops the watcher; returns how long that took.</summary>
    public async Task<TimeSpan> StopAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await _stop.CancelAsync();
        await _pump.WaitAsync(TimeSpan.FromSeconds(30));
        return clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
