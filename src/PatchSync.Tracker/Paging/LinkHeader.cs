using System.Globalization;
using System.Web;

namespace PatchSync.Tracker.Paging;

/// <summary>
/// Reads Patchwork's RFC 5988 <c>Link</c> header: <c>&lt;url&gt;; rel="next", … rel="last"</c>. Patchwork 3.1+
/// always sends first/last; older servers send only next/prev, and no header at all for a single page.
/// </summary>
internal sealed class LinkHeader
{
    private readonly Dictionary<string, Uri> _links;

    private LinkHeader(Dictionary<string, Uri> links) => _links = links;

    public static LinkHeader Empty { get; } = new(new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase));

    public Uri? Next => Get("next");
    public Uri? Last => Get("last");

    /// <summary>The page number of <c>rel="last"</c>, or null when the server did not send one.</summary>
    public int? LastPage => Last is { } last ? PageOf(last) : null;

    public Uri? Get(string rel) => _links.GetValueOrDefault(rel);

    public static LinkHeader Parse(IEnumerable<string>? values)
    {
        if (values is null)
        {
            return Empty;
        }

        var links = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values)
        {
            foreach (var part in SplitEntries(value))
            {
                var open = part.IndexOf('<', StringComparison.Ordinal);
                var close = part.IndexOf('>', open + 1);
                if (open < 0 || close < 0)
                {
                    continue;
                }

                var target = part[(open + 1)..close];
                foreach (var param in part[(close + 1)..].Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var eq = param.IndexOf('=', StringComparison.Ordinal);
                    if (eq > 0 && param[..eq].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase)
                        && Uri.TryCreate(target, UriKind.Absolute, out var uri))
                    {
                        foreach (var rel in param[(eq + 1)..].Trim().Trim('"').Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        {
                            links.TryAdd(rel, uri);
                        }
                    }
                }
            }
        }

        return new LinkHeader(links);
    }

    /// <summary>The <c>page</c> query parameter; a link without one means page 1 (Patchwork's "prev" to page 1).</summary>
    public static int? PageOf(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var page = HttpUtility.ParseQueryString(uri.Query)["page"];
        if (page is null)
        {
            return 1;
        }

        return int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
    }

    /// <summary>Splits on commas outside angle brackets (URLs may hold commas, e.g. <c>order=date,id</c>).</summary>
    private static IEnumerable<string> SplitEntries(string value)
    {
        var start = 0;
        var inUrl = false;
        for (var i = 0; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '<':
                    inUrl = true;
                    break;
                case '>':
                    inUrl = false;
                    break;
                case ',' when !inUrl:
                    yield return value[start..i];
                    start = i + 1;
                    break;
            }
        }

        if (start < value.Length)
        {
            yield return value[start..];
        }
    }
}
