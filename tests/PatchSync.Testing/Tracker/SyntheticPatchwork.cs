using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PatchSync.Testing.Tracker;

/// <summary>
/// A Patchwork-shaped API over generated patches, for paging tests, contract tests and the tracker benchmark.
/// It follows the captured behaviour of Patchwork 3.1.3, including the quirks that break a client silently
/// (fixtures 56-61): bare JSON arrays, <c>Link</c> with next/prev/first/last (optionally only next/prev, like
/// servers before 3.1), <c>per_page</c> capped, 404 "Invalid page.", unknown filter values answering
/// <c>[]</c>, naive UTC dates, <c>since</c> inclusive and <c>before</c> exclusive; only <c>state</c> (and
/// <c>submitter</c>) take several values, every other parameter keeps its LAST value; <c>archived</c> other
/// than true/false/1/0 is ignored; an aware <c>since</c>/<c>before</c> is turned into Australia/Canberra
/// wall time (so it finds nothing recent); a PATCH whose body came chunked is read as empty and answers 200
/// unchanged. <c>/events/</c> (newest first) is fed by PATCHed state and delegate changes and by
/// <see cref="AddEvent"/>. Date order breaks ties by id. It counts requests in flight so tests can check the
/// client's bound. Hosting (Kestrel) is left to the caller: see <see cref="HandleAsync(string, string, string, string, SyntheticBody?, CancellationToken)"/>.
/// </summary>
public sealed partial class SyntheticPatchwork
{
    private static readonly string[] RootNames = ["projects", "users", "people", "patches", "covers", "series", "events", "bundles"];
    private static readonly string[] StateNames = ["new", "under-review", "accepted", "rejected", "changes-requested", "superseded"];

    // Patchwork's default states, in its order (what an "Invalid state" answer lists).
    private static readonly string[] ValidStates =
        ["new", "under-review", "accepted", "rejected", "rfc", "not-applicable", "changes-requested", "awaiting-upstream", "superseded", "deferred"];

    private static readonly string[] EventCategoryNames =
    [
        "cover-created", "patch-created", "patch-completed", "patch-state-changed", "patch-delegated", "patch-relation-changed",
        "check-created", "series-created", "series-completed", "cover-comment-created", "patch-comment-created",
    ];

    private static readonly Lazy<TimeZoneInfo> ServerZone = new(() => TimeZoneInfo.FindSystemTimeZoneById("Australia/Canberra"));
    private readonly SyntheticPatch[] _byId;
    private readonly SyntheticPatch[] _byDate;
    private readonly List<SyntheticEvent> _events = []; // in id order; guarded by _writes
    private readonly Lock _writes = new();
    private readonly SemaphoreSlim _worker = new(1, 1);
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

    /// <summary>Delay per <c>/events/</c> request (e.g. Patchwork's COUNT plus ~1 ms per serialised event).</summary>
    public Func<SyntheticEventsRequest, TimeSpan>? EventsLatency { get; init; }

    /// <summary>
    /// Serves <see cref="EventsLatency"/> one request at a time, like Patchwork under <c>runserver</c> (one
    /// Python process: parallel requests share one core), so the total is the server's work, not the overlap.
    /// </summary>
    public bool EventsOneAtATime { get; init; }

    /// <summary>The clock that dates events written by PATCH.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Every event, in id order.</summary>
    public IReadOnlyList<SyntheticEvent> Events
    {
        get
        {
            lock (_writes)
            {
                return [.. _events];
            }
        }
    }

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

    /// <summary>Records an event (e.g. the other categories a busy project has); its id follows the last one.</summary>
    public SyntheticEvent AddEvent(string category, DateTime date, long? patchId = null, long? seriesId = null, string? previousState = null, string? currentState = null)
    {
        lock (_writes)
        {
            var added = new SyntheticEvent(_events.Count + 1, category, DateTime.SpecifyKind(date, DateTimeKind.Utc), patchId, seriesId, previousState, currentState);
            _events.Add(added);
            return added;
        }
    }

    /// <summary>Answers one request without a body (reads); <paramref name="origin"/> (e.g. <c>http://127.0.0.1:5000</c>) builds the links.</summary>
    public Task<SyntheticResponse> HandleAsync(string method, string path, string query, string origin, CancellationToken cancellationToken) =>
        HandleAsync(method, path, query, origin, null, cancellationToken);

    /// <summary>Answers one request; <paramref name="body"/> is what a write sent (null: nothing).</summary>
    public async Task<SyntheticResponse> HandleAsync(string method, string path, string query, string origin, SyntheticBody? body, CancellationToken cancellationToken)
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
            return await RouteAsync(method, path, query, origin, body, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task<SyntheticResponse> RouteAsync(string method, string path, string query, string origin, SyntheticBody? body, CancellationToken cancellationToken)
    {
        var segments = path.Trim('/').Split('/');
        if (segments.Length < 1 || segments[0] != "api" || method is not ("GET" or "PATCH"))
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
        if (method == "PATCH")
        {
            return rest is ["patches", var patchId] && long.TryParse(patchId, out var target) && target >= 1 && target <= _byId.Length
                ? Update(target, body, prefix, origin)
                : Detail404();
        }

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
                return await ListAsync(new ListQuery(query), prefix, origin, cancellationToken);
            case ["patches", var id] when long.TryParse(id, out var n) && n >= 1 && n <= _byId.Length:
                return Json(200, w => WritePatch(w, _byId[n - 1], prefix, origin, detail: true));
            case ["events"]:
                return await ListEventsAsync(new ListQuery(query), prefix, origin, cancellationToken);
            default:
                return Detail404();
        }
    }

    private async Task<SyntheticResponse> ListAsync(ListQuery q, string prefix, string origin, CancellationToken cancellationToken)
    {
        Queries.Enqueue(q.Text);
        var project = q.Last("project");
        if (project is not null && project != ProjectLinkName && project != "1")
        {
            return EmptyList(prefix, "patches/", q);
        }

        var (perPage, page) = Paging(q);
        var since = ParseDate(q.Last("since"));
        var before = ParseDate(q.Last("before"));
        var states = q.All("state");
        var archived = ParseBoolean(q.Last("archived"));
        if ((q.Last("since") is not null && since is null) || (q.Last("before") is not null && before is null))
        {
            return EmptyList(prefix, "patches/", q);
        }

        if (states.Length > 0)
        {
            // Matched like Patchwork: hyphens become spaces, then the name compared ignoring case; one unknown value gives [].
            states = [.. states.Select(v => ValidStates.FirstOrDefault(s => string.Equals(s.Replace('-', ' '), v.Replace('-', ' '), StringComparison.OrdinalIgnoreCase)) ?? "")];
            if (states.Contains(""))
            {
                return EmptyList(prefix, "patches/", q);
            }
        }

        var matched = Filter(q.Last("order") ?? "id", since, before, states, archived);
        var lastPage = Math.Max(1, (matched.Count + perPage - 1) / perPage);
        if (page < 1 || page > lastPage)
        {
            return Json(404, w => { w.WriteStartObject(); w.WriteString("detail", "Invalid page."); w.WriteEndObject(); });
        }

        var offset = (long)(page - 1) * perPage;
        if (Latency is { } latency)
        {
            await Task.Delay(latency(new SyntheticRequest(offset, since is not null || before is not null, matched.Count, (int)Math.Min(perPage, matched.Count - offset))), cancellationToken);
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
        }, LinkHeader(prefix, "patches/", q, page, lastPage));
    }

    private async Task<SyntheticResponse> ListEventsAsync(ListQuery q, string prefix, string origin, CancellationToken cancellationToken)
    {
        Queries.Enqueue(q.Text);
        var project = q.Last("project");
        var category = q.Last("category");
        var since = ParseDate(q.Last("since"));
        var before = ParseDate(q.Last("before"));
        if ((project is not null && project != ProjectLinkName && project != "1")
            || (category is not null && !EventCategoryNames.Contains(category))
            || (q.Last("since") is not null && since is null)
            || (q.Last("before") is not null && before is null)
            || (q.Last("patch") is { } p && !long.TryParse(p, CultureInfo.InvariantCulture, out _))
            || (q.Last("series") is { } sr && !long.TryParse(sr, CultureInfo.InvariantCulture, out _)))
        {
            return EmptyList(prefix, "events/", q);
        }

        var patch = q.Last("patch") is { } patchText ? long.Parse(patchText, CultureInfo.InvariantCulture) : (long?)null;
        var series = q.Last("series") is { } seriesText ? long.Parse(seriesText, CultureInfo.InvariantCulture) : (long?)null;
        IEnumerable<SyntheticEvent> rows = Events.Where(e =>
            (category is null || e.Category == category)
            && (since is null || e.Date >= since) && (before is null || e.Date < before)
            && (patch is null || e.PatchId == patch) && (series is null || e.SeriesId == series));

        // Patchwork orders events by date only: newest first, unless order=date.
        rows = q.Last("order") == "date" ? rows.OrderBy(e => e.Date).ThenBy(e => e.Id) : rows.OrderByDescending(e => e.Date).ThenByDescending(e => e.Id);
        var matched = rows.ToList();
        var (perPage, page) = Paging(q);
        var lastPage = Math.Max(1, (matched.Count + perPage - 1) / perPage);
        if (page < 1 || page > lastPage)
        {
            return Json(404, w => { w.WriteStartObject(); w.WriteString("detail", "Invalid page."); w.WriteEndObject(); });
        }

        var offset = (page - 1) * perPage;
        var items = matched.Skip(offset).Take(perPage).ToList();
        if (EventsLatency is { } latency)
        {
            if (EventsOneAtATime)
            {
                await _worker.WaitAsync(cancellationToken);
            }

            try
            {
                await Task.Delay(latency(new SyntheticEventsRequest(offset, items.Count, matched.Count)), cancellationToken);
            }
            finally
            {
                if (EventsOneAtATime)
                {
                    _worker.Release();
                }
            }
        }

        return Json(200, w =>
        {
            w.WriteStartArray();
            foreach (var item in items)
            {
                WriteEvent(w, item, prefix, origin);
            }

            w.WriteEndArray();
        }, LinkHeader(prefix, "events/", q, page, lastPage));
    }

    /// <summary>
    /// PATCH of a patch, as Patchwork reads it: no token is 403; a body without Content-Length (chunked) or
    /// not JSON is read as empty, so nothing changes and the answer is 200 with the patch as it was.
    /// </summary>
    private SyntheticResponse Update(long id, SyntheticBody? body, string prefix, string origin)
    {
        if (string.IsNullOrEmpty(body?.Authorization))
        {
            return Json(403, w => { w.WriteStartObject(); w.WriteString("detail", "Authentication credentials were not provided."); w.WriteEndObject(); });
        }

        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (body.HasContentLength && body.Content.Length > 0 && body.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true)
        {
            using var document = JsonDocument.Parse(body.Content);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                fields[property.Name] = property.Value.Clone();
            }
        }

        lock (_writes)
        {
            var before = _byId[id - 1];
            var after = before;
            if (fields.TryGetValue("state", out var state))
            {
                var slug = Slugify(state.GetString() ?? "");
                if (!ValidStates.Contains(slug))
                {
                    return Json(400, w =>
                    {
                        w.WriteStartObject();
                        w.WriteStartArray("state");
                        w.WriteStringValue($"Invalid state {state.GetString()}. Expected one of: {string.Join(", ", ValidStates)}.");
                        w.WriteEndArray();
                        w.WriteEndObject();
                    });
                }

                after = after with { State = slug };
            }

            if (fields.TryGetValue("archived", out var archived) && archived.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                after = after with { Archived = archived.GetBoolean() };
            }

            if (fields.TryGetValue("delegate", out var delegateId))
            {
                if (delegateId.ValueKind == JsonValueKind.Number && delegateId.GetInt64() != 1)
                {
                    return Json(400, w =>
                    {
                        w.WriteStartObject();
                        w.WriteStartArray("delegate");
                        w.WriteStringValue($"User '{delegateId.GetInt64()}' is not a maintainer for project '{ProjectLinkName}'");
                        w.WriteEndArray();
                        w.WriteEndObject();
                    });
                }

                after = after with { DelegateId = delegateId.ValueKind == JsonValueKind.Number ? 1 : null };
            }

            Replace(before, after);
            var now = Clock.GetUtcNow().UtcDateTime;
            if (after.State != before.State)
            {
                _events.Add(new SyntheticEvent(_events.Count + 1, "patch-state-changed", now, id, PreviousState: before.State, CurrentState: after.State));
            }

            if (after.DelegateId != before.DelegateId)
            {
                _events.Add(new SyntheticEvent(_events.Count + 1, "patch-delegated", now, id, PreviousDelegateId: before.DelegateId, CurrentDelegateId: after.DelegateId));
            }

            return Json(200, w => WritePatch(w, after, prefix, origin, detail: true));
        }
    }

    private void Replace(SyntheticPatch before, SyntheticPatch after)
    {
        _byId[before.Id - 1] = after;
        for (var i = LowerBound(before.Date); i < _byDate.Length && _byDate[i].Date == before.Date; i++)
        {
            if (_byDate[i].Id == before.Id)
            {
                _byDate[i] = after;
                break;
            }
        }
    }

    private (int PerPage, int Page) Paging(ListQuery q)
    {
        var perPage = int.TryParse(q.Last("per_page"), CultureInfo.InvariantCulture, out var pp) && pp > 0 ? Math.Min(pp, MaxPerPage) : 30;
        var page = int.TryParse(q.Last("page"), CultureInfo.InvariantCulture, out var pg) ? pg : 1;
        return (perPage, page);
    }

    private SyntheticResponse EmptyList(string prefix, string resource, ListQuery q) =>
        Json(200, w => { w.WriteStartArray(); w.WriteEndArray(); }, LinkHeader(prefix, resource, q, 1, 1));

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

    private Dictionary<string, string> LinkHeader(string prefix, string resource, ListQuery q, int page, int lastPage)
    {
        // Patchwork keeps every parameter (repeated ones too) and sorts them by name.
        string Url(int? p)
        {
            var pairs = q.Pairs.Where(kv => kv.Name != "page")
                .Concat(p is { } n ? [("page", n.ToString(CultureInfo.InvariantCulture))] : [])
                .OrderBy(kv => kv.Name, StringComparer.Ordinal)
                .Select(kv => $"{kv.Name}={Uri.EscapeDataString(kv.Value)}");
            return $"<{prefix}{resource}?{string.Join('&', pairs)}>";
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

    private void WritePatch(Utf8JsonWriter w, SyntheticPatch p, string prefix, string origin, bool detail = false)
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
        if (p.DelegateId is { } delegateId)
        {
            w.WritePropertyName("delegate");
            WriteUser(w, delegateId, prefix);
        }
        else
        {
            w.WriteNull("delegate");
        }

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
        if (detail)
        {
            // A PATCH answers the full detail, like GET of the patch.
            w.WriteStartObject("headers");
            w.WriteString("Message-Id", $"<{p.MessageId}>");
            w.WriteString("Subject", $"[PATCH {p.Id % 5 + 1}/5] synthetic: change number {p.Id}");
            w.WriteEndObject();
            w.WriteString("content", "A synthetic change.\n");
            w.WriteString("diff", $"--- a/file{p.Id}\n+++ b/file{p.Id}\n@@ -1 +1 @@\n-old\n+new\n");
            w.WriteStartArray("prefixes");
            w.WriteStringValue($"{p.Id % 5 + 1}/5");
            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteUser(Utf8JsonWriter w, long id, string prefix)
    {
        w.WriteStartObject();
        w.WriteNumber("id", id);
        w.WriteString("url", $"{prefix}users/{id}/");
        w.WriteString("username", "maintainer");
        w.WriteString("first_name", "Maint");
        w.WriteString("last_name", "Ainer");
        w.WriteString("email", "maintainer@example.org");
        w.WriteEndObject();
    }

    private void WriteEvent(Utf8JsonWriter w, SyntheticEvent e, string prefix, string origin)
    {
        w.WriteStartObject();
        w.WriteNumber("id", e.Id);
        w.WriteString("category", e.Category);
        w.WritePropertyName("project");
        WriteProject(w, prefix);
        w.WriteString("date", e.Date.ToString(e.Date.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss" : "yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
        w.WriteNull("actor");
        w.WriteStartObject("payload");
        if (e.PatchId is { } patchId && patchId >= 1 && patchId <= _byId.Length)
        {
            var p = _byId[patchId - 1];
            var web = $"{origin}/project/{ProjectLinkName}/patch/{p.MessageId}/";
            w.WriteStartObject("patch");
            w.WriteNumber("id", p.Id);
            w.WriteString("url", $"{prefix}patches/{p.Id}/");
            w.WriteString("web_url", web);
            w.WriteString("msgid", $"<{p.MessageId}>");
            w.WriteNull("list_archive_url");
            w.WriteString("date", p.Date.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            w.WriteString("name", $"[{p.Id % 5 + 1}/5] synthetic: change number {p.Id}");
            w.WriteString("mbox", web + "mbox/");
            w.WriteEndObject();
        }

        if (e.SeriesId is { } seriesId)
        {
            w.WriteStartObject("series");
            w.WriteNumber("id", seriesId);
            w.WriteString("url", $"{prefix}series/{seriesId}/");
            w.WriteString("web_url", $"{origin}/project/{ProjectLinkName}/list/?series={seriesId}");
            w.WriteString("date", e.Date.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            w.WriteString("name", "synthetic series");
            w.WriteNumber("version", 1);
            w.WriteString("mbox", $"{origin}/series/{seriesId}/mbox/");
            w.WriteEndObject();
        }

        if (e.Category == "patch-state-changed")
        {
            w.WriteString("previous_state", e.PreviousState);
            w.WriteString("current_state", e.CurrentState);
        }

        if (e.Category == "patch-delegated")
        {
            foreach (var (name, id) in new[] { ("previous_delegate", e.PreviousDelegateId), ("current_delegate", e.CurrentDelegateId) })
            {
                w.WritePropertyName(name);
                if (id is { } userId)
                {
                    WriteUser(w, userId, prefix);
                }
                else
                {
                    w.WriteNullValue();
                }
            }
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>
    /// A naive value is taken as UTC (what Patchwork stores). An aware one (<c>Z</c>, <c>+00:00</c>) is turned
    /// into the server's wall time, Australia/Canberra, as Patchwork (USE_TZ = False) does, so it lands
    /// 10-11 hours late and a recent <c>since</c> finds nothing (fixture 59).
    /// </summary>
    private static DateTime? ParseDate(string? value)
    {
        if (value is null || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return null;
        }

        var aware = value.EndsWith('Z') || value.EndsWith('z') || AwareOffset().IsMatch(value);
        var naive = aware ? TimeZoneInfo.ConvertTime(parsed, ServerZone.Value).DateTime : parsed.UtcDateTime;
        return DateTime.SpecifyKind(naive, DateTimeKind.Utc);
    }

    /// <summary>django-filter's BooleanWidget: true/false/1/0 (any case); anything else ("both", garbage) means no filter.</summary>
    private static bool? ParseBoolean(string? value) => value?.ToLowerInvariant() switch
    {
        "true" or "1" => true,
        "false" or "0" => false,
        _ => null,
    };

    /// <summary>Django's slugify, as Patchwork applies it to a written state.</summary>
    private static string Slugify(string value) =>
        HyphensAndSpaces().Replace(NotWordSpaceOrHyphen().Replace(value.ToLowerInvariant(), ""), "-").Trim('-', '_');

    [GeneratedRegex(@"[+-]\d\d:?\d\d$")]
    private static partial Regex AwareOffset();

    [GeneratedRegex(@"[^\w\s-]")]
    private static partial Regex NotWordSpaceOrHyphen();

    [GeneratedRegex(@"[-\s]+")]
    private static partial Regex HyphensAndSpaces();

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
