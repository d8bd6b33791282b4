using System.Text;
using PatchSync.Server.Data.Paging;

namespace PatchSync.Server.Api;

/// <summary>
/// Patchwork's pagination header: next, prev, first, last, each the request's absolute URL with only
/// <c>page</c> replaced, the parameters sorted by name (Django's replace_query_param) and form-encoded
/// like Python's quote_plus; the prev link to page 1 drops <c>page</c>.
/// </summary>
internal static class LinkHeader
{
    public static string Build(ApiContext api, PagePlan plan)
    {
        var request = api.Http.Request;
        var baseUrl = api.Origin + request.PathBase + request.Path;
        var query = request.Query
            .Where(q => q.Key != "page")
            .OrderBy(q => q.Key, StringComparer.Ordinal)
            .ToList();
        string Url(int? page)
        {
            var pairs = new List<(string Key, string Value)>();
            var withPage = query.Select(q => (q.Key, Values: q.Value.Select(v => v ?? "").ToArray())).ToList();
            if (page is { } n)
            {
                withPage.Add(("page", [n.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
            }

            foreach (var (key, values) in withPage.OrderBy(q => q.Key, StringComparer.Ordinal))
            {
                pairs.AddRange(values.Select(v => (key, v)));
            }

            return pairs.Count == 0 ? baseUrl : baseUrl + "?" + string.Join("&", pairs.Select(p => QuotePlus(p.Key) + "=" + QuotePlus(p.Value)));
        }

        var links = new List<string>(4);
        if (plan.Number < plan.LastPage)
        {
            links.Add($"<{Url(plan.Number + 1)}>; rel=\"next\"");
        }

        if (plan.Number > 1)
        {
            links.Add($"<{Url(plan.Number == 2 ? null : plan.Number - 1)}>; rel=\"prev\"");
        }

        links.Add($"<{Url(1)}>; rel=\"first\"");
        links.Add($"<{Url(plan.LastPage)}>; rel=\"last\"");
        return string.Join(", ", links);
    }

    /// <summary>Python's urllib.parse.quote_plus: unreserved kept, space as '+', the rest %XX (upper case).</summary>
    public static string QuotePlus(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '~')
            {
                builder.Append(c);
            }
            else if (c == ' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
