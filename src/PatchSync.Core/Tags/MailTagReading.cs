using PatchSync.Core.Model;

namespace PatchSync.Core.Tags;

/// <summary>What a mail's owned tags say about its patch.</summary>
/// <param name="Value">
/// The state and archived flag the mail stands for, or null when it has no single opinion: no state tag
/// at all (<see cref="HasOpinion"/> false) or several candidates (<see cref="IsAmbiguous"/>).
/// </param>
/// <param name="Archived">Whether the archived tag is present.</param>
/// <param name="Candidates">
/// For an ambiguous reading, the state slugs it could mean (those differing from base), sorted; otherwise empty.
/// </param>
public sealed record MailTagReading(PatchSnapshot? Value, bool Archived, IReadOnlyList<string> Candidates)
{
    /// <summary>The mail carries at least one state tag.</summary>
    public bool HasOpinion => Value is not null || Candidates.Count > 0;

    /// <summary>The mail carries several state tags and which one is meant cannot be told.</summary>
    public bool IsAmbiguous => Value is null && Candidates.Count > 0;
}
