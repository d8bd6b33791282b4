namespace PatchSync.Bench.Sync.Setup;

/// <summary>
/// The changes made between runs: K patches get a new state on the tracker and K other patches a new
/// state tag in the mail (two disjoint random sets), so the next sync has K retags and K pushes to do.
/// </summary>
public sealed record ChangePlan(IReadOnlyList<ChangePlan.Change> Tracker, IReadOnlyList<ChangePlan.Change> Mail)
{
    /// <summary>One patch moved from <paramref name="From"/> to <paramref name="To"/> on one side.</summary>
    public sealed record Change(long PatchId, string MessageId, string From, string To);

    public static ChangePlan Create(IReadOnlyList<SeededPatch> patches, IReadOnlyDictionary<string, (string State, bool Archived)> current, int perSide, int seed)
    {
        var order = Enumerable.Range(0, patches.Count).ToArray();
        new Random(seed).Shuffle(order);
        Change Pick(int index, Func<string, string> next)
        {
            var patch = patches[index];
            var from = current[patch.MessageId].State;
            return new Change(patch.Id, patch.MessageId, from, next(from));
        }

        var tracker = order.Take(perSide).Select(i => Pick(i, s => s == "new" ? "under-review" : s == "accepted" ? "rejected" : "accepted")).ToList();
        var mail = order.Skip(perSide).Take(perSide).Select(i => Pick(i, s => s == "changes-requested" ? "rejected" : "changes-requested")).ToList();
        return new ChangePlan(tracker, mail);
    }
}
