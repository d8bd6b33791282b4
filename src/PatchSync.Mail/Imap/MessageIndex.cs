using PatchSync.Mail.Abstractions;
using PatchSync.Mail.Tags;

namespace PatchSync.Mail.Imap;

/// <summary>Message-ID -> every copy (folder, UID) over all folders, and the <see cref="MailMessage"/> they make.</summary>
internal static class MessageIndex
{
    /// <summary>The index over every copy, or only over copies of the Message-IDs in <paramref name="only"/>.</summary>
    public static Dictionary<string, List<(string Folder, uint Uid, CopyState Copy)>> Build(
        IReadOnlyDictionary<string, FolderState> folders, IReadOnlySet<string>? only = null)
    {
        var index = new Dictionary<string, List<(string, uint, CopyState)>>(StringComparer.Ordinal);
        foreach (var (name, folder) in folders)
        {
            foreach (var (uid, copy) in folder.Messages)
            {
                if (copy.MessageId.Length == 0 || (only is not null && !only.Contains(copy.MessageId)))
                {
                    continue;
                }

                if (!index.TryGetValue(copy.MessageId, out var copies))
                {
                    copies = new List<(string, uint, CopyState)>(1);
                    index[copy.MessageId] = copies;
                }

                copies.Add((name, uid, copy));
            }
        }

        return index;
    }

    /// <summary>
    /// Tags = union over the copies (one shared set per distinct union, from <paramref name="sets"/>); copies
    /// that carry different owned tags are flagged as disagreeing.
    /// </summary>
    public static MailMessage ToMessage(string messageId, List<(string Folder, uint Uid, CopyState Copy)> copies, TagSetInterner sets)
    {
        var disagree = false;
        foreach (var (_, _, copy) in copies)
        {
            disagree |= !copy.Tags.AsSpan().SequenceEqual(copies[0].Copy.Tags);
        }

        var tags = sets.Intern(copies.SelectMany(c => c.Copy.Tags));
        return new MailMessage(messageId, tags, copies.Select(c => $"{c.Folder}:{c.Uid}").ToList(), disagree);
    }
}
