namespace PatchSync.Bench.Sync.Mail;

/// <summary>Another client's edit of one mail: drop one tag, add another.</summary>
public sealed record MailRetag(string MessageId, string Remove, string Add);
