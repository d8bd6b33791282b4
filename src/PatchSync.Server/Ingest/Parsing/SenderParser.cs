using System.Text.RegularExpressions;

namespace PatchSync.Server.Ingest;

/// <summary>
/// Splits a decoded From header into name and address with the patterns of Patchwork's
/// split_from_header ("Name" &lt;a@b&gt;, a at b (Name), a@b (Name), bare address), so people
/// come out named as on a real server.
/// </summary>
internal static partial class SenderParser
{
    private const int MaxLength = 255;

    /// <summary>The sender, or null when the header holds no address.</summary>
    public static Sender? Parse(string fromHeader)
    {
        string? name;
        string email;
        Match match;
        if ((match = Angle().Match(fromHeader)).Success)
        {
            (name, email) = (match.Groups[1].Value, match.Groups[2].Value);
        }
        else if ((match = AtWithComment().Match(fromHeader)).Success)
        {
            (name, email) = (match.Groups[3].Value, match.Groups[1].Value + "@" + match.Groups[2].Value);
        }
        else if ((match = Comment().Match(fromHeader)).Success)
        {
            (name, email) = (match.Groups[2].Value, match.Groups[1].Value);
        }
        else
        {
            (name, email) = (null, fromHeader);
        }

        email = Truncate(email.Trim());
        if (email.Length == 0)
        {
            return null;
        }

        name = name is null ? null : Truncate(name.Trim());
        return new Sender(string.IsNullOrEmpty(name) ? null : name, email);
    }

    private static string Truncate(string value) => value.Length > MaxLength ? value[..MaxLength] : value;

    [GeneratedRegex("^\"?(.*?)\"?\\s*<([^>]+)>")]
    private static partial Regex Angle();

    [GeneratedRegex(@"^(.*?)\sat\s(.*?)\s*\(([^\)]+)\)")]
    private static partial Regex AtWithComment();

    [GeneratedRegex("^\"?(.*?)\"?\\s*\\(([^\\)]+)\\)")]
    private static partial Regex Comment();
}
