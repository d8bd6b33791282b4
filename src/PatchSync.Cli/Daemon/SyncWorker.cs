using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PatchSync.Cli.Configuration;
using PatchSync.Cli.Running;

namespace PatchSync.Cli.Daemon;

/// <summary>
/// <c>pwsync daemon</c>: syncs, waits <see cref="DaemonOptions.Interval"/>, repeats until stopped. Runs never
/// overlap (one loop; the state lock also keeps a timer-started run out). A failed iteration is logged and
/// the loop goes on; SIGTERM cancels the current run (its work is finished by the next) and stops cleanly.
/// </summary>
internal sealed class SyncWorker : BackgroundService
{
    private readonly DaemonOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private int _iterations;

    public SyncWorker(DaemonOptions options, ILoggerFactory loggers, TimeProvider time)
    {
        _options = options;
        _loggers = loggers;
        _logger = loggers.CreateLogger<SyncWorker>();
        _time = time;
    }

    /// <summary>Completed when the first iteration starts (tests wait on it rather than sleeping).</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Number of iterations finished.</summary>
    public int Iterations => Volatile.Read(ref _iterations);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _logger.LogInformation("pwsync daemon: syncing every {Interval}", _options.Interval);
        while (!stoppingToken.IsCancellationRequested)
        {
            Started.TrySetResult();
            await RunOnceAsync(stoppingToken);
            try
            {
                // The timer is armed before the iteration is counted, so whoever waits for the count can
                // advance a fake clock without racing the delay.
                var wait = Task.Delay(_options.Interval, _time, stoppingToken);
                Interlocked.Increment(ref _iterations);
                await wait;
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        _logger.LogInformation("pwsync daemon: stopped");
    }

    private async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            // The config is re-read every iteration, so an edit takes effect without a restart.
            var config = ConfigLoader.Load(_options.Sync.ConfigPath);
            var code = await SyncRunner.RunAsync(config, _options.Sync, _options.Console, _loggers, cancellationToken);
            if (code != ExitCodes.Ok && code != ExitCodes.Interrupted)
            {
                _logger.LogWarning("sync finished with exit code {Code}; retrying in {Interval}", code, _options.Interval);
            }
        }
        catch (ConfigException e)
        {
            _logger.LogError("{Message}; retrying in {Interval}", e.Message, _options.Interval);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Survive anything in one iteration; the next one starts from the state store.
            _logger.LogError(e, "sync failed: {Message}", e.Message);
        }
    }
}
