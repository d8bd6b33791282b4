namespace PatchSync.Server.Data.Stores;

/// <summary>The writable fields of a PATCH /patches/{id}/ request; null = not sent.</summary>
internal sealed record PatchUpdate
{
    public long? StateId { get; init; }

    public bool SetDelegate { get; init; }

    public long? DelegateId { get; init; }

    public bool? Archived { get; init; }

    public bool SetCommitRef { get; init; }

    public string? CommitRef { get; init; }

    public bool SetPullUrl { get; init; }

    public string? PullUrl { get; init; }

    /// <summary>The new <c>related</c> (existing patch ids; empty leaves the relation), or null to keep it.</summary>
    public IReadOnlyList<long>? Related { get; init; }
}
