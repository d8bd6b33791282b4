namespace PatchSync.Tracker;

/// <summary>
/// Filters for <see cref="PatchworkClient.ListPatchesAsync"/>. Null means "no filter".
/// <see cref="Since"/> is inclusive and <see cref="Before"/> exclusive; both compare the patch's
/// submission (mail) date, not when it last changed (use events for changes).
/// </summary>
public sealed record PatchQuery
{
    /// <summary>Project link name or numeric id. Checked to exist before listing.</summary>
    public string? Project { get; init; }

    /// <summary>Only patches whose mail date is at or after this time (UTC).</summary>
    public DateTime? Since { get; init; }

    /// <summary>Only patches whose mail date is before this time (UTC).</summary>
    public DateTime? Before { get; init; }

    /// <summary>State slugs, ORed by the server (API 1.1+).</summary>
    public IReadOnlyList<string>? States { get; init; }

    /// <summary>Only archived (true) or only unarchived (false) patches.</summary>
    public bool? Archived { get; init; }

    /// <summary>Message-ID; brackets are removed before sending.</summary>
    public string? MessageId { get; init; }

    /// <summary>Delegate user id or username.</summary>
    public string? Delegate { get; init; }

    /// <summary>Submitter person id or email.</summary>
    public string? Submitter { get; init; }

    /// <summary>Only patches of this series id.</summary>
    public long? Series { get; init; }

    /// <summary>
    /// Server ordering, e.g. <c>id</c>, <c>-id</c>, <c>date</c>, <c>-date</c>. Null lets the client choose
    /// <c>date</c>, the order in which it can split a long listing into date slices.
    /// </summary>
    public string? Order { get; init; }

    /// <summary>
    /// The caller does not need the patches in <see cref="Order"/> (the sync engine only chunks them). Lets
    /// <see cref="PagingMode.Auto"/> read a long date-ordered listing from both ends (the far half newest first)
    /// and drop a <c>since</c> that costs the server more than it saves. Every patch still comes exactly once.
    /// </summary>
    public bool AnyOrder { get; init; }

    /// <summary>How to walk the pages; <see cref="PagingMode.Auto"/> picks slices for long date-ordered listings.</summary>
    public PagingMode Paging { get; init; } = PagingMode.Auto;
}
