using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using PatchSync.Tracker.Paging;
using Refit;

namespace PatchSync.Tracker;

/// <summary>Listing patches and series: paging with K in flight, adaptive date slices for long listings.</summary>
public sealed partial class PatchworkClient
{
    /// <summary>
    /// Every patch matching <paramref name="query"/> once, in server order unless <see cref="PatchQuery.AnyOrder"/>
    /// lets a long listing be read from both ends, with up to
    /// <see cref="PatchworkClientOptions.MaxInFlight"/> page requests in flight and bounded memory.
    /// </summary>
    /// <exception cref="TrackerNotFoundException">The query's project does not exist.</exception>
    public async IAsyncEnumerable<Patch> ListPatchesAsync(PatchQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var version = await VersionAsync(cancellationToken);
        if (query.Project is not null)
        {
            // An unknown project answers 200 [] on Patchwork: say so instead of syncing nothing.
            await GetProjectAsync(query.Project, cancellationToken);
        }

        // The page size is fixed for the whole walk: page numbers depend on it.
        var listing = new PatchListing(version, query, query.Order ?? "date", PageSize);
        var (segments, head) = await PlanSegmentsAsync(listing, cancellationToken);
        var pager = new OrderedPager<Patch>(_options.MaxInFlight, (segment, page, c) => FetchPatchPageAsync(listing, segment, page, c))
        {
            Refine = (s, p) => Refine(listing, s, p),
            Divert = listing.Watch is null ? null : (request, c) => DivertToSlicesAsync(listing, request, c),
        };
        foreach (var patch in listing.Prelude)
        {
            if (listing.FirstTime(patch))
            {
                yield return patch;
            }
        }

        await foreach (var page in pager.ReadAsync(segments, head, cancellationToken))
        {
            foreach (var patch in page.Items)
            {
                if (listing.FirstTime(patch))
                {
                    yield return patch;
                }
            }
        }

        if (listing.FromBothEnds)
        {
            await foreach (var patch in CloseMeetingPointAsync(listing, cancellationToken))
            {
                yield return patch;
            }
        }
    }

    /// <summary>One patch listing being walked: what every page request of it shares.</summary>
    private sealed class PatchListing(string version, PatchQuery query, string order, int perPage)
    {
        public string Version { get; } = version;
        public PatchQuery Query { get; } = query;
        public string Order { get; } = order;
        public int PerPage { get; } = perPage;
        public bool ByDate => Order is "date" or "-date";
        public bool Ascending => Order == "date";

        /// <summary>
        /// The query's <c>since</c> was shown to exclude no patch, so it is not sent (Patchwork then counts the
        /// project instead of a date range: ~17 ms instead of ~282 ms per request on 100k patches); it is still
        /// applied to what arrives, so a late patch dated before it cannot slip in.
        /// </summary>
        public bool OmitSince { get; set; }

        /// <summary>Set when the walk may leave plain pages for date slices (Auto, by date, long).</summary>
        public DepthLatencyWatch? Watch { get; set; }

        public DateTime? WireSince(PageSegment segment) => segment.Since ?? (OmitSince ? null : Query.Since);

        public bool DateFiltered => (Query.Since is not null && !OmitSince) || Query.Before is not null;

        /// <summary>The order a segment's pages are requested in: a backward segment reads from the other end.</summary>
        public string WireOrder(PageSegment segment) => segment.Backward ? (Ascending ? "-date" : "date") : Order;

        /// <summary>
        /// Auto with <see cref="PatchQuery.AnyOrder"/>: the plain walk's page at which it may turn to read the rest
        /// from the other end (the first page past the middle); 0 when it may not.
        /// </summary>
        public int MiddlePage { get; set; }

        /// <summary>Part of the listing is read from the other end: the meeting point is checked at the end.</summary>
        public bool FromBothEnds { get; set; }

        /// <summary>
        /// Patches the wire listing holds before the wanted ones because <c>since</c> is not sent although it
        /// excludes them (counted once at the start): the meeting check expects the count minus these.
        /// </summary>
        public long Excluded { get; set; }

        /// <summary>Items handed out before the pager's first page (the since-filtered page 1 when since is dropped).</summary>
        public IReadOnlyList<Patch> Prelude { get; set; } = [];

        /// <summary>
        /// The date where the prelude (read with <c>since</c>) and the unfiltered pages after it join: another query
        /// shape, so its ties may be ordered differently there too. Read again with the meeting point if any is missed.
        /// </summary>
        public DateTime? PreludeSeam { get; set; }

        /// <summary>
        /// Ids handed out so far, when pages may overlap (two ends meeting, pages shifting under a walk): each patch
        /// goes out once. Null for listings that keep their order and need no dedupe.
        /// </summary>
        public HashSet<long>? HandedOut { get; set; }

        /// <summary>The newest date read in date order and the oldest read newest-first: where the two ends met.</summary>
        public (DateTime? AscendingNewest, DateTime? DescendingOldest) Meeting
        {
            get
            {
                lock (_meetingGate)
                {
                    return (_ascendingNewest, _descendingOldest);
                }
            }
        }

        private readonly object _meetingGate = new();
        private DateTime? _ascendingNewest;
        private DateTime? _descendingOldest;

        public bool FirstTime(Patch patch) => HandedOut?.Add(patch.Id) ?? true;

        /// <summary>Notes how far a page reached (pages complete concurrently, hence the lock).</summary>
        public void NoteReach(string wireOrder, IReadOnlyList<Patch> items)
        {
            if (items.Count == 0 || !ByDate)
            {
                return;
            }

            lock (_meetingGate)
            {
                if (wireOrder == "date")
                {
                    var newest = items.Max(p => p.Date);
                    _ascendingNewest = _ascendingNewest is { } a && a > newest ? a : newest;
                }
                else
                {
                    var oldest = items.Min(p => p.Date);
                    _descendingOldest = _descendingOldest is { } d && d < oldest ? d : oldest;
                }
            }
        }
    }

    /// <summary>
    /// Plans the walk. Plain pages (one segment) unless the order is by date and the listing is long. Page 1 of
    /// the plain listing comes first: its <c>rel="last"</c> gives the page count and its first item one end of
    /// the date span; it is reused as the walk's page 1.
    /// <para><see cref="PagingMode.Slices"/> cuts a long listing into slices of about
    /// <see cref="PatchworkClientOptions.PagesPerSlice"/> pages at once (one one-item request in the opposite
    /// order gives the other end of the span). Since is inclusive and before exclusive, so adjacent slices
    /// neither overlap nor leave a gap.</para>
    /// <para><see cref="PagingMode.Auto"/> walks plain pages and sets a <see cref="DepthLatencyWatch"/>; the
    /// switch to slices, if any, happens in <see cref="DivertToSlicesAsync"/>. A long listing with a
    /// <c>since</c> gets one one-item request without it: when the earliest patch is not older than
    /// <c>since</c> and the counts agree, <c>since</c> excludes nothing and is no longer sent.</para>
    /// </summary>
    private async Task<(IReadOnlyList<PageSegment> Segments, Page<Patch>? Head)> PlanSegmentsAsync(PatchListing listing, CancellationToken cancellationToken)
    {
        var query = listing.Query;
        if (query.Paging == PagingMode.Pages || !listing.ByDate)
        {
            return ([PageSegment.Whole], null);
        }

        var head = await FetchPatchPageAsync(listing, PageSegment.Whole, 1, cancellationToken);
        if (head.LastPage is not { } pages || head.Items.Count == 0)
        {
            return ([PageSegment.Whole], head); // Empty, or an old server that gives no page count.
        }

        if (query.Paging == PagingMode.Auto)
        {
            if (pages > _options.MinPagesForSlicing)
            {
                if (query.Since is { } since && query.Before is null)
                {
                    var unfiltered = await ProbeWithoutSinceAsync(listing, cancellationToken);
                    listing.OmitSince = SinceExcludesNothing(since, pages, unfiltered);
                    if (!listing.OmitSince && query.AnyOrder && unfiltered is { } total
                        && await PlanBothEndsWithoutSinceAsync(listing, head, since, total.Count, cancellationToken) is { } bothEnds)
                    {
                        return (bothEnds, null);
                    }
                }

                var ratio = listing.DateFiltered ? _options.FilteredSliceLatencyRatio : _options.SliceLatencyRatio;
                listing.Watch = new DepthLatencyWatch(Math.Max(4, 2 * _options.MaxInFlight), ratio, _options.MinSliceLatency);
                if (query.AnyOrder && query.Before is null && !listing.DateFiltered)
                {
                    listing.MiddlePage = (pages / 2) + 1;
                    listing.HandedOut = [];
                }
            }

            return ([PageSegment.Whole], head);
        }

        var sliceCount = (pages + _options.PagesPerSlice - 1) / _options.PagesPerSlice;
        if (sliceCount < 2)
        {
            return ([PageSegment.Whole], head);
        }

        var tail = await FetchEndAsync(listing, oldest: !listing.Ascending, cancellationToken);
        if (tail is not { } other)
        {
            return ([PageSegment.Whole], head);
        }

        var (first, last) = listing.Ascending ? (head.Items[0].Date, other) : (other, head.Items[0].Date);
        var slices = DateSlices.Split(first, last, sliceCount);
        _logger.LogDebug("listing {Pages} pages in {Slices} date slices", pages, slices.Count);
        return (listing.Ascending ? slices : slices.Reverse().ToList(), null);
    }

    /// <summary>
    /// One one-item request in date order without <c>since</c>: its item is the earliest patch the other filters
    /// match and its <c>rel="last"</c> (one item per page) their exact count. Null when the server gives no count.
    /// </summary>
    private async Task<(DateTime Earliest, long Count)?> ProbeWithoutSinceAsync(PatchListing listing, CancellationToken cancellationToken)
    {
        var probe = await RequestPatchPageAsync(listing, since: null, before: null, "date", 1, 1, cancellationToken);
        return probe.Items.Count == 1 && probe.LastPage is { } count ? (probe.Items[0].Date, count) : null;
    }

    /// <summary>
    /// When the earliest patch is not older than <paramref name="since"/> and the unfiltered count gives the same
    /// page count as the filtered listing, <c>since</c> excludes nothing.
    /// </summary>
    private bool SinceExcludesNothing(DateTime since, int pages, (DateTime Earliest, long Count)? unfiltered)
    {
        if (unfiltered is not { } probe || probe.Earliest < since)
        {
            return false;
        }

        var same = (probe.Count + PageSize - 1) / PageSize == pages; // PageSize: what the server serves, learned from page 1
        if (same)
        {
            _logger.LogDebug("since {Since} excludes no patch ({Count} patches): listing without it", since, probe.Count);
        }

        return same;
    }

    /// <summary>
    /// A <c>since</c> that cuts the history (an epoch after the project's first patch), for a caller that takes
    /// any order: sending it makes every request count and scan a date range (Patchwork: ~282 + ~265 ms on a
    /// 100k project, against a 17 ms project count). Instead one one-item <c>before=since</c> request counts the
    /// patches it excludes, E; the listing is then read WITHOUT <c>since</c> from both ends: date order from the
    /// page holding position E up to the middle, newest first from page 1 down to the middle, meeting where the
    /// unfiltered listing's halves meet (which balances the OFFSET the two ends pay). Items older than
    /// <c>since</c> on the first page are dropped here, so <c>since</c> stays exact (inclusive). The page 1
    /// already fetched with <c>since</c> is handed out as it is and the walk starts after it.
    /// <para>Not done (null, the caller keeps <c>since</c>) when E is more than the patches kept: skipping E
    /// rows on every date-order page would then cost more OFFSET than the date range saves.</para>
    /// </summary>
    private async Task<IReadOnlyList<PageSegment>?> PlanBothEndsWithoutSinceAsync(
        PatchListing listing, Page<Patch> head, DateTime since, long total, CancellationToken cancellationToken)
    {
        var older = await RequestPatchPageAsync(listing, since: null, before: since, "date", 1, 1, cancellationToken);
        long excluded = older.Items.Count == 0 ? 0 : older.LastPage ?? -1;
        if (excluded < 0 || excluded > total - excluded || head.Items.Count < PageSize)
        {
            return null;
        }

        var perPage = PageSize;
        var pages = (int)((total + perPage - 1) / perPage);
        var ascendingFirst = (int)((excluded + (listing.Ascending ? head.Items.Count : 0)) / perPage) + 1;
        var ascendingLast = Math.Max((pages + 1) / 2, ascendingFirst - 1);
        var descendingFirst = listing.Ascending ? 1 : 2; // a -date page 1 is the same with or without since
        var descendingLast = pages - ascendingLast;
        listing.OmitSince = true;
        listing.Excluded = excluded;
        listing.FromBothEnds = true;
        listing.HandedOut = [];
        listing.Prelude = head.Items;
        listing.PreludeSeam = listing.Ascending ? head.Items[^1].Date : null; // -date: page 1 is the same query shape either way
        listing.NoteReach(listing.Order, head.Items);
        var ascending = new PageSegment(null, null) { Backward = !listing.Ascending, FirstPage = ascendingFirst, LastPage = ascendingLast };
        var descending = new PageSegment(null, null) { Backward = listing.Ascending, FirstPage = descendingFirst, LastPage = descendingLast };
        _logger.LogDebug(
            "since {Since} excludes {Excluded} of {Total} patches: listing without it, pages {AscFirst}..{AscLast} by date and {DescFirst}..{DescLast} newest first",
            since, excluded, total, ascendingFirst, ascendingLast, descendingFirst, descendingLast);
        var walk = new[] { ascending, descending }.Where(s => s.FirstPage <= s.LastPage);
        return (listing.Ascending ? walk : walk.Reverse()).ToList();
    }

    /// <summary>
    /// Where the two ends of a listing met: one one-item request (the filters as sent) counts the listing now.
    /// When fewer patches went out than it holds (minus those <c>since</c> excludes), some were missed at the
    /// meeting point: ties on the meeting date that the two orders placed differently (Patchwork orders equal
    /// dates arbitrarily), or a patch that shifted across it because patches were added meanwhile. Both lie
    /// between the newest date read in date order and the oldest read newest first, so that small date range
    /// is read and what was not handed out yet goes out. A patch added while listing and not seen is a new
    /// patch: the sync's next run brings it through its <c>patch-created</c> event (a full sync sets the
    /// events cursor to its own start).
    /// </summary>
    private async IAsyncEnumerable<Patch> CloseMeetingPointAsync(PatchListing listing, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var handedOut = listing.HandedOut!;
        var count = await RequestPatchPageAsync(listing, listing.WireSince(PageSegment.Whole), listing.Query.Before, "date", 1, 1, cancellationToken);
        long? now = count.Items.Count == 0 ? 0 : count.LastPage;
        if (now is { } n && handedOut.Count >= n - listing.Excluded)
        {
            yield break;
        }

        if (listing.Meeting is not (AscendingNewest: { } ascending, DescendingOldest: { } descending))
        {
            yield break; // one end read nothing: there is no meeting point to miss patches at
        }

        var (from, to) = ascending <= descending ? (ascending, descending) : (descending, ascending);
        if (listing.Query.Since is { } since && from < since)
        {
            from = since;
        }

        _logger.LogDebug(
            "{HandedOut} patches listed of {Count}: reading {From}..{To} where the two ends met", handedOut.Count, now - listing.Excluded, from, to);
        var ranges = new List<PageSegment> { new(from, to.AddTicks(10)) }; // before is exclusive: one microsecond after the last date
        if (listing.PreludeSeam is { } seam && (seam < from || seam > to))
        {
            ranges.Insert(0, new PageSegment(seam, seam.AddTicks(10)));
        }

        var pager = new OrderedPager<Patch>(_options.MaxInFlight, (segment, page, c) => FetchPatchPageAsync(listing, segment, page, c))
        {
            Refine = (s, p) => Refine(listing, s, p),
        };
        await foreach (var page in pager.ReadAsync(ranges, cancellationToken: cancellationToken))
        {
            foreach (var patch in page.Items)
            {
                if (listing.FirstTime(patch))
                {
                    yield return patch;
                }
            }
        }
    }

    /// <summary>The date of the listing's oldest or newest patch (a one-item request), null when it is empty.</summary>
    private async Task<DateTime?> FetchEndAsync(PatchListing listing, bool oldest, CancellationToken cancellationToken)
    {
        var end = await RequestPatchPageAsync(
            listing, listing.WireSince(PageSegment.Whole), listing.Query.Before, oldest ? "date" : "-date", 1, 1, cancellationToken);
        return end.Items.Count > 0 ? end.Items[0].Date : null;
    }

    /// <summary>
    /// Called before each plain page: once the watch sees deep pages get slow, the rest of the listing (after the
    /// last item of the page before) is walked in date slices of about <see cref="PatchworkClientOptions.PagesPerSlice"/>
    /// pages. The first slice starts at that item's date, inclusive, and skips the ids already handed out with
    /// that date, so patches with equal dates are neither lost nor repeated whatever order the server gives
    /// them. Costs one one-item request for the other end of the span. Stays on plain pages when little is
    /// left or when the page before holds a single date (its ties may go back further than one page).
    /// </summary>
    private async ValueTask<IReadOnlyList<PageSegment>?> DivertToSlicesAsync(PatchListing listing, DivertRequest<Patch> request, CancellationToken cancellationToken)
    {
        if (request.Segment == PageSegment.Whole && request.NextPage == listing.MiddlePage
            && listing.Watch is { } middle && middle.Exceeds(_options.ReverseLatencyRatio))
        {
            // The same pages either way, but none deeper than half: the rest is read newest first.
            listing.Watch = null;
            listing.FromBothEnds = true;
            var rest = request.LastPage - request.NextPage + 1;
            _logger.LogDebug(
                "pages at the middle {Growth:F1}x slower per item than the first: pages {From}..{Last} read newest first",
                middle.Growth, request.NextPage, request.LastPage);
            return [new PageSegment(null, null) { Backward = true, LastPage = rest }];
        }

        var remaining = request.LastPage - request.NextPage + 1;
        if (request.Segment != PageSegment.Whole || listing.Watch is not { LatencyGrew: true } watch || remaining <= _options.MinPagesForSlicing)
        {
            return null;
        }

        listing.Watch = null; // decide once
        var previous = await request.Previous;
        if (previous.Items.Count == 0 || previous.Items[0].Date == previous.Items[^1].Date)
        {
            return null;
        }

        var boundary = previous.Items[^1].Date;
        if (await FetchEndAsync(listing, oldest: !listing.Ascending, cancellationToken) is not { } end
            || (listing.Ascending ? end < boundary : end > boundary))
        {
            return null;
        }

        var seen = new SeenAt(boundary, previous.Items.Where(p => p.Date == boundary).Select(p => p.Id).ToHashSet());
        var count = (remaining + _options.PagesPerSlice - 1) / _options.PagesPerSlice;
        var slices = listing.Ascending ? DateSlices.Split(boundary, end, count) : DateSlices.Split(end, boundary, count);
        var walk = slices.Select(s => s with { Seen = seen }).ToList();
        if (!listing.Ascending)
        {
            walk.Reverse();
        }

        _logger.LogDebug(
            "deep pages {Growth:F1}x slower per item than the first: pages {From}..{Last} as {Slices} date slices",
            watch.Growth, request.NextPage, request.LastPage, walk.Count);
        return walk;
    }

    /// <summary>
    /// Time slices are equal in time, not in count: a slice that turns out to hold more than twice the
    /// planned pages (a busy period) is cut again, so deep pages stay rare on uneven projects too.
    /// </summary>
    private List<PageSegment>? Refine(PatchListing listing, PageSegment segment, Page<Patch> head)
    {
        if (segment.Since is null || segment.Before is null || head.LastPage is not { } pages || pages <= 2 * _options.PagesPerSlice)
        {
            return null;
        }

        var parts = DateSlices.Split(segment, (pages + _options.PagesPerSlice - 1) / _options.PagesPerSlice);
        if (parts.Count < 2)
        {
            return null;
        }

        var cut = parts.Select(p => p with { Seen = segment.Seen });
        return listing.Ascending ? cut.ToList() : cut.Reverse().ToList();
    }

    /// <summary>
    /// One page of the walk: sent with the listing's filters, narrowed to the segment. The latency of full plain
    /// pages (not the last, which may be short) goes to the watch.
    /// </summary>
    private async Task<Page<Patch>> FetchPatchPageAsync(PatchListing listing, PageSegment segment, int page, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var order = listing.WireOrder(segment);
        var result = await RequestPatchPageAsync(
            listing, listing.WireSince(segment), segment.Before ?? listing.Query.Before, order, page, listing.PerPage, cancellationToken);
        if (listing.HandedOut is not null)
        {
            listing.NoteReach(order, result.Items);
        }

        if (segment.Backward)
        {
            result = result with { Items = result.Items.Reverse().ToList() }; // each page in the listing's order
        }

        if (listing.Watch is { } watch && segment == PageSegment.Whole && page > 1 && result.HasNext)
        {
            watch.Record(result.Items.Count, clock.Elapsed);
        }

        if (page == 1 && listing.PerPage == PageSize && result.HasNext && result.Items.Count < listing.PerPage && result.Items.Count > 0)
        {
            // The server caps per_page lower than we asked: size slices by what it really serves.
            _logger.LogDebug("server serves {Count} items per page (asked {Asked})", result.Items.Count, listing.PerPage);
            PageSize = result.Items.Count;
        }

        var since = listing.OmitSince ? listing.Query.Since : null;
        if (since is null && segment.Seen is null)
        {
            return result;
        }

        var kept = result.Items.Where(p => (since is null || p.Date >= since) && !(segment.Seen is { } seen && p.Date == seen.Date && seen.Ids.Contains(p.Id))).ToList();
        return kept.Count == result.Items.Count ? result : result with { Items = kept };
    }

    private async Task<Page<Patch>> RequestPatchPageAsync(
        PatchListing listing, DateTime? since, DateTime? before, string order, int page, int perPage, CancellationToken cancellationToken)
    {
        var query = listing.Query;
        var response = await SendPageAsync(
            c => _api.ListPatchesAsync(
                listing.Version,
                project: query.Project,
                since: Wire(since),
                before: Wire(before),
                state: query.States,
                archived: query.Archived is { } a ? (a ? "true" : "false") : null,
                msgId: query.MessageId is { } m ? MessageIds.StripBrackets(m) : null,
                delegateFilter: query.Delegate,
                submitter: query.Submitter,
                series: query.Series,
                order: order,
                page: page,
                perPage: perPage,
                cancellationToken: c),
            Endpoint($"api/{listing.Version}/patches/"),
            page,
            cancellationToken);
        var result = ToPage(response);
        foreach (var patch in result.Items)
        {
        }

        return result;
    }

    /// <summary>Every series of <paramref name="project"/> started since <paramref name="since"/> (inclusive), in server order.</summary>
    /// <exception cref="TrackerNotFoundException">The project does not exist.</exception>
    public async IAsyncEnumerable<Series> ListSeriesAsync(string project, DateTime? since, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        var version = await VersionAsync(cancellationToken);
        await GetProjectAsync(project, cancellationToken);
        var pager = new OrderedPager<Series>(_options.MaxInFlight, (_, page, c) => FetchSeriesPageAsync(version, project, since, page, c));
        await foreach (var page in pager.ReadAsync([PageSegment.Whole], cancellationToken: cancellationToken))
        {
            foreach (var item in page.Items)
            {
                yield return item;
            }
        }
    }

    private async Task<Page<Series>> FetchSeriesPageAsync(string version, string project, DateTime? since, int page, CancellationToken cancellationToken)
    {
        var response = await SendPageAsync(
            c => _api.ListSeriesAsync(version, project: project, since: Wire(since), page: page, perPage: _options.PageSize, cancellationToken: c),
            Endpoint($"api/{version}/series/"),
            page,
            cancellationToken);
        return ToPage(response);
    }

    /// <summary>A page beyond the end (404 "Invalid page.", e.g. the listing shrank meanwhile) is an empty last page.</summary>
    private async Task<IApiResponse<List<T>>> SendPageAsync<T>(
        Func<CancellationToken, Task<IApiResponse<List<T>>>> call, Uri endpoint, int page, CancellationToken cancellationToken)
    {
        var response = await SendAsync(call, endpoint, cancellationToken, notFoundIsFlow: page > 1);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            var detail = TrackerErrors.ParseErrorBody((response.Error as ApiException)?.Content);
            if (!detail.TryGetValue("detail", out var d) || !d.Any(s => s.Contains("page", StringComparison.OrdinalIgnoreCase)))
            {
                throw TrackerErrors.FromResponse(response, 0);
            }
        }

        Timings.Count(TrackerDefaults.PagesCounter);
        return response;
    }

    private static Page<T> ToPage<T>(IApiResponse<List<T>> response)
    {
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return new Page<T>([], null, false);
        }

        var links = LinkHeader.Parse(response.Headers is { } headers && headers.TryGetValues("Link", out var values) ? values : null);
        return new Page<T>(response.Content!, links.LastPage, links.Next is not null);
    }

    private static string? Wire(DateTime? value) => value is { } v ? DateSlices.Format(v) : null;
}
