using System.Text.RegularExpressions;

namespace PatchSync.Server.Ingest;

/// <summary>Counts review trailers at the start of a line (quoted "&gt; Acked-by:" lines do not count).</summary>
internal static partial class TrailerCounter
{
    /// <summary>The Acked-by, Reviewed-by and Tested-by lines in <paramref name="text"/>.</summary>
    public static TrailerCounts Count(string text)
    {
        int acked = 0, reviewed = 0, tested = 0;
        foreach (Match match in Trailer().Matches(text))
        {
            switch (char.ToLowerInvariant(match.Groups[1].Value[0]))
            {
                case 'a':
                    acked++;
                    break;
                case 'r':
                    reviewed++;
                    break;
                default:
                    tested++;
                    break;
            }
        }

        return new TrailerCounts(acked, reviewed, tested);
    }

    [GeneratedRegex(@"^[ \t]*(Acked|Reviewed|Tested)-by:[ \t]*\S", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Trailer();
}
