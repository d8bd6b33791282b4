using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace PatchSync.Cli.Running;

/// <summary>Console logging to stderr, one line per message (journald-friendly), at the level the verbosity asks for.</summary>
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
                builder.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.ColorBehavior = LoggerColorBehavior.Disabled;
                });
                builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            }
        });
}
