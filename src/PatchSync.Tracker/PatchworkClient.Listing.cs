using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using PatchSync.Tracker.Paging;
using Refit;

namespace PatchSync.Tracker;

/// <summary>Listing patches and series: paging with K in flight, and date slices for long listings.</summary>
public sealed partial class PatchworkClient
{
    public async IAsyncEnumerable<Patch> ListPatchesAsync(PatchQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var version = await VersionAsync(ct).ConfigureAwait(false);
        if (query.Project is not null)
        {
            // An unknown project answers 200 [] on Patchwork: say so instead of syncing nothing.
            await GetProjectAsync(query.Project, ct).ConfigureAwait(false);
        }

        var order = query.Order ?? "date";
        var perPage = PageSize; // fixed for the whole walk: page numbers depend on it
        var (segments, head) = await PlanSegmentsAsync(version, query, order, perPage, ct).ConfigureAwait(false);
        var pager = new OrderedPager<Patch>(_options.MaxInFlight, (segment, page, c) => FetchPatchPageAsync(version, query, order, segment, page, perPage, c))
        {
            Refine = order == "-date" ? (s, p) => Refine(s, p)?.Reverse().ToList() : Refine,
        };
        await foreach (var page in pager.ReadAsync(segments, head, ct).ConfigureAwait(false))
        {
            foreach (var patch in page.Items)
            {
                yield return patch;
            }
        }
    }

    /// <summary>
    /// One segment (plain pages) unless the listing is ordered by date and long. Page 1 of the plain listing
    /// is fetched first: its <c>rel="last"</c> gives the page count and its first item one end of the date
    /// span. A short listing (or an old server without <c>last</c>) is then walked by page numbers, reusing
    /// that page. A long one gets the other end of the span from a one-item request in the opposite order
    /// and is cut into slices of about <see cref="PatchworkClientOptions.PagesPerSlice"/> pages, so no request
    /// pages deep (OFFSET cost grows with depth on Patchwork). Since is inclusive and before exclusive, so
    /// adjacent slices neither overlap nor leave a gap.
    /// </summary>
    private async Task<(IReadOnlyList<PageSegment> Segments, Page<Patch>? Head)> PlanSegmentsAsync(
        string version, PatchQuery query, string order, int perPage, CancellationToken ct)
    {
        var byDate = order is "date" or "-date";
        if (query.Paging == PagingMode.Pages || !byDate)
        {
            return ([PageSegment.Whole], null);
        }

        var head = await FetchPatchPageAsync(version, query, order, PageSegment.Whole, 1, perPage, ct).ConfigureAwait(false);
        if (head.LastPage is not { } pages || head.Items.Count == 0)
        {
            return ([PageSegment.Whole], head); // Empty, or an old server that gives no page count.
        }

        var sliceCount = (pages + _options.PagesPerSlice - 1) / _options.PagesPerSlice;
        if ((query.Paging == PagingMode.Auto && pages <= _options.MinPagesForSlicing) || sliceCount < 2)
        {
            return ([PageSegment.Whole], head);
        }

        var ascending = order == "date";
        var tail = await FetchPatchPageAsync(version, query, ascending ? "-date" : "date", PageSegment.Whole, 1, 1, ct).ConfigureAwait(false);
        if (tail.Items.Count == 0)
        {
            return ([PageSegment.Whole], head);
        }

        var (first, last) = ascending ? (head.Items[0].Date, tail.Items[0].Date) : (tail.Items[0].Date, head.Items[0].Date);
        var slices = DateSlices.Split(first, last, sliceCount);
        _logger.LogDebug("listing {Pages} pages in {Slices} date slices", pages, slices.Count);
        return (ascending ? slices : slices.Reverse().ToList(), null);
    }

    /// <summary>
    /// Time slices are equal in time, not in count: a slice that turns out to hold more than twice the
    /// planned pages (a busy period) is cut again, so deep pages stay rare on uneven projects too.
    /// </summary>
    private IReadOnlyList<PageSegment>? Refine(PageSegment segment, Page<Patch> head)
    {
        if (segment.Since is null || head.LastPage is not { } pages || pages <= 2 * _options.PagesPerSlice)
        {
            return null;
        }

        var parts = DateSlices.Split(segment, (pages + _options.PagesPerSlice - 1) / _options.PagesPerSlice);
        return parts.Count > 1 ? parts : null;
    }

    private async Task<Page<Patch>> FetchPatchPageAsync(
        string version, PatchQuery query, string order, PageSegment segment, int page, int perPage, CancellationToken ct)
    {
        var response = await SendPageAsync(
            c => _api.ListPatchesAsync(
                version,
                project: query.Project,
                since: Wire(segment.Since ?? query.Since),
                before: Wire(segment.Before ?? query.Before),
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
            Endpoint($"api/{version}/patches/"),
            page,
            ct).ConfigureAwait(false);
        var result = ToPage(response);
        foreach (var patch in result.Items)
        {
            _states.See(patch.State);
        }

        if (page == 1 && perPage == PageSize && result.HasNext && result.Items.Count < perPage && result.Items.Count > 0)
        {
            // The server caps per_page lower than we asked: size slices by what it really serves.
            _logger.LogDebug("server serves {Count} items per page (asked {Asked})", result.Items.Count, perPage);
            PageSize = result.Items.Count;
        }

        return result;
    }

    public async IAsyncEnumerable<Series> ListSeriesAsync(string project, DateTime? since, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(project);
        var version = await VersionAsync(ct).ConfigureAwait(false);
        await GetProjectAsync(project, ct).ConfigureAwait(false);
        var pager = new OrderedPager<Series>(_options.MaxInFlight, (_, page, c) => FetchSeriesPageAsync(version, project, since, page, c));
        await foreach (var page in pager.ReadAsync([PageSegment.Whole], cancellationToken: ct).ConfigureAwait(false))
        {
            foreach (var item in page.Items)
            {
                yield return item;
            }
        }
    }

    private async Task<Page<Series>> FetchSeriesPageAsync(string version, string project, DateTime? since, int page, CancellationToken ct)
    {
        var response = await SendPageAsync(
            c => _api.ListSeriesAsync(version, project: project, since: Wire(since), page: page, perPage: _options.PageSize, cancellationToken: c),
            Endpoint($"api/{version}/series/"),
            page,
            ct).ConfigureAwait(false);
        return ToPage(response);
    }

    /// <summary>A page beyond the end (404 "Invalid page.", e.g. the listing shrank meanwhile) is an empty last page.</summary>
    private async Task<IApiResponse<List<T>>> SendPageAsync<T>(
        Func<CancellationToken, Task<IApiResponse<List<T>>>> call, Uri endpoint, int page, CancellationToken ct)
    {
        var response = await SendAsync(call, endpoint, ct, notFoundIsFlow: page > 1).ConfigureAwait(false);
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
