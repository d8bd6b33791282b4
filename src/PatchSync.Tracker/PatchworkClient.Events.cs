using System.Runtime.CompilerServices;
using PatchSync.Tracker.Paging;

namespace PatchSync.Tracker;

/// <summary>
/// Reading <c>/events/</c>. Patchwork keeps only the LAST value of a repeated <c>category</c> (fixture 56),
/// so several categories are read as one listing per category, all in flight together under the one
/// <see cref="PatchworkClientOptions.MaxInFlight"/> bound, and merged by date. Asking per category was
/// measured cheaper than reading every category and filtering here (docs/benchmarks.md, "Events reading"):
/// a busy project's comment, patch-completed and series-created events would each cost a serialised item.
/// </summary>
public sealed partial class PatchworkClient
{
    /// <summary>Every event matching <paramref name="query"/>, in server order (Patchwork: newest first unless ordered).</summary>
    public async IAsyncEnumerable<Event> ListEventsAsync(EventQuery query, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var version = await VersionAsync(cancellationToken);
        if (query.Project is not null)
        {
            await GetProjectAsync(query.Project, cancellationToken);
        }

        var categories = query.Categories?.Distinct(StringComparer.Ordinal).ToList() ?? [];
        var slots = new SemaphoreSlim(_options.MaxInFlight, _options.MaxInFlight); // not disposed: late completions still release it
        List<IAsyncEnumerable<Event>> listings = categories.Count <= 1
            ? [ReadCategoryAsync(version, query, categories.FirstOrDefault(), slots, cancellationToken)]
            : [.. categories.Select(category => ReadCategoryAsync(version, query, category, slots, cancellationToken))];

        // A newest-first listing shifts while it is paged (new events push older ones to the next page), so
        // the same event can come twice: hand each out once.
        var seen = new HashSet<long>();
        await foreach (var item in MergeByDateAsync(listings, Ascending(query.Order), cancellationToken))
        {
            if (seen.Add(item.Id))
            {
                yield return item;
            }
        }
    }

    /// <summary>Patchwork orders events by date only; <c>order=date</c> is oldest first, anything else its default, newest first.</summary>
    private static bool Ascending(string? order) => string.Equals(order, "date", StringComparison.Ordinal);

    /// <summary>
    /// Merges listings that are each in server order (by date) into one, by (date, id) in that direction.
    /// Each listing pages on its own with requests in flight; the merge holds one event per listing.
    /// </summary>
    private static async IAsyncEnumerable<Event> MergeByDateAsync(
        List<IAsyncEnumerable<Event>> listings, bool ascending, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (listings.Count == 1)
        {
            await foreach (var item in listings[0].WithCancellation(cancellationToken))
            {
                yield return item;
            }

            yield break;
        }

        var readers = listings.Select(l => l.GetAsyncEnumerator(cancellationToken)).ToList();
        try
        {
            var sign = ascending ? 1 : -1;
            var heads = new PriorityQueue<int, (DateTime Date, long Id)>(
                Comparer<(DateTime Date, long Id)>.Create((a, b) => sign * (a.Date != b.Date ? a.Date.CompareTo(b.Date) : a.Id.CompareTo(b.Id))));

            // Every listing is already paging in the background; wait for all their first items together.
            var first = await Task.WhenAll(readers.Select(r => r.MoveNextAsync().AsTask()));
            for (var i = 0; i < readers.Count; i++)
            {
                if (first[i])
                {
                    heads.Enqueue(i, (readers[i].Current.Date, readers[i].Current.Id));
                }
            }

            while (heads.TryDequeue(out var index, out _))
            {
                yield return readers[index].Current;
                if (await readers[index].MoveNextAsync())
                {
                    heads.Enqueue(index, (readers[index].Current.Date, readers[index].Current.Id));
                }
            }
        }
        finally
        {
            foreach (var reader in readers)
            {
                await reader.DisposeAsync();
            }
        }
    }

    /// <summary>One listing with at most one <c>category</c> value (null: every category).</summary>
    private async IAsyncEnumerable<Event> ReadCategoryAsync(
        string version, EventQuery query, string? category, SemaphoreSlim slots, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pager = new OrderedPager<Event>(_options.MaxInFlight, async (_, page, c) =>
        {
            // The pager bounds its own requests; this shared bound keeps all the categories together under K.
            await slots.WaitAsync(c);
            try
            {
                return await FetchEventPageAsync(version, query, category, page, c);
            }
            finally
            {
                slots.Release();
            }
        });
        await foreach (var page in pager.ReadAsync([PageSegment.Whole], cancellationToken: cancellationToken))
        {
            foreach (var item in page.Items)
            {
                yield return item;
            }
        }
    }

    private async Task<Page<Event>> FetchEventPageAsync(string version, EventQuery query, string? category, int page, CancellationToken cancellationToken)
    {
        var response = await SendPageAsync(
            c => _api.ListEventsAsync(
                version,
                category: category,
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
            cancellationToken);
        var result = ToPage(response);
        foreach (var item in result.Items)
        {
        }

        return result;
    }
}
