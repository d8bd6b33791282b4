namespace PatchSync.Mail.Notmuch;

public sealed partial class NotmuchMailStore
{
    /// <summary>
    /// notmuch's version, the database the config names, its size and lastmod revision (for
    /// <c>pwsync check</c>). Read-only: <c>--version</c>, <c>config get</c> and <c>count --lastmod</c>.
    /// </summary>
    /// <exception cref="PatchSync.Core.Ports.MailStoreException">notmuch is missing, or the config or the database cannot be read.</exception>
    public async Task<NotmuchDatabaseInfo> ProbeAsync(CancellationToken cancellationToken)
    {
        var version = (await RunAsync(["--version"], cancellationToken)).Stdout.Trim();
        var path = (await RunAsync(["config", "get", "database.path"], cancellationToken, 1)).Stdout.Trim();
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var revision = await CurrentRevisionAsync(cancellationToken);
            return new NotmuchDatabaseInfo(
                version.StartsWith("notmuch ", StringComparison.Ordinal) ? version["notmuch ".Length..] : version,
                path.Length == 0 ? null : path,
                revision.Count,
                revision.Uuid,
                revision.Revision);
        }
        finally
        {
            _lock.Release();
        }
    }
}
