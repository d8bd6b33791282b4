namespace PatchSync.Server.Ingest;

/// <summary>What a mail becomes in the tracker, as Patchwork's parser decides it.</summary>
internal enum MailKind
{
    /// <summary>A mail with a diff or a pull request that is not a reply ("Re:").</summary>
    Patch,

    /// <summary>A series cover letter: numbered 0 of n, not a reply.</summary>
    Cover,

    /// <summary>A reply (or any other mail referencing a thread) without a diff of its own; kept only when its parent is known.</summary>
    Comment,
}
