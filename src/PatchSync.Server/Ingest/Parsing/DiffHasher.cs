using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PatchSync.Server.Ingest;

/// <summary>
/// Patchwork's patch hash (hasher.py hash_diff): SHA-1 over the diff's file, hunk and +/-/context
/// lines, with the top directory of file names replaced by a/ and b/ and hunk headers reduced to
/// their line counts, so the same change hashes the same wherever it is applied.
/// </summary>
internal static partial class DiffHasher
{
    /// <summary>The lower-case hex SHA-1 of the normalised diff.</summary>
    public static string Hash(string diff)
    {
        var normalised = new StringBuilder();
        foreach (var line in (diff.Replace("\r", string.Empty, StringComparison.Ordinal).Trim() + "\n").Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var fileName = FileName().Match(line);
            var hunk = fileName.Success ? Match.Empty : PatchSplitter.HunkHeader().Match(line);
            if (fileName.Success)
            {
                var side = fileName.Groups[1].Value;
                var path = fileName.Groups[2].Value;
                var slash = path.IndexOf('/', StringComparison.Ordinal);
                var withoutTop = slash < 0 ? string.Empty : path[(slash + 1)..];
                normalised.Append(side).Append(' ').Append(side == "---" ? "a/" : "b/").Append(withoutTop);
            }
            else if (hunk.Success)
            {
                normalised.Append("@@ -").Append(Count(hunk.Groups[1])).Append(" +").Append(Count(hunk.Groups[2])).Append(" @@");
            }
            else if (line[0] is '-' or '+' or ' ')
            {
                normalised.Append(line);
            }
            else
            {
                continue;
            }

            normalised.Append('\n');
        }

#pragma warning disable CA5350 // SHA-1 is what Patchwork stores; this is an identifier, not security.
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(normalised.ToString())));
#pragma warning restore CA5350
    }

    private static string Count(Group group) =>
        group.Success && group.Value.Length > 0 ? group.Value.TrimStart('0') is { Length: > 0 } digits ? digits : "0" : "1";

    [GeneratedRegex(@"^(---|\+\+\+) (\S+)")]
    private static partial Regex FileName();
}
