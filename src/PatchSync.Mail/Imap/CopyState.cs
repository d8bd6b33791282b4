namespace PatchSync.Mail.Imap;

/// <summary>One message in one folder: its Message-ID (empty when it has none) and owned keywords, sorted.</summary>
internal sealed record CopyState(string MessageId, string[] Tags)
{
    public bool SameAs(CopyState other) =>
        MessageId == other.MessageId && Tags.AsSpan().SequenceEqual(other.Tags);
}
