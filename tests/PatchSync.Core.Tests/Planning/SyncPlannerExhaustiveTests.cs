using PatchSync.Core.Model;
using PatchSync.Core.Planning;
using PatchSync.Core.Tags;

namespace PatchSync.Core.Tests.Planning;

/// <summary>
/// Every base x tracker x mail combination over a small alphabet ({none, new, accepted, rejected} x
/// archived), under both rules, checked against the rules stated independently of the planner's code:
/// which side changed decides the outcome, plus the invariants every plan must keep.
/// </summary>
public class SyncPlannerExhaustiveTests
{
    private static readonly string[] States = ["new", "accepted", "rejected"];
    private static readonly TagMapping Mapping = new();

    public static IEnumerable<PatchSnapshot?> Bases() =>
        States.SelectMany(s => new PatchSnapshot?[] { new(s, false), new(s, true) }).Prepend(null);

    public static IEnumerable<PatchSnapshot> Trackers() => Bases().OfType<PatchSnapshot>();

    /// <summary>Mail: missing, untagged, only archived, one state tag (x archived), two state tags.</summary>
    public static IEnumerable<string?> Mails()
    {
        yield return null;
        yield return "";
        yield return "pw-archived";
        foreach (var s in States)
        {
            yield return "pw-" + s;
            yield return "pw-" + s + " pw-archived";
        }

        yield return "pw-new pw-accepted";
        yield return "pw-accepted pw-rejected pw-archived";
    }

    [Fact]
    public void PlanPatch_EveryCombination_FollowsTheRules()
    {
        var failures = new List<string>();
        var count = 0;
        foreach (var rule in new[] { ConflictRule.Tracker, ConflictRule.Mail })
        {
            foreach (var baseValue in Bases())
            {
                foreach (var tracker in Trackers())
                {
                    foreach (var mail in Mails())
                    {
                        count++;
                        var input = new PatchSyncInput(1, "m1", baseValue, tracker, PlanText.Tags(mail));
                        var plan = SyncPlanner.PlanPatch(input, new PlannerOptions(Mapping, rule));
                        var problem = Check(input, rule, plan);
                        if (problem is not null)
                        {
                            failures.Add($"base={Show(baseValue)} tracker={PlanText.Of(tracker)} mail=[{mail ?? "missing"}] rule={rule}: {problem}; plan: {PlanText.Of(plan)}");
                        }
                    }
                }
            }
        }

        Assert.Equal(2 * 7 * 6 * 11, count);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private static string Show(PatchSnapshot? s) => s is null ? "none" : PlanText.Of(s);

    /// <summary>Returns what is wrong with <paramref name="plan"/>, or null.</summary>
    private static string? Check(PatchSyncInput input, ConflictRule rule, IReadOnlyList<PlannedAction> plan)
    {
        if (input.MailTags is null)
        {
            return plan is [MailMissing] ? null : "a patch without mail must give exactly MailMissing";
        }

        var (expected, loserLogged) = Expect(input, rule);
        var record = plan.OfType<RecordSynced>().SingleOrDefault();
        var final = record?.Value ?? input.Base;
        if (final != expected)
        {
            return $"final {Show(final)} but the rules say {PlanText.Of(expected)}";
        }

        if (record is not null && !ReferenceEquals(plan[^1], record))
        {
            return "RecordSynced must be the last action";
        }

        var conflicts = plan.OfType<ConflictDecided>().ToList();
        if (loserLogged != conflicts.Count > 0)
        {
            return loserLogged ? "a losing edit was not logged" : "a conflict was logged where there is none";
        }

        var push = plan.OfType<PushToTracker>().SingleOrDefault();
        if ((push is not null) != (expected != input.Tracker))
        {
            return "push planned iff the tracker differs from the final value";
        }

        if (push is not null && (push.Desired == push.Expected || push.Expected != input.Tracker || push.Desired != expected))
        {
            return "push must go from the tracker's value to the final value";
        }

        // Applying the plan gives the desired tags exactly, touching owned tags only.
        var tags = input.MailTags.ToHashSet(StringComparer.Ordinal);
        if (plan.OfType<RetagMail>().SingleOrDefault() is { } retag)
        {
            if (retag.Add.Concat(retag.Remove).Any(t => !Mapping.IsOwned(t)) || retag.Add.Overlaps(retag.Remove))
            {
                return "retag touches a foreign tag or adds and removes the same tag";
            }

            tags.ExceptWith(retag.Remove);
            tags.UnionWith(retag.Add);
        }

        var ownedAfter = tags.Where(Mapping.IsOwned).ToHashSet(StringComparer.Ordinal);
        if (!ownedAfter.SetEquals(Mapping.TagsFor(expected)))
        {
            return $"after the retag the mail has [{string.Join(' ', ownedAfter.Order(StringComparer.Ordinal))}]";
        }

        if (tags.Count(t => !Mapping.IsOwned(t)) != input.MailTags.Count(t => !Mapping.IsOwned(t)))
        {
            return "foreign tags changed";
        }

        // Idempotent: planning again on the result plans nothing.
        var again = SyncPlanner.PlanPatch(new PatchSyncInput(1, "m1", expected, expected, tags), new PlannerOptions(Mapping, rule));
        return again.Count == 0 ? null : "planning again on the result is not a no-op: " + PlanText.Of(again);
    }

    /// <summary>The rules, stated per field by which side changed since base.</summary>
    private static (PatchSnapshot Final, bool LoserLogged) Expect(PatchSyncInput input, ConflictRule rule)
    {
        var t = input.Tracker;
        var b = input.Base;
        var owned = input.MailTags!.Where(Mapping.IsOwned).ToHashSet(StringComparer.Ordinal);
        var mailStates = owned.Where(x => x != Mapping.ArchivedTag).Select(x => x[Mapping.Prefix.Length..]).ToList();
        var mailArchived = owned.Contains(Mapping.ArchivedTag);

        if (mailStates.Count == 0)
        {
            return (t, false); // no opinion
        }

        if (b is null)
        {
            // First sync: tracker wins; any mail value that differs is logged.
            return (t, mailStates.Any(s => new PatchSnapshot(s, mailArchived) != t));
        }

        var archived = t.Archived != b.Archived ? t.Archived : mailArchived;
        var changed = mailStates.Where(s => s != b.State).ToList();
        if (mailStates.Count > 1 && changed.Count > 1)
        {
            // Ambiguous: tracker's state; the candidates the tracker does not hold are logged.
            return (new PatchSnapshot(t.State, archived), changed.Any(s => s != t.State));
        }

        var m = mailStates.Count == 1 ? mailStates[0] : changed[0];
        var (trackerChanged, mailChanged) = (t.State != b.State, m != b.State);
        return (trackerChanged, mailChanged) switch
        {
            (false, false) => (new PatchSnapshot(b.State, archived), false),
            (true, false) => (new PatchSnapshot(t.State, archived), false),
            (false, true) => (new PatchSnapshot(m, archived), false),
            _ when t.State == m => (new PatchSnapshot(m, archived), false),
            _ => (new PatchSnapshot(rule == ConflictRule.Tracker ? t.State : m, archived), true),
        };
    }
}
