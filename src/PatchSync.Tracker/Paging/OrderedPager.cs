using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace PatchSync.Tracker.Paging;

/// <summary>
/// Walks a list of <see cref="PageSegment"/>s page by page with up to K requests in flight and hands the
/// pages out strictly in order (segment by segment, page 1, 2, …; a segment may start later and stop earlier:
/// <see cref="PageSegment.FirstPage"/>, <see cref="PageSegment.LastPage"/>).
/// </summary>
/// <remarks>
/// A producer starts requests in output order and queues their tasks in a channel of 2K entries; the
/// consumer awaits them in queue order. A slot of the K-slot semaphore is taken before a request starts and
/// given back when it completes, so at most K requests are in flight even when pages complete out of
/// order, and at most 2K + 2 pages are held (queue, one prefetched, one being handed out): memory stays
/// bounded whatever the listing's length. A segment's page count comes from its page 1
/// (<c>rel="last"</c>); while the producer waits for it, it already starts page 1 of the next segment, so
/// the pipe stays full across slice boundaries. Without <c>rel="last"</c> (old servers) the segment is
/// walked by following <c>rel="next"</c> one page at a time.
/// </remarks>
internal sealed class OrderedPager<T>(int maxInFlight, Func<PageSegment, int, CancellationToken, Task<Page<T>>> fetchPage)
{
    /// <summary>
    /// Looks at a segment's page 1 before its pages are walked; returning several segments replaces it by
    /// them (that page 1 is dropped). Used to cut a date slice that turned out too long.
    /// </summary>
    public Func<PageSegment, Page<T>, IReadOnlyList<PageSegment>?>? Refine { get; init; }

    /// <summary>
    /// Asked before page <c>p</c> (after the segment's first page, up to its last) of a segment with a known page count is started, with the task of
    /// page <c>p - 1</c>: returning segments ends this segment after page <c>p - 1</c> and walks them next
    /// instead of its remaining pages. Used to leave plain pages for date slices when deep pages get slow.
    /// </summary>
    public Func<DivertRequest<T>, CancellationToken, ValueTask<IReadOnlyList<PageSegment>?>>? Divert { get; init; }

    /// <param name="segments">The segments, walked in this order.</param>
    /// <param name="firstPage">Page 1 of the first segment when the caller already has it (it probed with it).</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    public async IAsyncEnumerable<Page<T>> ReadAsync(
        IReadOnlyList<PageSegment> segments,
        Page<T>? firstPage = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var slots = new SemaphoreSlim(maxInFlight, maxInFlight); // not disposed: late completions still release it
        var queue = Channel.CreateBounded<Task<Page<T>>>(new BoundedChannelOptions(2 * maxInFlight) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() => ProduceAsync(segments, firstPage, queue.Writer, slots, cts.Token), CancellationToken.None);
        try
        {
            await foreach (var pending in queue.Reader.ReadAllAsync(cts.Token))
            {
                yield return await pending;
            }

            await producer;
        }
        finally
        {
            await cts.CancelAsync();
            await DrainAsync(producer, queue.Reader);
        }
    }

    private async Task ProduceAsync(
        IReadOnlyList<PageSegment> initial, Page<T>? firstPage, ChannelWriter<Task<Page<T>>> writer, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            var segments = new List<PageSegment>(initial);
            (PageSegment Segment, Task<Page<T>> Head)? prefetched =
                firstPage is not null && segments.Count > 0 ? (segments[0], Task.FromResult(firstPage)) : null;
            for (var i = 0; i < segments.Count; i++)
            {
                var segment = segments[i];
                Task<Page<T>> first;
                if (prefetched is { } ready && ReferenceEquals(ready.Segment, segment))
                {
                    first = ready.Head;
                    prefetched = null;
                }
                else
                {
                    first = await StartAsync(segment, segment.FirstPage, slots, cancellationToken);
                }

                // Start the next segment's page 1 now, so its latency overlaps this segment's pages.
                if (prefetched is null && i + 1 < segments.Count)
                {
                    prefetched = (segments[i + 1], await StartAsync(segments[i + 1], segments[i + 1].FirstPage, slots, cancellationToken));
                }

                Page<T> head;
                try
                {
                    head = await first;
                }
                catch
                {
                    await writer.WriteAsync(first, cancellationToken); // the consumer reports it in order
                    throw;
                }

                if (Refine?.Invoke(segment, head) is { Count: > 1 } parts)
                {
                    segments.RemoveAt(i);
                    segments.InsertRange(i, parts);
                    i--;
                    continue;
                }

                await writer.WriteAsync(first, cancellationToken);
                var stop = segment.LastPage ?? int.MaxValue;
                if (head.LastPage is { } served)
                {
                    var lastPage = Math.Min(served, stop);
                    var previous = first;
                    for (var p = segment.FirstPage + 1; p <= lastPage; p++)
                    {
                        if (Divert is { } divert
                            && await divert(new DivertRequest<T>(segment, p, lastPage, previous), cancellationToken) is { Count: > 0 } rest)
                        {
                            segments.InsertRange(i + 1, rest);
                            break;
                        }

                        previous = await StartAsync(segment, p, slots, cancellationToken);
                        await writer.WriteAsync(previous, cancellationToken);
                    }
                }
                else
                {
                    for (var (p, current) = (segment.FirstPage + 1, head); current.HasNext && p <= stop; p++)
                    {
                        var next = await StartAsync(segment, p, slots, cancellationToken);
                        await writer.WriteAsync(next, cancellationToken);
                        current = await next;
                    }
                }
            }

            writer.TryComplete();
        }
        catch (Exception ex)
        {
            // A failed page's task is queued in order, so the consumer sees the real error at the right place;
            // completing with it covers failures outside a page (cancellation).
            writer.TryComplete(ex);
        }
    }

    /// <summary>Waits for a free slot, then starts the request; the slot is given back when it completes.</summary>
    private async Task<Task<Page<T>>> StartAsync(PageSegment segment, int page, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        await slots.WaitAsync(cancellationToken);
        return FetchAndReleaseAsync(segment, page, slots, cancellationToken);
    }

    private async Task<Page<T>> FetchAndReleaseAsync(PageSegment segment, int page, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            return await fetchPage(segment, page, cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>After an early stop or a failure: wait for the producer and observe every queued task.</summary>
    private static async Task DrainAsync(Task producer, ChannelReader<Task<Page<T>>> reader)
    {
        try
        {
            await producer;
        }
        catch (Exception)
        {
            // Already reported through the queue, or a cancellation we caused.
        }

        while (reader.TryRead(out var pending))
        {
            try
            {
                await pending;
            }
            catch (Exception)
            {
                // The consumer has stopped; nothing to report to.
            }
        }
    }
}

/// <summary>What <see cref="OrderedPager{T}.Divert"/> is asked about: page <see cref="NextPage"/> of <see cref="Segment"/>.</summary>
internal sealed record DivertRequest<T>(PageSegment Segment, int NextPage, int LastPage, Task<Page<T>> Previous);
