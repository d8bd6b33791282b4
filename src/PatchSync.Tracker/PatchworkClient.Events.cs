using System.Runtime.CompilerServices;
using PatchSync.Tracker.Paging;

namespace PatchSync.Tracker;

/// <summary>Reading <c>/events/</c>.</summary>
public sealed partial class PatchworkClient
{
    public async IAsyncEnumerable<Event> ListEventsAsync(EventQuery query, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var version = await VersionAsync(ct).ConfigureAwait(false);
        if (query.Project is not null)
        {
            await GetProjectAsync(query.Project, ct).ConfigureAwait(false);
        }

        var pager = new OrderedPager<Event>(_options.MaxInFlight, (_, page, c) => FetchEventPageAsync(version, query, page, c));
        await foreach (var page in pager.ReadAsync([PageSegment.Whole], cancellationToken: ct).ConfigureAwait(false))
        {
            foreach (var item in page.Items)
            {
                yield return item;
            }
        }
    }

    private async Task<Page<Event>> FetchEventPageAsync(string version, EventQuery query, int page, CancellationToken ct)
    {
        var response = await SendPageAsync(
            c => _api.ListEventsAsync(
                version,
                category: query.Categories,
                project: query.Project,
                patch: query.Patch,
                series: query.Series,
                since: Wire(query.Since),
                before: Wire(query.Before),
                order: query.Order,
                page: page,
                perPage: _options.PageSize,
                cancellationToken: c),
            Endpoint($"api/{version}/events/"),
            page,
            ct).ConfigureAwait(false);
        var result = ToPage(response);
        foreach (var item in result.Items)
        {
            _states.See(item.Payload.PreviousState);
            _states.See(item.Payload.CurrentState);
        }

        return result;
    }
}
