namespace PatchSync.Server.Ingest;

/// <summary>A comment of this batch and the patch or cover letter it belongs to.</summary>
/// <param name="Mail">The comment.</param>
/// <param name="ParentMessageId">The parent's Message-ID (a patch or cover of this batch or an earlier one).</param>
/// <param name="ParentKind"><see cref="MailKind.Patch"/> or <see cref="MailKind.Cover"/>.</param>
internal sealed record CommentPlacement(ParsedMail Mail, string ParentMessageId, MailKind ParentKind);
