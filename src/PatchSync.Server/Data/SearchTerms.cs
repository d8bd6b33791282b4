using System.Text;

namespace PatchSync.Server.Data;

/// <summary>
/// The <c>q</c> parameter as DRF 3.14's SearchFilter reads it (Patchwork 3.1.3): NUL characters are
/// dropped, commas count as spaces, the rest is split on whitespace as Python's <c>str.split()</c>
/// does, and every term must occur in one of the searched columns (Django's <c>icontains</c>). The
/// user's text is matched literally: Django escapes <c>%</c>, <c>_</c> and the backslash before it
/// builds the LIKE pattern, so <c>q=100%</c> finds only names containing "100%".
/// </summary>
internal static class SearchTerms
{
    /// <summary>The terms of <paramref name="q"/>, none when it is null or blank.</summary>
    public static IReadOnlyList<string> Split(string? q)
    {
        var terms = new List<string>();
        var term = new StringBuilder();
        foreach (var c in q ?? "")
        {
            if (c == '\0')
            {
                continue;
            }

            if (c == ',' || IsPythonWhitespace(c))
            {
                Flush();
                continue;
            }

            term.Append(c);
        }

        Flush();
        return terms;

        void Flush()
        {
            if (term.Length > 0)
            {
                terms.Add(term.ToString());
                term.Clear();
            }
        }
    }

    /// <summary>
    /// The LIKE pattern that finds <paramref name="term"/> anywhere in a value, with the pattern's own
    /// characters escaped by a backslash; use it with <see cref="SqlDialect.ContainsCondition"/>.
    /// </summary>
    public static string ContainsPattern(string term)
    {
        var pattern = new StringBuilder(term.Length + 2).Append('%');
        foreach (var c in term)
        {
            if (c is '\\' or '%' or '_')
            {
                pattern.Append('\\');
            }

            pattern.Append(c);
        }

        return pattern.Append('%').ToString();
    }

    // Python's str.isspace() set: .NET's, plus the four information separators U+001C..U+001F.
    private static bool IsPythonWhitespace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';
}
