using MailKit;
using MailKit.Net.Imap;

namespace PatchSync.Mail.Imap;

public sealed partial class ImapMailStore
{
    /// <summary>
    /// Connects, logs in and selects each configured folder to report what pwsync relies on (for
    /// <c>pwsync check</c>): CONDSTORE, QRESYNC, IDLE, and per folder whether it keeps
    /// <paramref name="keywords"/>. SELECT, not EXAMINE: only a read-write selection shows the folder's
    /// PERMANENTFLAGS. Nothing is stored or expunged; the folder is closed without expunging.
    /// </summary>
    /// <exception cref="PatchSync.Core.Ports.MailStoreException">Cannot connect or log in, or an exact folder name does not exist.</exception>
    public Task<ImapProbeResult> ProbeAsync(IEnumerable<string> keywords, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        var wanted = keywords.Distinct(StringComparer.Ordinal).ToList();
        return GuardAsync("capability check", async ct =>
        {
            var client = await ConnectAsync(ct);
            var folders = new List<ImapFolderProbe>();
            foreach (var folder in await ResolveFoldersAsync(client, ct))
            {
                await folder.OpenAsync(FolderAccess.ReadWrite, ct);
                var acceptsNew = folder.PermanentFlags.HasFlag(MessageFlags.UserDefined);
                var permanent = folder.PermanentKeywords.ToHashSet(StringComparer.OrdinalIgnoreCase);
                var cannotStore = acceptsNew ? [] : wanted.Where(k => !permanent.Contains(k)).ToList();
                folders.Add(new ImapFolderProbe(
                    folder.FullName,
                    folder.Count,
                    folder.Access == FolderAccess.ReadWrite,
                    acceptsNew,
                    folder.AcceptedKeywords.Order(StringComparer.Ordinal).ToList(),
                    cannotStore));
                await folder.CloseAsync(false, ct);
            }

            var capabilities = client.Capabilities;
            return new ImapProbeResult(
                capabilities.HasFlag(ImapCapabilities.CondStore),
                capabilities.HasFlag(ImapCapabilities.QuickResync),
                capabilities.HasFlag(ImapCapabilities.Idle),
                Mode,
                folders);
        }, cancellationToken);
    }
}
