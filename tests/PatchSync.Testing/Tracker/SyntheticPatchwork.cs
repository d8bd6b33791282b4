using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Web;

namespace PatchSync.Testing.Tracker;

/// <summary>
/// A Patchwork-shaped API over generated patches, for paging tests and the tracker benchmark. It follows
/// the captured behaviour of Patchwork 3.1: bare JSON arrays, <c>Link</c> with next/prev/first/last
/// (optionally only next/prev, like servers before 3.1), <c>per_page</c> capped, 404 "Invalid page.",
/// unknown filter values answering <c>[]</c>, naive UTC dates, <c>since</c> inclusive and <c>before</c>
/// exclusive. Date order breaks ties by id. It counts requests in flight so tests can check the client's
/// bound. Hosting (Kestrel) is left to the caller: see <see cref="HandleAsync"/>.
/// </summary>
public sealed class SyntheticPatchwork
{
    private static readonly string[] RootNames = ["projects", "users", "people", "patches", "covers", "series", "events", "bundles"];
    private static readonly string[] StateNames = ["new", "under-review", "accepted", "rejected", "changes-requested", "superseded"];
    private readonly SyntheticPatch[] _byId;
    private readonly SyntheticPatch[] _byDate;
    private int _inFlight;
    private int _maxInFlight;
    private long _requests;

    /// <param name="count">Number of patches (ids 1..count).</param>
    /// <param name="seed">Random seed: the same seed gives the same data.</param>
    /// <param name="skewed">
    /// Traffic grows over time (the density of patches rises steeply towards the end), like a project that
    /// became busy: equal time slices then hold very different numbers of patches.
    /// </param>
    public SyntheticPatchwork(int count, int seed = 1, bool skewed = false)
    {
        var random = new Random(seed);
        var start = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        _byId = new SyntheticPatch[count];
        for (var i = 0; i < count; i++)
        {
            // Mostly increasing with the id, but late arrivals and equal dates happen (series sent at once).
            var minutes = skewed
                ? (long)(count * 2L * Math.Pow((double)i / count, 1.0 / 4)) + random.Next(-3, 4)
                : (i * 2L) + random.Next(-90, 91);
            var date = start.AddMinutes(Math.Max(0, minutes / 3 * 3));
            var id = i + 1L;
            _byId[i] = new SyntheticPatch(id, date, StateNames[random.Next(StateNames.Length)], random.Next(10) == 0, $"synthetic-{id}@example.org");
        }

        _byDate = [.. _byId.OrderBy(p => p.Date).ThenBy(p => p.Id)];
    }

    public IReadOnlyList<SyntheticPatch> Patches => _byId;

    /// <summary>The project's link name (its id is 1).</summary>
    public string ProjectLinkName { get; init; } = "synth";

    /// <summary>API versions answered under <c>/api/1.N/</c>; others give an HTML 404.</summary>
    public IReadOnlyCollection<string> Versions { get; init; } = ["1.0", "1.1", "1.2", "1.3"];

    /// <summary>The server's page size cap (Patchwork: 250).</summary>
    public int MaxPerPage { get; init; } = 250;

    /// <summary>False emulates Patchwork before 3.1: only next/prev links, none for a single page.</summary>
    public bool SendFirstAndLast { get; init; } = true;

    /// <summary>Delay per list request (e.g. growing with OFFSET like PostgreSQL behind Patchwork).</summary>
    public Func<SyntheticRequest, TimeSpan>? Latency { get; init; }

    /// <summary>True orders equal dates by id in <c>-date</c> too (not the reverse of <c>date</c>): Patchwork promises no tie order.</summary>
    public bool DescendingTiesById { get; init; }

    /// <summary>The most list/detail requests seen at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Every list request's query string, in arrival order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Queries { get; } = new();

    /// <summary>The patches a listing with these filters returns, in the order the server would serve them.</summary>
    public IReadOnlyList<SyntheticPatch> Expected(string order = "id", DateTime? since = null, DateTime? before = null) =>
        Filter(order, since, before, null, null);

    /// <summary>Answers one request; <paramref name="origin"/> (e.g. <c>http://127.0.0.1:5000</c>) builds the links.</summary>
    public async Task<SyntheticResponse> HandleAsync(string method, string path, string query, string origin, CancellationToken ct)
    {
        Interlocked.Increment(ref _requests);
        var now = Interlocked.Increment(ref _inFlight);
        for (var max = Volatile.Read(ref _maxInFlight); now > max; max = Volatile.Read(ref _maxInFlight))
        {
            if (Interlocked.CompareExchange(ref _maxInFlight, now, max) == max)
            {
                break;
            }
        }

        try
        {
            return await RouteAsync(method, path, query, origin, ct).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task<SyntheticResponse> RouteAsync(string method, string path, string query, string origin, CancellationToken ct)
    {
        var segments = path.Trim('/').Split('/');
        if (segments.Length < 1 || segments[0] != "api" || method != "GET")
        {
            return Html404(path);
        }

        var version = segments.Length > 1 && segments[1].Contains('.', StringComparison.Ordinal) ? segments[1] : null;
        if (version is not null && !Versions.Contains(version))
        {
            return Html404(path);
        }

        var rest = segments.Skip(version is null ? 1 : 2).ToArray();
        var prefix = $"{origin}/api/{(version is null ? "" : version + "/")}";
        switch (rest)
        {
            case []:
                return Json(200, w =>
                {
                    w.WriteStartObject();
                    foreach (var name in RootNames)
                    {
                        w.WriteString(name, prefix + name + "/");
                    }

                    w.WriteEndObject();
                });
            case ["projects", var key] when key == ProjectLinkName || key == "1":
                return Json(200, w => WriteProject(w, prefix));
            case ["projects", _]:
                return Detail404();
            case ["patches"]:
                return await ListAsync(HttpUtility.ParseQueryString(query), prefix, origin, ct).ConfigureAwait(false);
            case ["patches", var id] when long.TryParse(id, out var n) && n >= 1 && n <= _byId.Length:
                return Json(200, w => WritePatch(w, _byId[n - 1], prefix, origin));
            default:
                return Detail404();
        }
    }

    private async Task<SyntheticResponse> ListAsync(System.Collections.Specialized.NameValueCollection q, string prefix, string origin, CancellationToken ct)
    {
        Queries.Enqueue(string.Join('&', q.AllKeys.SelectMany(k => q.GetValues(k)!.Select(v => $"{k}={v}"))));
        var project = q["project"];
        if (project is not null && project != ProjectLinkName && project != "1")
        {
            return Json(200, w => { w.WriteStartArray(); w.WriteEndArray(); }, LinkHeader(prefix, q, 1, 1));
        }

        var perPage = int.TryParse(q["per_page"], CultureInfo.InvariantCulture, out var pp) && pp > 0 ? Math.Min(pp, MaxPerPage) : 30;
        var page = int.TryParse(q["page"], CultureInfo.InvariantCulture, out var pg) ? pg : 1;
        var since = ParseDate(q["since"]);
        var before = ParseDate(q["before"]);
        var states = q.GetValues("state");
        var archived = q["archived"] is { } a ? a is "true" or "1" : (bool?)null;
        if ((q["since"] is not null && since is null) || (q["before"] is not null && before is null))
        {
            return Json(200, w => { w.WriteStartArray(); w.WriteEndArray(); }, LinkHeader(prefix, q, 1, 1));
        }

        var matched = Filter(q["order"] ?? "id", since, before, states, archived);
        var lastPage = Math.Max(1, (matched.Count + perPage - 1) / perPage);
        if (page < 1 || page > lastPage)
        {
            return Json(404, w => { w.WriteStartObject(); w.WriteString("detail", "Invalid page."); w.WriteEndObject(); });
        }

        var offset = (long)(page - 1) * perPage;
        if (Latency is { } latency)
        {
            await Task.Delay(latency(new SyntheticRequest(offset, since is not null || before is not null, matched.Count, (int)Math.Min(perPage, matched.Count - offset))), ct).ConfigureAwait(false);
        }

        var items = matched.Skip((int)offset).Take(perPage);
        return Json(200, w =>
        {
            w.WriteStartArray();
            foreach (var patch in items)
            {
                WritePatch(w, patch, prefix, origin);
            }

            w.WriteEndArray();
        }, LinkHeader(prefix, q, page, lastPage));
    }

    private IReadOnlyList<SyntheticPatch> Filter(string order, DateTime? since, DateTime? before, string[]? states, bool? archived)
    {
        IEnumerable<SyntheticPatch> rows = order.TrimStart('-') == "date" ? DateRange(since, before) : _byId;
        if (order.TrimStart('-') != "date")
        {
            rows = rows.Where(p => (since is null || p.Date >= since) && (before is null || p.Date < before));
        }

        if (states is { Length: > 0 })
        {
            rows = rows.Where(p => states.Contains(p.State));
        }

        if (archived is { } a)
        {
            rows = rows.Where(p => p.Archived == a);
        }

        var list = rows as IReadOnlyList<SyntheticPatch> ?? rows.ToList();
        return order == "-date" && DescendingTiesById ? [.. list.OrderByDescending(p => p.Date).ThenBy(p => p.Id)]
            : order.StartsWith('-') ? list.Reverse().ToList() : list;
    }

    private ArraySegment<SyntheticPatch> DateRange(DateTime? since, DateTime? before)
    {
        var lo = since is { } s ? LowerBound(s) : 0;
        var hi = before is { } b ? LowerBound(b) : _byDate.Length;
        return new ArraySegment<SyntheticPatch>(_byDate, lo, Math.Max(0, hi - lo));
    }

    private int LowerBound(DateTime date)
    {
        int lo = 0, hi = _byDate.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (_byDate[mid].Date < date)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private Dictionary<string, string> LinkHeader(string prefix, System.Collections.Specialized.NameValueCollection q, int page, int lastPage)
    {
        string Url(int? p)
        {
            var pairs = q.AllKeys.Where(k => k != "page" && k is not null)
                .SelectMany(k => q.GetValues(k)!.Select(v => (k: k!, v)))
                .Concat(p is { } n ? [("page", n.ToString(CultureInfo.InvariantCulture))] : [])
                .OrderBy(kv => kv.k, StringComparer.Ordinal)
                .Select(kv => $"{kv.k}={Uri.EscapeDataString(kv.v)}");
            return $"<{prefix}patches/?{string.Join('&', pairs)}>";
        }

        var links = new List<string>();
        if (page < lastPage)
        {
            links.Add($"{Url(page + 1)}; rel=\"next\"");
        }

        if (page > 1)
        {
            links.Add($"{Url(page == 2 ? null : page - 1)}; rel=\"prev\"");
        }

        if (SendFirstAndLast)
        {
            links.Add($"{Url(1)}; rel=\"first\"");
            links.Add($"{Url(lastPage)}; rel=\"last\"");
        }

        return links.Count == 0 ? [] : new Dictionary<string, string> { ["Link"] = string.Join(", ", links) };
    }

    private void WriteProject(Utf8JsonWriter w, string prefix)
    {
        w.WriteStartObject();
        w.WriteNumber("id", 1);
        w.WriteString("url", prefix + "projects/1/");
        w.WriteString("name", "Synthetic Project");
        w.WriteString("link_name", ProjectLinkName);
        w.WriteString("list_id", "synth.example.org");
        w.WriteString("list_email", "synth@example.org");
        w.WriteString("web_url", "");
        w.WriteString("scm_url", "");
        w.WriteString("webscm_url", "");
        w.WriteString("list_archive_url", "");
        w.WriteString("list_archive_url_format", "");
        w.WriteString("commit_url_format", "");
        w.WriteEndObject();
    }

    private void WritePatch(Utf8JsonWriter w, SyntheticPatch p, string prefix, string origin)
    {
        var web = $"{origin}/project/{ProjectLinkName}/patch/{p.MessageId}/";
        w.WriteStartObject();
        w.WriteNumber("id", p.Id);
        w.WriteString("url", $"{prefix}patches/{p.Id}/");
        w.WriteString("web_url", web);
        w.WritePropertyName("project");
        WriteProject(w, prefix);
        w.WriteString("msgid", $"<{p.MessageId}>");
        w.WriteString("list_archive_url", (string?)null);
        w.WriteString("date", p.Date.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        w.WriteString("name", $"[{p.Id % 5 + 1}/5] synthetic: change number {p.Id}");
        w.WriteNull("commit_ref");
        w.WriteNull("pull_url");
        w.WriteString("state", p.State);
        w.WriteBoolean("archived", p.Archived);
        w.WriteString("hash", Convert.ToHexStringLower(BitConverter.GetBytes(p.Id * 2654435761L)).PadRight(40, '0'));
        w.WriteStartObject("submitter");
        w.WriteNumber("id", p.Id % 97 + 1);
        w.WriteString("url", $"{prefix}people/{p.Id % 97 + 1}/");
        w.WriteString("name", $"Author {p.Id % 97 + 1}");
        w.WriteString("email", $"author{p.Id % 97 + 1}@example.org");
        w.WriteEndObject();
        w.WriteNull("delegate");
        w.WriteString("mbox", web + "mbox/");
        w.WriteStartArray("series");
        w.WriteStartObject();
        w.WriteNumber("id", (p.Id + 4) / 5);
        w.WriteString("url", $"{prefix}series/{(p.Id + 4) / 5}/");
        w.WriteString("web_url", $"{origin}/project/{ProjectLinkName}/list/?series={(p.Id + 4) / 5}");
        w.WriteString("date", p.Date.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        w.WriteString("name", "synthetic series");
        w.WriteNumber("version", 1);
        w.WriteString("mbox", $"{origin}/series/{(p.Id + 4) / 5}/mbox/");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("comments", $"{prefix}patches/{p.Id}/comments/");
        w.WriteString("check", "pending");
        w.WriteString("checks", $"{prefix}patches/{p.Id}/checks/");
        w.WriteStartObject("tags");
        w.WriteEndObject();
        w.WriteStartArray("related");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static DateTime? ParseDate(string? value) =>
        value is not null && DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d)
            ? DateTime.SpecifyKind(d, DateTimeKind.Utc)
            : null;

    private static SyntheticResponse Json(int status, Action<Utf8JsonWriter> write, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return new SyntheticResponse(status, "application/json", buffer.ToArray(), headers ?? new Dictionary<string, string>());
    }

    private static SyntheticResponse Detail404() =>
        Json(404, w => { w.WriteStartObject(); w.WriteString("detail", "Not found."); w.WriteEndObject(); });

    private static SyntheticResponse Html404(string path) =>
        new(404, "text/html", Encoding.UTF8.GetBytes($"<!DOCTYPE html><html><head><title>Page not found at {path}</title></head><body>404</body></html>"),
            new Dictionary<string, string>());
}
