namespace PatchSync.Core.Model;

/// <summary>
/// The part of a patch that pwsync keeps in step between tracker and mail: its state slug
/// (e.g. <c>new</c>, <c>under-review</c>, or any slug an instance defines) and its archived flag.
/// </summary>
/// <param name="State">The state slug, lower case, as the tracker serves it.</param>
/// <param name="Archived">Whether the patch is archived.</param>
public sealed record PatchSnapshot(string State, bool Archived)
{
    /// <summary>The state slug, with <c>(archived)</c> appended when archived, for logs and reports.</summary>
    public override string ToString() => Archived ? $"{State} (archived)" : State;
}
