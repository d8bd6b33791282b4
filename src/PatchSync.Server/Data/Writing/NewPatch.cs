using System.Diagnostics.CodeAnalysis;

namespace PatchSync.Server.Data.Writing;

/// <summary>A patch to store: the fields of every mail, and the patch's own.</summary>
internal sealed record NewPatch : NewMessage
{
    public NewPatch()
    {
    }

    /// <summary>A patch with the mail fields of <paramref name="message"/>.</summary>
    [SetsRequiredMembers]
    public NewPatch(NewMessage message)
        : base(message)
    {
    }

    public long StateId { get; init; } = States.NewId;

    public bool Archived { get; init; }

    public string? Hash { get; init; }

    public string? PullUrl { get; init; }

    public int? SeriesNumber { get; init; }

    public string PrefixesJson { get; init; } = "[]";

    public string? Diff { get; init; }
}
