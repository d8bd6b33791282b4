using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace PatchSync.Cli.Running;

/// <summary>
/// One readable line per log message, in the shape of pwsync's own messages:
/// <c>pwsync: debug: PatchworkClient: GET … 200 in 12 ms</c>. The console logger's default shape
/// (<c>dbug: PatchSync.Tracker.PatchworkClient[0]</c>) is made for services, not for a command a maintainer reads.
/// </summary>
internal sealed class CompactLogFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "pwsync";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        var category = logEntry.Category;
        var shortName = category[(category.LastIndexOf('.') + 1)..];
        var line = $"pwsync: {LevelWord(logEntry.LogLevel)}: {shortName}: {OneLine(message ?? string.Empty)}";
        if (logEntry.Exception is { } e && (message is null || !message.Contains(e.Message, StringComparison.Ordinal)))
        {
            line += $" ({e.GetType().Name}: {OneLine(e.Message)})";
        }

        textWriter.Write(line + "\n");
    }

    /// <summary>For tests: formats one entry as the console would write it.</summary>
    internal static string Format(LogLevel level, string category, string message, Exception? exception = null)
    {
        using var writer = new StringWriter();
        new CompactLogFormatter().Write(
            new LogEntry<string>(level, category, default, message, exception, (s, _) => s),
            scopeProvider: null,
            writer);
        return writer.ToString();
    }

    private static string LevelWord(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warning",
        LogLevel.Error => "error",
        LogLevel.Critical => "critical",
        _ => "log",
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
