using System.Text.RegularExpressions;

namespace PatchSync.Server.Tests.Support;

/// <summary>Parses RFC 5988 Link headers into (rel, url) in header order.</summary>
public static partial class LinkHeaders
{
    public static IReadOnlyList<(string Rel, string Url)> Parse(string? header) =>
        header is null ? [] : LinkPattern().Matches(header).Select(m => (m.Groups["rel"].Value, m.Groups["url"].Value)).ToList();

    public static IReadOnlyList<(string Rel, string Url)> Of(HttpResponseMessage response) =>
        Parse(response.Headers.TryGetValues("Link", out var values) ? string.Join(", ", values) : null);

    [GeneratedRegex("<(?<url>[^>]*)>; rel=\"(?<rel>[a-z]+)\"")]
    private static partial Regex LinkPattern();
}
