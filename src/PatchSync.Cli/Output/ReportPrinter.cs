using System.Globalization;
using System.Text.Json;
using PatchSync.Cli.Running;
using PatchSync.Core.Planning;
using PatchSync.Sync.Engine;

namespace PatchSync.Cli.Output;

/// <summary>Prints a run's report: a summary per project (text) or one JSON document (<c>--json</c>).</summary>
internal static class ReportPrinter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Message-IDs and messages as a maintainer reads them (<a@b>, "x"), not as \u003Ca@b\u003E: the
        // document goes to a terminal or a pipe, never into an HTML page.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Print(SyncReport report, SyncSetup setup, SyncOptions options, CliConsole console)
    {
        if (options.Json)
        {
            console.Out.WriteLine(JsonSerializer.Serialize(ToJson(report, setup, options), Json));
            return;
        }

        foreach (var project in report.Projects)
        {
            PrintProject(project, report.DryRun, options.Verbosity, console);
        }

        if (options.Timings)
        {
            foreach (var project in report.Projects)
            {
                console.Out.Write($"timings {project.Project}:\n{project.Timings.Format()}");
            }

            foreach (var (name, timings) in setup.ComponentTimings)
            {
                console.Out.Write($"timings {name}:\n{timings.Format()}");
            }
        }
    }

    private static void PrintProject(ProjectReport p, bool dryRun, Verbosity verbosity, CliConsole console)
    {
        foreach (var error in p.Errors)
        {
            console.Error.WriteLine($"pwsync: {error.Message}");
        }

        if (verbosity == Verbosity.Quiet || !p.Started)
        {
            // A project refused before it read anything has no summary, only its error.
            return;
        }

        var o = console.Out;
        if (dryRun)
        {
            var retags = p.Plan.OfType<RetagMail>().Count();
            var pushes = p.Plan.OfType<PushToTracker>().Count();
            o.WriteLine($"{p.Project} (dry run, {p.Mode}): would retag {Words.Count(retags, "mail", "mails")} and push {Words.Count(pushes, "state", "states")}; {Words.Count(p.Plan.OfType<ConflictDecided>().Count(), "conflict", "conflicts")}, {Words.Count(p.MailMissing, "patch", "patches")} without mail");
            foreach (var conflict in p.Plan.OfType<ConflictDecided>())
            {
                o.WriteLine("  " + Describe(conflict));
            }

        }
        else
        {
            var notApplied = p.PushesFailed > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({p.PushesFailed} not applied)") : string.Empty;
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Project} ({p.Mode}): {Words.Count(p.TrackerRead, "patch", "patches")} read, {Words.Count(p.MailRead, "mail", "mails")} read; {p.Retagged} retagged, {p.Pushed} pushed{notApplied}, {Words.Count(p.Conflicts.Count, "conflict", "conflicts")}, {Words.Count(p.MailMissing, "patch", "patches")} without mail"));
        }

        // The plan is kept only for a dry run or -v; conflicts are always printed.
        foreach (var line in p.Plan.Where(a => a is not ConflictDecided).Concat(p.Conflicts).Select(Describe).OfType<string>())
        {
            o.WriteLine("  " + line);
        }

        foreach (var warning in p.Warnings)
        {
            console.Error.WriteLine($"pwsync: warning: {warning}");
        }
    }

    private static string? Describe(PlannedAction action) => action switch
    {
        RetagMail r => $"retag patch {r.PatchId} <{r.MessageId}>: {string.Join(' ', r.Add.Order(StringComparer.Ordinal).Select(t => "+" + t).Concat(r.Remove.Order(StringComparer.Ordinal).Select(t => "-" + t)))}",
        PushToTracker p => $"push patch {p.PatchId} <{p.MessageId}>: {p.Expected} -> {p.Desired}",
        ConflictDecided c => $"conflict patch {c.PatchId} <{c.MessageId}>: {c.Reason} (mail had {c.Mail})",
        MailMissing => null,
        _ => null,
    };

    private static object ToJson(SyncReport report, SyncSetup setup, SyncOptions options) => new
    {
        report.DryRun,
        Projects = report.Projects.Select(p => new
        {
            p.Project,
            p.Mode,
            p.Counts,
            Errors = p.Errors.Select(e => new { Area = e.Area.ToString().ToLowerInvariant(), e.Message }),
            p.Warnings,
            Conflicts = p.Conflicts.Select(c => new
            {
                c.PatchId,
                c.MessageId,
                Base = c.Base?.ToString(),
                Tracker = c.Tracker.ToString(),
                Mail = c.Mail.ToString(),
                Winner = c.Winner.ToString().ToLowerInvariant(),
                c.Reason,
            }),
            Plan = options.DryRun || options.Verbosity == Verbosity.Verbose
                ? p.Plan.Select(Describe).OfType<string>().ToList()
                : null,
            Timings = options.Timings ? p.Timings.Phases.ToDictionary(t => t.Key, t => t.Value.TotalSeconds) : null,
        }),
        Components = options.Timings
            ? setup.ComponentTimings.ToDictionary(c => c.Name, c => new { Seconds = c.Timings.Phases.ToDictionary(t => t.Key, t => t.Value.TotalSeconds), c.Timings.Counters })
            : null,
    };
}
