using MimeKit;

namespace PatchSync.Server.Ingest;

/// <summary>
/// One mail read from a source, or the reason it could not be read. A mail that fails to parse
/// becomes an entry with <see cref="Error"/> set, so one bad mail never aborts a batch.
/// </summary>
/// <param name="Message">The parsed message, or null when <see cref="Error"/> is set.</param>
/// <param name="Origin">Where the mail came from: "file.mbox#12" (1-based index in an mbox), a maildir file path, or "-#3" for stdin.</param>
/// <param name="Error">A one-line reason the mail could not be parsed, or null.</param>
internal sealed record SourcedMail(MimeMessage? Message, string Origin, string? Error)
{
    /// <summary>True when the mail was read and parsed.</summary>
    public bool IsOk => Message is not null && Error is null;
}
