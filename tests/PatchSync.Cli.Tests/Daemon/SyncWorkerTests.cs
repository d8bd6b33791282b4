using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PatchSync.Cli.Daemon;
using PatchSync.Cli.Running;
using PatchSync.Testing;

namespace PatchSync.Cli.Tests.Daemon;

public sealed class SyncWorkerTests : IDisposable
{
    private readonly TempDirectory _dir = new("pwsync-daemon");
    private readonly FakeTimeProvider _time = new();
    private readonly CollectingLoggerProvider _logs = new();

    public void Dispose() => _dir.Dispose();

    private SyncWorker Worker(string configPath)
    {
        var options = new DaemonOptions(
            TimeSpan.FromMinutes(10),
            new SyncOptions(configPath, Full: false, Epoch: null, Projects: [], DryRun: false, Json: false, Timings: false, Verbosity.Quiet),
            new CliConsole(TextWriter.Null, TextWriter.Null, IsTerminal: false));
        var loggers = LoggerFactory.Create(b => b.AddProvider(_logs));
        return new SyncWorker(options, loggers, _time);
    }

    [Fact]
    public async Task ExecuteAsync_IterationFails_LogsAndRunsAgainAfterInterval()
    {
        using var worker = Worker(_dir.File("missing.toml"));

        await worker.StartAsync(CancellationToken.None);
        await worker.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await WaitUntilAsync(() => worker.Iterations >= 1);
        Assert.Contains(_logs.Messages, m => m.Contains("no config at", StringComparison.Ordinal) && m.Contains("missing.toml", StringComparison.Ordinal));

        _time.Advance(TimeSpan.FromMinutes(10));
        await WaitUntilAsync(() => worker.Iterations >= 2);
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(2, _logs.Messages.Count(m => m.Contains("no config at", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task StopAsync_WhileWaiting_StopsPromptly()
    {
        using var worker = Worker(_dir.File("missing.toml"));
        await worker.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => worker.Iterations >= 1);

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await worker.StopAsync(bound.Token);

        Assert.False(bound.IsCancellationRequested);
        Assert.True(worker.ExecuteTask!.IsCompletedSuccessfully);
        Assert.Contains(_logs.Messages, m => m.Contains("stopped", StringComparison.Ordinal));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private sealed class CollectingLoggerProvider : ILoggerProvider
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return _messages.ToList();
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Collector(this);

        public void Dispose()
        {
        }

        private sealed class Collector(CollectingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner._messages)
                {
                    owner._messages.Add(formatter(state, exception));
                }
            }
        }
    }
}
