using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace PatchSync.Server.Tests.Support;

/// <summary>A logger provider that keeps every entry (level, category, text, exception) for assertions.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    public sealed record Entry(LogLevel Level, string Category, string Message, Exception? Exception);

    public ConcurrentQueue<Entry> Entries { get; } = new();

    public void Configure(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Debug);
        logging.AddProvider(this);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Entries.Enqueue(new Entry(logLevel, category, formatter(state, exception), exception));
    }
}
