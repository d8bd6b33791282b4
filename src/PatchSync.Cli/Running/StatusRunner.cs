using System.Globalization;
using System.Text.Json;
using PatchSync.Cli.Configuration;
using PatchSync.Cli.Output;
using PatchSync.State;

namespace PatchSync.Cli.Running;

/// <summary><c>pwsync status</c>: the last run, patches per state, the outbox and the conflicts log, read from the state store only.</summary>
internal static class StatusRunner
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<int> RunAsync(string configPath, bool json, CliConsole console, CancellationToken cancellationToken)
    {
        PwsyncConfig config;
        try
        {
            config = ConfigLoader.Load(configPath);
        }
        catch (ConfigException e)
        {
            return SyncRunner.Fail(console, e.Message, ExitCodes.Usage);
        }

        if (!File.Exists(config.StateDb))
        {
            console.Out.WriteLine($"no state yet at {config.StateDb}: run 'pwsync --epoch DATE' first");
            return ExitCodes.Ok;
        }

        try
        {
            await using var store = await StateStore.OpenAsync(config.StateDb, cancellationToken);
            var status = await store.GetStatusAsync(cancellationToken);
            if (json)
            {
                console.Out.WriteLine(JsonSerializer.Serialize(status, Json));
                return ExitCodes.Ok;
            }

            var o = console.Out;
            o.WriteLine($"state: {config.StateDb}");
            if (status.LastRun is { } run)
            {
                var took = run.Ended is { } ended ? $" ({(ended - run.Started).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s)" : " (did not finish)";
                var counts = string.Join(", ", run.Counts.Where(c => c.Value != 0).Select(c => $"{c.Key} {c.Value}"));
                o.WriteLine($"last run: {run.Started.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z{took}, {run.Result?.ToString().ToLowerInvariant() ?? "unfinished"}{(counts.Length > 0 ? "; " + counts : string.Empty)}");
                if (run.Error is not null)
                {
                    o.WriteLine($"  error: {run.Error}");
                }
            }
            else
            {
                o.WriteLine("last run: none");
            }

            foreach (var project in status.Projects)
            {
                var states = string.Join(", ", project.PerState.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value}"));
                o.WriteLine($"{project.Tracker} {project.Project}: {Words.Count(project.Total, "patch", "patches")} ({states}); {project.Archived} archived");
            }

            o.WriteLine($"outbox: {Words.Count(status.OutboxSize, "push", "pushes")} waiting");
            foreach (var push in status.FailingPushes)
            {
                o.WriteLine($"  {push.Project} patch {push.PatchId} <{push.MessageId}>: {push.Expected} -> {push.Desired}, failed {Words.Count(push.Attempts, "time", "times")}: {push.LastError}");
            }

            o.WriteLine($"conflicts: {status.ConflictCount} logged");
            foreach (var c in status.RecentConflicts)
            {
                o.WriteLine($"  {c.At.UtcDateTime:yyyy-MM-dd HH:mm}Z {c.Project} patch {c.PatchId} <{c.MessageId}>: {c.Reason}");
            }

            return ExitCodes.Ok;
        }
        catch (StateStoreException e)
        {
            return SyncRunner.Fail(console, $"state store {config.StateDb}: {e.Message}", ExitCodes.State);
        }
    }
}
