using System.Text;
using System.Text.RegularExpressions;

namespace PatchSync.Mail.Imap;

/// <summary>
/// A configured folder: an exact name, or a pattern in IMAP LIST style where <c>*</c> matches anything
/// and <c>%</c> anything but the hierarchy delimiter. INBOX is matched case-insensitively (RFC 3501).
/// </summary>
internal sealed class FolderPattern
{
    private readonly Regex? _regex;

    public FolderPattern(string pattern, char delimiter = '/')
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        Pattern = pattern;
        if (!IsGlob(pattern))
        {
            return;
        }

        var sb = new StringBuilder("^");
        foreach (var c in pattern)
        {
            sb.Append(c switch
            {
                '*' => ".*",
                '%' => "[^" + Regex.Escape(delimiter.ToString()) + "]*",
                _ => Regex.Escape(c.ToString()),
            });
        }

        _regex = new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    public string Pattern { get; }

    public static bool IsGlob(string pattern) => pattern.Contains('*', StringComparison.Ordinal) || pattern.Contains('%', StringComparison.Ordinal);

    public bool IsMatch(string folderFullName)
    {
        ArgumentNullException.ThrowIfNull(folderFullName);
        if (_regex is not null)
        {
            return _regex.IsMatch(folderFullName);
        }

        return string.Equals(Pattern, folderFullName, StringComparison.Ordinal) ||
            (string.Equals(Pattern, "INBOX", StringComparison.OrdinalIgnoreCase) && string.Equals(folderFullName, "INBOX", StringComparison.OrdinalIgnoreCase));
    }
}
