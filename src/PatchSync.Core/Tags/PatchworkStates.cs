namespace PatchSync.Core.Tags;

/// <summary>
/// The states a stock Patchwork instance defines. Patchwork has no endpoint that lists an instance's
/// states, so this is the reference a state read from the tracker is compared with: any other slug is the
/// instance's own, and gets a tag named from its slug.
/// </summary>
public static class PatchworkStates
{
    /// <summary>Patchwork's built-in state slugs.</summary>
    public static IReadOnlySet<string> BuiltIn { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "new", "under-review", "accepted", "rejected", "rfc", "not-applicable", "changes-requested",
        "awaiting-upstream", "superseded", "deferred", "needs-review-ack", "handled-elsewhere",
    };

    /// <summary>Whether <paramref name="state"/> is one of Patchwork's built-in states.</summary>
    /// <param name="state">A state slug as the tracker wrote it.</param>
    public static bool IsBuiltIn(string state) => BuiltIn.Contains(state);
}
