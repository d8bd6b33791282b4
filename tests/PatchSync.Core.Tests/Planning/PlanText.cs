using PatchSync.Core.Model;
using PatchSync.Core.Planning;

namespace PatchSync.Core.Tests.Planning;

/// <summary>Compact text for snapshots and plans, so table rows read like the rules they check.</summary>
internal static class PlanText
{
    /// <summary><c>new</c>, <c>new+a</c> (archived), or null.</summary>
    public static PatchSnapshot? Snapshot(string? text) => text switch
    {
        null => null,
        _ when text.EndsWith("+a", StringComparison.Ordinal) => new PatchSnapshot(text[..^2], true),
        _ => new PatchSnapshot(text, false),
    };

    /// <summary>Space-separated tags; null stays null (no mail).</summary>
    public static IReadOnlySet<string>? Tags(string? text) =>
        text is null ? null : text.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    public static string Of(PatchSnapshot s) => s.Archived ? s.State + "+a" : s.State;

    public static string Of(IReadOnlyList<PlannedAction> plan) =>
        plan.Count == 0 ? "nothing" : string.Join("; ", plan.Select(Of));

    public static string Of(PlannedAction action) => action switch
    {
        ConflictDecided c => $"conflict(mail={Of(c.Mail)} winner={c.Winner.ToString().ToLowerInvariant()})",
        RetagMail r => "retag(" + string.Join(' ', r.Add.Order(StringComparer.Ordinal).Select(t => "+" + t)
            .Concat(r.Remove.Order(StringComparer.Ordinal).Select(t => "-" + t))) + ")",
        PushToTracker p => $"push({Of(p.Expected)} -> {Of(p.Desired)})",
        RecordSynced r => $"record({Of(r.Value)})",
        MailMissing => "missing",
        _ => action.ToString(),
    };
}
