using PatchSync.Core.Diagnostics;
using PatchSync.Core.Planning;

namespace PatchSync.Sync.Engine;

/// <summary>What one project's run did (or, for a dry run, would do).</summary>
public sealed class ProjectReport
{
    public ProjectReport(string project) => Project = project;

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

    public long Retagged { get; set; }

    public long Pushed { get; set; }

    /// <summary>Pushes the tracker answered without taking (kept in the outbox for the next run).</summary>
    public long PushesFailed { get; set; }

    public long Recorded { get; set; }

    public long MailMissing { get; set; }

    /// <summary>The plan (every action), kept for <c>--dry-run</c> and <c>-v</c>.</summary>
    public List<PlannedAction> Plan { get; } = [];

    public List<ConflictDecided> Conflicts { get; } = [];

    public List<string> Warnings { get; } = [];

    public List<SyncError> Errors { get; } = [];

    public PhaseTimings Timings { get; } = new();

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
