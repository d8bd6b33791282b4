using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using PatchSync.Cli.Configuration;
using PatchSync.Cli.Running;

namespace PatchSync.Cli.Daemon;

/// <summary>Builds and runs the generic host for <c>pwsync daemon</c> (systemd notify and journald-friendly logs when run by systemd).</summary>
internal static class DaemonHost
{
    public static async Task<int> RunAsync(DaemonOptions options, CancellationToken cancellationToken)
    {
        // A broken config is a usage error at start, before the host runs.
        try
        {
            ConfigLoader.Load(options.Sync.ConfigPath);
        }
        catch (ConfigException e)
        {
            return SyncRunner.Fail(options.Console, e.Message, ExitCodes.Usage);
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSystemd();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(options.Sync.Verbosity == Verbosity.Verbose ? LogLevel.Debug : LogLevel.Information);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        if (options.Watch)
        {
            builder.Services.AddHostedService<WatchWorker>();
        }
        else
        {
            builder.Services.AddHostedService<SyncWorker>();
        }

        using var host = builder.Build();
        await host.RunAsync(cancellationToken);
        return ExitCodes.Ok;
    }
}
