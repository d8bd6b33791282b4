using PatchSync.Core.Model;
using PatchSync.Core.Tags;

namespace PatchSync.Core.Planning;

/// <summary>
/// Pure three-way sync planning: given base (last synced), tracker now and mail now for each patch,
/// decides which side to change. No I/O, so it can be tested exhaustively. The rules are written out
/// in <c>docs/sync-rules.md</c>.
/// </summary>
/// <remarks>
/// The actions for one patch come in the order the engine must carry them out: every
/// <see cref="ConflictDecided"/> first (log it before changing anything, so a crash cannot lose the
/// loser's value), then <see cref="RetagMail"/>, then <see cref="PushToTracker"/>, and last
/// <see cref="RecordSynced"/>, which the engine stores only if every earlier action of that patch
/// succeeded. A patch already in step gets no action at all.
/// </remarks>
public static class SyncPlanner
{
    /// <summary>Plans one patch.</summary>
    public static IReadOnlyList<PlannedAction> PlanPatch(PatchSyncInput input, PlannerOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        if (input.MailTags is null)
        {
            return [new MailMissing(input.PatchId, input.MessageId)];
        }

        var mapping = options.Mapping;
        var owned = input.MailTags.Where(mapping.IsOwned).ToHashSet(StringComparer.Ordinal);
        var reading = MailTagReader.Read(owned, input.Base, mapping, input.ExtraTags);
        var actions = new List<PlannedAction>(4);
        var final = Decide(input, reading, options.Conflict, actions);

        var retag = Retag(input, owned, final, mapping);
        if (retag is not null)
        {
            actions.Add(retag);
        }

        if (final != input.Tracker)
        {
            actions.Add(new PushToTracker(input.PatchId, input.MessageId, input.Tracker, final));
        }

        if (actions.Count > 0 || final != input.Base)
        {
            actions.Add(new RecordSynced(input.PatchId, input.MessageId, final));
        }

        return actions;
    }

    /// <summary>Plans every patch; actions come out in input order.</summary>
    public static IReadOnlyList<PlannedAction> Plan(IEnumerable<PatchSyncInput> inputs, PlannerOptions options)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.SelectMany(i => PlanPatch(i, options)).ToList();
    }

    /// <summary>The value both sides should end with; adds a <see cref="ConflictDecided"/> for every conflict, keeping the losing value.</summary>
    private static PatchSnapshot Decide(PatchSyncInput input, MailTagReading reading, ConflictRule rule, List<PlannedAction> conflicts)
    {
        var tracker = input.Tracker;
        var baseValue = input.Base;

        // A mail with no state tag was never tagged or lost its tags: it has no opinion, the tracker's value stands.
        if (!reading.HasOpinion)
        {
            return tracker;
        }

        // First sync: the tracker is the reference; a mail that says otherwise is logged, not followed.
        if (baseValue is null)
        {
            foreach (var mail in MailValues(reading).Where(m => m != tracker))
            {
                conflicts.Add(Conflict(input, mail, ConflictRule.Tracker, "first sync: the tracker's value wins"));
            }

            return tracker;
        }

        var archived = Merge(baseValue.Archived, tracker.Archived, reading.Archived);

        // Several state tags that differ from base: no single mail value, so the tracker's state wins
        // whatever the rule, and every candidate is logged.
        if (reading.IsAmbiguous)
        {
            foreach (var candidate in reading.Candidates.Where(c => c != tracker.State))
            {
                conflicts.Add(Conflict(
                    input,
                    new PatchSnapshot(candidate, reading.Archived),
                    ConflictRule.Tracker,
                    $"mail carries several state tags differing from '{baseValue.State}' ({string.Join(", ", reading.Candidates)}); the tracker's state wins"));
            }

            return new PatchSnapshot(tracker.State, archived);
        }

        var mailValue = reading.Value!;
        var trackerChanged = tracker.State != baseValue.State;
        var mailChanged = mailValue.State != baseValue.State;
        string state;
        if (trackerChanged && mailChanged && tracker.State != mailValue.State)
        {
            state = rule == ConflictRule.Mail ? mailValue.State : tracker.State;
            conflicts.Add(Conflict(
                input,
                mailValue,
                rule,
                $"tracker changed '{baseValue.State}' to '{tracker.State}', mail changed it to '{mailValue.State}'; the {(rule == ConflictRule.Mail ? "mail" : "tracker")} rule keeps '{state}'"));
        }
        else
        {
            state = mailChanged ? mailValue.State : tracker.State;
        }

        return new PatchSnapshot(state, archived);
    }

    /// <summary>Field-wise three-way merge of a flag: a flag cannot conflict (two changes from the same base agree).</summary>
    private static bool Merge(bool baseValue, bool tracker, bool mail) => tracker != baseValue ? tracker : mail;

    private static IEnumerable<PatchSnapshot> MailValues(MailTagReading reading) =>
        reading.Value is { } value ? [value] : reading.Candidates.Select(c => new PatchSnapshot(c, reading.Archived));

    private static ConflictDecided Conflict(PatchSyncInput input, PatchSnapshot mail, ConflictRule winner, string reason) =>
        new(input.PatchId, input.MessageId, input.Base, input.Tracker, mail, winner, reason);

    /// <summary>The retag that makes the mail's owned tags exactly the desired ones, or null if they already are.</summary>
    private static RetagMail? Retag(PatchSyncInput input, HashSet<string> owned, PatchSnapshot final, TagMapping mapping)
    {
        var desired = new HashSet<string>(mapping.TagsFor(final, input.ExtraTags), StringComparer.Ordinal);
        if (input.ExtraTags is null)
        {
            // Extras unknown (not computed this run): keep the read-only tags the mail has.
            desired.UnionWith(owned.Where(mapping.IsReadOnly));
        }

        var add = desired.Where(t => !owned.Contains(t)).ToHashSet(StringComparer.Ordinal);
        var remove = owned.Where(t => !desired.Contains(t)).ToHashSet(StringComparer.Ordinal);
        return add.Count == 0 && remove.Count == 0 ? null : new RetagMail(input.PatchId, input.MessageId, add, remove);
    }
}
