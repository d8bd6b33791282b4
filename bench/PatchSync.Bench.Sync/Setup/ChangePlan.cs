namespace PatchSync.Bench.Sync.Setup;

/// <summary>
/// The changes made between runs: K patches get a new state on the tracker and K other patches a new
/// state tag in the mail (two disjoint random sets), so the next sync has K retags and K pushes to do.
/// </summary>
public sealed record ChangePlan(IReadOnlyList<StateChange> Tracker, IReadOnlyList<StateChange> Mail)
{
    public static ChangePlan Create(IReadOnlyList<SeededPatch> patches, IReadOnlyDictionary<string, (string State, bool Archived)> current, int perSide, int seed)
    {
        var order = Enumerable.Range(0, patches.Count).ToArray();
        new Random(seed).Shuffle(order);
        StateChange Pick(int index, Func<string, string> next)
        {
            var patch = patches[index];
            var from = current[patch.MessageId].State;
            return new StateChange(patch.Id, patch.MessageId, from, next(from));
        }

        var tracker = order.Take(perSide).Select(i => Pick(i, s => s == "new" ? "under-review" : s == "accepted" ? "rejected" : "accepted")).ToList();
        var mail = order.Skip(perSide).Take(perSide).Select(i => Pick(i, s => s == "changes-requested" ? "rejected" : "changes-requested")).ToList();
        return new ChangePlan(tracker, mail);
    }
}
