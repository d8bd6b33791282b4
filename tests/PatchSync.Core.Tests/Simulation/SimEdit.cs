namespace PatchSync.Core.Tests.Simulation;

/// <summary>What a user can do to one patch between (or during) runs.</summary>
internal enum SimEditKind
{
    TrackerState,
    TrackerArchived,
    MailSetState,
    MailAddState,
    MailArchived,
    MailStrip,
}

/// <summary>One user edit: on the tracker (web UI) or in the mail client.</summary>
internal sealed record SimEdit(long Patch, SimEditKind Kind, string State)
{
    public bool OnTracker => Kind is SimEditKind.TrackerState or SimEditKind.TrackerArchived;

    public override string ToString() => $"{Kind}({Patch}{(Kind is SimEditKind.TrackerArchived or SimEditKind.MailArchived or SimEditKind.MailStrip ? "" : ", " + State)})";
}

/// <summary>A step of a random scenario: a user edit, or a sync run that may crash and may see an edit mid-run.</summary>
internal abstract record SimOp;

internal sealed record EditOp(SimEdit Edit) : SimOp
{
    public override string ToString() => Edit.ToString();
}

/// <param name="CrashAfter">Stop the run before its n-th side effect (null: run to the end).</param>
/// <param name="EditAt">Apply <paramref name="Concurrent"/> just before the n-th side effect.</param>
/// <param name="Concurrent">A user edit made while the run is in flight, or null.</param>
internal sealed record RunOp(int? CrashAfter, int EditAt, SimEdit? Concurrent) : SimOp
{
    public override string ToString() =>
        "Run" + (CrashAfter is { } c ? $"(crash@{c})" : "") + (Concurrent is { } e ? $"[{e}@{EditAt}]" : "");
}
