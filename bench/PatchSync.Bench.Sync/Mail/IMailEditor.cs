namespace PatchSync.Bench.Sync.Mail;

/// <summary>Another mail client, kept open for many single edits.</summary>
public interface IMailEditor : IAsyncDisposable
{
    /// <summary>Drops one tag and adds another on one mail, as a maintainer's mail client would.</summary>
    Task RetagAsync(MailRetag change, CancellationToken cancellationToken);
}
