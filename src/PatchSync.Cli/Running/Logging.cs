using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace PatchSync.Cli.Running;

/// <summary>
/// Console logging to stderr (also with <c>--json</c>, whose document is stdout's alone), one compact line
/// per message (journald-friendly), at the level the verbosity asks for.
/// </summary>
internal static class Logging
{
    public static ILoggerFactory Create(TextWriter error, Verbosity verbosity) =>
        LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(verbosity switch
            {
                Verbosity.Quiet => LogLevel.Error,
                Verbosity.Verbose => LogLevel.Debug,
                _ => LogLevel.Warning,
            });
            if (ReferenceEquals(error, Console.Error))
            {
                builder.AddConsoleFormatter<CompactLogFormatter, ConsoleFormatterOptions>();
                builder.AddConsole(o =>
                {
                    o.FormatterName = CompactLogFormatter.FormatterName;
                    o.LogToStandardErrorThreshold = LogLevel.Trace;
                });
            }
        });
}
