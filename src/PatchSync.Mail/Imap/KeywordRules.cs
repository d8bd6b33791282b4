using System.Text;
using MailKit;
using PatchSync.Core.Ports;

namespace PatchSync.Mail.Imap;

/// <summary>What an IMAP server lets a keyword be, and when a folder cannot hold pwsync's keywords.</summary>
public static class KeywordRules
{
    /// <summary>Dovecot's <c>mail_max_keyword_length</c> default; longer keywords are refused with NO [CANNOT].</summary>
    public const int MaxKeywordBytes = 50;

    /// <summary>Dovecot's Maildir keeps only this many distinct keywords per folder in file names (letters a-z).</summary>
    public const int MaildirKeywordLimit = 26;

    /// <summary>Null when <paramref name="keyword"/> is a valid IMAP keyword, else the reason.</summary>
    public static string? Problem(string keyword)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        if (keyword.Length == 0)
        {
            return "keyword is empty";
        }

        if (keyword[0] == '\\')
        {
            return $"keyword '{keyword}' starts with '\\' (reserved for system flags)";
        }

        foreach (var c in keyword)
        {
            // atom-char: any CHAR except atom-specials: ( ) { SP CTL % * " \ ]  (RFC 3501 section 9)
            if (c <= 0x20 || c >= 0x7f || "(){%*\"\\]".Contains(c, StringComparison.Ordinal))
            {
                return $"keyword '{keyword}' contains '{c}', not an IMAP atom character";
            }
        }

        var bytes = Encoding.UTF8.GetByteCount(keyword);
        return bytes > MaxKeywordBytes ? $"keyword '{keyword}' is {bytes} bytes, more than {MaxKeywordBytes}" : null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid keyword.</summary>
    public static void EnsureValid(IEnumerable<string> keywords)
    {
        ArgumentNullException.ThrowIfNull(keywords);
        foreach (var keyword in keywords)
        {
            if (Problem(keyword) is { } problem)
            {
                throw new ArgumentException(problem, nameof(keywords));
            }
        }
    }

    /// <summary>
    /// Throws when the folder (opened read-write) would not keep a keyword we add: PERMANENTFLAGS must
    /// contain <c>\*</c> (any new keyword) unless every keyword is already among its permanent ones.
    /// </summary>
    public static void EnsureFolderAcceptsKeywords(
        MessageFlags permanentFlags,
        IEnumerable<string> permanentKeywords,
        IEnumerable<string> adding,
        string folder,
        string server)
    {
        ArgumentNullException.ThrowIfNull(permanentKeywords);
        ArgumentNullException.ThrowIfNull(adding);
        if (permanentFlags.HasFlag(MessageFlags.UserDefined))
        {
            return;
        }

        var known = permanentKeywords.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = adding.Where(k => !known.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new MailStoreException(
                $"{server}: folder '{folder}' does not accept custom keywords (PERMANENTFLAGS lacks \\*), cannot set {string.Join(", ", missing)}");
        }
    }

    /// <summary>
    /// The warning for a folder with more keywords than Dovecot's Maildir keeps in file names, or null.
    /// </summary>
    public static string? TooManyKeywordsWarning(int keywordCount, string folder, string server) =>
        keywordCount > MaildirKeywordLimit
            ? $"{server}: folder '{folder}' has {keywordCount} keywords; a Maildir folder keeps only {MaildirKeywordLimit} in file names, the rest live only in Dovecot's index and are lost if it is rebuilt"
            : null;

    /// <summary>Gmail labels where the server offers X-GM-EXT-1 (unless turned off), keywords everywhere else.</summary>
    public static ImapKeywordMode ChooseMode(MailKit.Net.Imap.ImapCapabilities capabilities, bool? useGmailLabels) =>
        useGmailLabels != false && capabilities.HasFlag(MailKit.Net.Imap.ImapCapabilities.GMailExt1)
            ? ImapKeywordMode.GmailLabels
            : ImapKeywordMode.Keywords;
}
