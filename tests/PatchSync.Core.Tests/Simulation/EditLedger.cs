namespace PatchSync.Core.Tests.Simulation;

/// <summary>
/// Remembers every user edit until it is settled: the other side showed the edited value, or the conflicts
/// log holds it as the losing value, or the same user overwrote it on the same side first. An edit left
/// unsettled after the world converged was lost.
/// </summary>
internal sealed class EditLedger(SimWorld world)
{
    private readonly List<Pending> _open = [];
    private int _conflictsSeen;

    public IEnumerable<string> Unsettled => _open.Select(p => p.ToString());

    /// <summary>Call right after a user edit that changed something is applied.</summary>
    public void Edited(SimEdit edit)
    {
        if (edit.Kind == SimEditKind.MailStrip)
        {
            // Stripping every owned tag overwrites the user's own earlier mail edits, and is itself no opinion.
            _open.RemoveAll(p => p.Patch == edit.Patch && !p.OnTracker);
            Observe();
            return;
        }

        var field = edit.Kind switch
        {
            SimEditKind.TrackerArchived or SimEditKind.MailArchived => "archived",
            _ => "state",
        };
        var value = field == "archived"
            ? (edit.OnTracker ? world.Tracker[edit.Patch].Archived : world.MailShowsArchived(edit.Patch)).ToString()
            : edit.State;

        // The same side overwrote its own earlier edit: that one is no longer owed to anybody.
        _open.RemoveAll(p => p.Patch == edit.Patch && p.OnTracker == edit.OnTracker && p.Field == field);

        // A mail with no state tag has no opinion (docs/sync-rules.md): its archived tag is not an edit.
        if (!edit.OnTracker && !world.Mail[edit.Patch].Any(t => world.Mapping.StateFor(t) is not null))
        {
            return;
        }

        _open.Add(new Pending(edit.Patch, edit.OnTracker, field, value, edit.ToString()));
        Observe();
    }

    /// <summary>
    /// Call when a run reads both sides. An edit whose side is back at the last synced value (A -> B -> A, or
    /// the base moved to it) left no net change: a three-way merge of states, not of operations, rightly
    /// sees nothing there, so nothing is owed.
    /// </summary>
    public void Reading() =>
        _open.RemoveAll(p => SideValue(p) == p.Value && BaseValue(p) == p.Value);

    /// <summary>Call after every change to the world.</summary>
    public void Observe()
    {
        foreach (var conflict in world.Conflicts.Skip(_conflictsSeen))
        {
            var loserIsTracker = conflict.Winner == Core.Planning.ConflictRule.Mail;
            var loserState = loserIsTracker ? conflict.Tracker.State : conflict.Mail.State;
            _open.RemoveAll(p => p.Patch == conflict.PatchId && p.OnTracker == loserIsTracker && p.Field == "state" && p.Value == loserState);

            // At first sync the tracker's whole value wins, so the mail's archived flag is logged too.
            if (conflict.Base is null)
            {
                var archived = conflict.Mail.Archived.ToString();
                _open.RemoveAll(p => p.Patch == conflict.PatchId && !p.OnTracker && p.Field == "archived" && p.Value == archived);
            }
        }

        _conflictsSeen = world.Conflicts.Count;
        _open.RemoveAll(Propagated);
    }

    private string SideValue(Pending p) => (p.OnTracker, p.Field) switch
    {
        (true, "state") => world.Tracker[p.Patch].State,
        (true, _) => world.Tracker[p.Patch].Archived.ToString(),
        (false, "state") => world.MailShowsState(p.Patch, p.Value) ? p.Value : "",
        _ => world.MailShowsArchived(p.Patch).ToString(),
    };

    private string? BaseValue(Pending p) =>
        !world.Base.TryGetValue(p.Patch, out var b) ? null : p.Field == "state" ? b.State : b.Archived.ToString();

    private bool Propagated(Pending p) => (p.OnTracker, p.Field) switch
    {
        (true, "state") => world.MailShowsState(p.Patch, p.Value),
        (true, _) => world.MailShowsArchived(p.Patch).ToString() == p.Value,
        (false, "state") => world.Tracker[p.Patch].State == p.Value,
        _ => world.Tracker[p.Patch].Archived.ToString() == p.Value,
    };

    private sealed record Pending(long Patch, bool OnTracker, string Field, string Value, string Edit)
    {
        public override string ToString() => $"{Edit} ({Field}={Value} on {(OnTracker ? "tracker" : "mail")})";
    }
}
