namespace PatchSync.Server.Ingest;

/// <summary>A stored patch, cover letter or comment, as <see cref="ISeriesLookup"/> reports it.</summary>
/// <param name="MessageId">Its Message-ID without angle brackets.</param>
/// <param name="Kind">Patch, cover or comment.</param>
/// <param name="ParentMessageId">For a comment: the Message-ID of the patch or cover it belongs to; otherwise null.</param>
internal sealed record KnownSubmission(string MessageId, MailKind Kind, string? ParentMessageId);
