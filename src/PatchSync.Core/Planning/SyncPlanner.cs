namespace PatchSync.Core.Planning;

/// <summary>
/// Pure three-way sync planning: given base (last synced), tracker now and mail now for each patch,
/// decides which side to change. No I/O, so it can be tested exhaustively.
/// </summary>
public static class SyncPlanner
{
    /// <summary>Plans one patch.</summary>
    public static IReadOnlyList<PlannedAction> PlanPatch(PatchSyncInput input, PlannerOptions options) =>
        throw new NotImplementedException("planner: to be written with its table tests");

    /// <summary>Plans every patch; actions come out in input order.</summary>
    public static IReadOnlyList<PlannedAction> Plan(IEnumerable<PatchSyncInput> inputs, PlannerOptions options)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.SelectMany(i => PlanPatch(i, options)).ToList();
    }
}
