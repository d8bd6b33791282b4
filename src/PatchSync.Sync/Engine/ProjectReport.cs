using PatchSync.Core.Diagnostics;
using PatchSync.Core.Planning;

namespace PatchSync.Sync.Engine;

/// <summary>What one project's run did (or, for a dry run, would do).</summary>
public sealed class ProjectReport
{
    /// <summary>An empty report for <paramref name="project"/>.</summary>
    /// <param name="project">The project's name.</param>
    public ProjectReport(string project) => Project = project;

    /// <summary>The project's name.</summary>
    public string Project { get; }

    /// <summary><c>full</c> or <c>incremental</c>.</summary>
    public string Mode { get; set; } = "incremental";

    /// <summary>Whether the run got past its start (state loaded, mode chosen); false when it was refused at once.</summary>
    public bool Started { get; set; }

    /// <summary>Patches read from the tracker this run.</summary>
    public long TrackerRead { get; set; }

    /// <summary>Messages read from the mail store this run.</summary>
    public long MailRead { get; set; }

    /// <summary>Patches planned this run.</summary>
    public long Planned { get; set; }

    /// <summary>Messages whose tags this run changed.</summary>
    public long Retagged { get; set; }

    /// <summary>Pushes the tracker took (confirmed by its answer).</summary>
    public long Pushed { get; set; }

    /// <summary>Pushes the tracker answered without taking (kept in the outbox for the next run).</summary>
    public long PushesFailed { get; set; }

    /// <summary>Patches recorded as agreed without any write (both sides already held the same value).</summary>
    public long Recorded { get; set; }

    /// <summary>Patches whose mail no message in the store carries.</summary>
    public long MailMissing { get; set; }

    /// <summary>The plan (every action), kept for <c>--dry-run</c> and <c>-v</c>.</summary>
    public List<PlannedAction> Plan { get; } = [];

    /// <summary>The conflicts this run decided (also in the state's conflict log).</summary>
    public List<ConflictDecided> Conflicts { get; } = [];

    /// <summary>Things the user should know that did not stop the run.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Failures, each with its area (the CLI picks its exit code from them).</summary>
    public List<SyncError> Errors { get; } = [];

    /// <summary>How long the run's phases took (<c>mail.read</c>, <c>tracker.read</c>, <c>execute</c>).</summary>
    public PhaseTimings Timings { get; } = new();

    /// <summary>Whether the run reported any error.</summary>
    public bool Failed => Errors.Count > 0;

    /// <summary>Counters for the runs log and <c>--json</c>.</summary>
    public IReadOnlyDictionary<string, long> Counts => new Dictionary<string, long>(StringComparer.Ordinal)
    {
        ["tracker_read"] = TrackerRead,
        ["mail_read"] = MailRead,
        ["planned"] = Planned,
        ["retagged"] = Retagged,
        ["pushed"] = Pushed,
        ["pushes_failed"] = PushesFailed,
        ["recorded"] = Recorded,
        ["conflicts"] = Conflicts.Count,
        ["mail_missing"] = MailMissing,
        ["errors"] = Errors.Count,
    };
}
