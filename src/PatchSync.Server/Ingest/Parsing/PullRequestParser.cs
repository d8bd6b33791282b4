using System.Text.RegularExpressions;

namespace PatchSync.Server.Ingest;

/// <summary>Finds the repository of a git request-pull mail, as Patchwork's parse_pull_request does.</summary>
internal static partial class PullRequestParser
{
    /// <summary>"URL ref" from "The following changes since commit ... are available in the git repository at:", or null.</summary>
    public static string? Find(string content)
    {
        var match = RequestPull().Match(content);
        return match.Success ? Whitespace.Normalise(match.Groups[1].Value) : null;
    }

    [GeneratedRegex(
        @"^The following changes since commit.*^are available in the git repository at:\s*\n^\s*([\w+-]+(?:://|@)[\w/.@:~-]+[\s\\]*[\w/._-]*)\s*$",
        RegexOptions.Singleline | RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex RequestPull();
}
