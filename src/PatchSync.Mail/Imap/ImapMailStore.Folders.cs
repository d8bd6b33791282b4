using MailKit;
using MailKit.Net.Imap;

namespace PatchSync.Mail.Imap;

public sealed partial class ImapMailStore
{
    /// <summary>
    /// The configured folders that exist: exact names must exist (a missing one is an error naming it),
    /// patterns match every folder of the personal namespace that fits (none is fine).
    /// </summary>
    private async Task<List<IMailFolder>> ResolveFoldersAsync(ImapClient client, CancellationToken cancellationToken)
    {
        var result = new List<IMailFolder>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        IList<IMailFolder>? all = null;
        foreach (var configured in _options.Folders)
        {
            if (!FolderPattern.IsGlob(configured))
            {
                var folder = string.Equals(configured, "INBOX", StringComparison.OrdinalIgnoreCase)
                    ? client.Inbox
                    : await client.GetFolderAsync(configured, cancellationToken);
                Timings.Count("imap.roundtrips");
                if (seen.Add(folder.FullName))
                {
                    result.Add(folder);
                }

                continue;
            }

            if (all is null)
            {
                var personal = client.PersonalNamespaces.Count > 0 ? client.PersonalNamespaces[0] : new FolderNamespace('/', string.Empty);
                all = await client.GetFoldersAsync(personal, StatusItems.None, false, cancellationToken);
                Timings.Count("imap.roundtrips");
            }

            foreach (var folder in all)
            {
                var pattern = new FolderPattern(configured, folder.DirectorySeparator == '\0' ? '/' : folder.DirectorySeparator);
                if (pattern.IsMatch(folder.FullName) && folder.Exists && !folder.Attributes.HasFlag(FolderAttributes.NoSelect) && seen.Add(folder.FullName))
                {
                    result.Add(folder);
                }
            }
        }

        return result;
    }
}
