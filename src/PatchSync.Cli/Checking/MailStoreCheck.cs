using Microsoft.Extensions.Logging;
using PatchSync.Cli.Configuration;
using PatchSync.Cli.Running;
using PatchSync.Core.Ports;
using PatchSync.Mail.Imap;
using PatchSync.Mail.Notmuch;

namespace PatchSync.Cli.Checking;

/// <summary>
/// Checks one mail store without changing a tag: IMAP logs in and selects each folder to read its
/// capabilities and whether it keeps pwsync's keywords; notmuch reports its version and database.
/// </summary>
internal static class MailStoreCheck
{
    public static async Task<IReadOnlyList<CheckFinding>> RunAsync(StoreConfig config, TagConfig tags, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var subject = $"store {config.Name}";
        IMailStore store;
        try
        {
            store = SyncSetup.CreateMailStore(config, tags.Prefix, loggers);
        }
        catch (ArgumentException e)
        {
            return [CheckFinding.Problem(subject, e.Message, $"fix [stores.{config.Name}] (docs/configuration.md)", ExitCodes.Usage)];
        }

        await using (store)
        {
            try
            {
                return store switch
                {
                    NotmuchMailStore notmuch => [await CheckNotmuchAsync(notmuch, subject, config, cancellationToken)],
                    ImapMailStore imap => await CheckImapAsync(imap, subject, config, MailKeywords.Needed(tags), cancellationToken),
                    _ => [CheckFinding.Note(subject, $"{store.Name}: no check for this kind of store")],
                };
            }
            catch (MailStoreException e)
            {
                return [CheckFinding.Problem(subject, e.Message, FixFor(config, e.Message), ExitCodes.Mail)];
            }
            catch (InvalidOperationException e) when (config.Kind == StoreKind.Imap)
            {
                // The password source failed (unset variable, unreadable file, failing command); the message names it, never the value.
                return [CheckFinding.Problem(subject, e.Message, $"make the password source in [stores.{config.Name}] give the password", ExitCodes.Usage)];
            }
        }
    }

    private static async Task<CheckFinding> CheckNotmuchAsync(NotmuchMailStore store, string subject, StoreConfig config, CancellationToken cancellationToken)
    {
        var info = await store.ProbeAsync(cancellationToken);
        return CheckFinding.Ok(
            subject,
            $"notmuch {info.Version}, database {info.DatabasePath ?? "(notmuch's default)"}: {Output.Words.Count(info.Messages, "message", "messages")}, revision {info.Revision}"
            + (config.NotmuchConfig is null ? " (config: $NOTMUCH_CONFIG or ~/.notmuch-config)" : $" (config {config.NotmuchConfig})"));
    }

    private static async Task<IReadOnlyList<CheckFinding>> CheckImapAsync(
        ImapMailStore store, string subject, StoreConfig config, IReadOnlyList<string> keywords, CancellationToken cancellationToken)
    {
        var result = await store.ProbeAsync(keywords, cancellationToken);
        string YesNo(bool value) => value ? "yes" : "no";
        var findings = new List<CheckFinding>
        {
            CheckFinding.Ok(subject, $"{store.Name}: logged in; CONDSTORE {YesNo(result.CondStore)}, QRESYNC {YesNo(result.QResync)}, IDLE {YesNo(result.Idle)}"
                + (result.Mode == ImapKeywordMode.GmailLabels ? "; Gmail: tags are labels (X-GM-EXT-1)" : string.Empty)),
        };
        if (!result.CondStore)
        {
            findings.Add(CheckFinding.Note(subject, "no CONDSTORE: every run re-reads the flags of every message, and a tag changed by another client during a run can be overwritten"));
        }
        else if (!result.QResync)
        {
            findings.Add(CheckFinding.Note(subject, "no QRESYNC: deleted mail is found by listing every UID of a folder that changed"));
        }

        if (!result.Idle)
        {
            findings.Add(CheckFinding.Note(subject, "no IDLE: mail tag changes are seen only at the next run, never pushed by the server"));
        }

        if (result.Folders.Count == 0)
        {
            findings.Add(CheckFinding.Problem(
                subject,
                $"no folder matches folders = [{string.Join(", ", config.Imap!.Folders.Select(f => $"\"{f}\""))}]",
                $"name existing folders in [stores.{config.Name}] folders",
                ExitCodes.Mail));
        }

        foreach (var folder in result.Folders)
        {
            findings.Add(CheckFolder(folder, subject, result.Mode, keywords));
        }

        return findings;
    }

    private static CheckFinding CheckFolder(ImapFolderProbe folder, string storeSubject, ImapKeywordMode mode, IReadOnlyList<string> keywords)
    {
        var subject = $"{storeSubject} folder {folder.Name}";
        var messages = Output.Words.Count(folder.Messages, "message", "messages");
        if (!folder.Writable)
        {
            return CheckFinding.Problem(subject, $"{messages}, read-only for this user: no tag can be stored", "give the user write access to the folder (IMAP ACL), or drop it from folders", ExitCodes.Mail);
        }

        if (mode == ImapKeywordMode.GmailLabels)
        {
            return CheckFinding.Ok(subject, $"{messages}, writable (tags are Gmail labels)");
        }

        if (folder.CannotStore.Count > 0)
        {
            return CheckFinding.Problem(
                subject,
                $"{messages}; it accepts no new keywords (PERMANENTFLAGS lacks \\*, {folder.Keywords.Count} keywords defined) and cannot keep {string.Join(", ", folder.CannotStore)}",
                $"free keyword slots in the folder (Dovecot Maildir keeps at most {KeywordRules.MaildirKeywordLimit} per folder; see the dovecot-keywords file), or use a folder or server that accepts new keywords",
                ExitCodes.Mail);
        }

        var defined = folder.Keywords.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var total = defined.Count + keywords.Count(k => !defined.Contains(k));
        var line = $"{messages}, new keywords allowed{(folder.AcceptsNewKeywords ? " (PERMANENTFLAGS \\*)" : " (all of pwsync's are defined)")}, {folder.Keywords.Count} keywords defined";
        return total > KeywordRules.MaildirKeywordLimit
            ? CheckFinding.Note(
                subject,
                $"{line}; with every pwsync tag it would be {total}, more than the {KeywordRules.MaildirKeywordLimit} a Dovecot Maildir folder keeps in file names",
                "on Maildir, remove unused keywords from the folder so that the rest survive an index rebuild")
            : CheckFinding.Ok(subject, line);
    }

    private static string FixFor(StoreConfig config, string message)
    {
        var table = $"[stores.{config.Name}]";
        if (config.Kind == StoreKind.Notmuch)
        {
            return message.Contains("is notmuch installed", StringComparison.Ordinal)
                ? "install notmuch (Debian: apt-get install notmuch)"
                : $"check the notmuch config{(config.NotmuchConfig is null ? string.Empty : $" {config.NotmuchConfig}")} and that 'notmuch new' has created the database (config in {table})";
        }

        if (message.Contains("login failed", StringComparison.Ordinal))
        {
            return $"check user and the password source in {table}";
        }

        if (message.Contains("TLS", StringComparison.Ordinal))
        {
            return $"check security and port in {table} (\"tls\" is port 993, \"starttls\" port 143)";
        }

        if (message.Contains("does not exist", StringComparison.Ordinal))
        {
            return $"correct the folder names in {table} folders";
        }

        return $"check host, port and security in {table}, and that the server is up";
    }
}
