using PatchSync.Testing.Tracker;

namespace PatchSync.Bench.Tracker;

/// <summary>
/// What a list request costs a real Patchwork 3.1.3 (runserver, PostgreSQL 15, 100k-patch project), from the
/// measurements in the Patchwork API notes ("What a list request costs on a real Patchwork"), served by ONE
/// core: requests in flight queue up instead of running in parallel.
/// </summary>
/// <remarks>
/// Cost of one request, in Patchwork milliseconds:
/// <list type="bullet">
/// <item><c>103</c> fixed (Django, auth, project lookup, response): page 1 at 100 per page measured ~220 ms
/// = 103 + COUNT 17 + 100 items x 1 ms;</item>
/// <item>COUNT: <c>17</c> for the plain project filter, <c>282</c> when <c>since</c>/<c>before</c> narrow
/// the listing (EXPLAIN ANALYZE on the real server);</item>
/// <item>the page SELECT: <c>0.0101</c> per row skipped (OFFSET; page 400 at 250 per page measured ~1380 ms
/// = 103 + 17 + 250 + 99,750 x 0.0101), plus the same <c>265</c> range scan the COUNT pays when date-filtered
/// (a date range is read and sorted twice: once to count, once to page);</item>
/// <item>serialising: <c>1</c> per item on the page.</item>
/// </list>
/// Checked against the two measured totals of issue 9: pwnm-sync (one page ahead, plain pages with since=,
/// 400 pages) is predicted at 562 s (measured 501 s) and pwsync's date slices (412 requests) at ~380 s
/// (measured 449 s). The single core is a FIFO single-server queue on a virtual clock: a request arriving
/// at t starts when the server is free, and the stub answers it when its cost has been served, so K
/// requests in flight take K times as long each and parallelism buys nothing on the server side.
/// Times are scaled by <see cref="TimeScale"/> so a 100k listing runs in seconds.
/// </remarks>
internal sealed class PatchworkCostModel
{
    public const double TimeScale = 1.0 / 20;
    public const double FixedMs = 103;
    public const double PlainCountMs = 17;
    public const double DateRangeCountMs = 282;
    public const double OffsetMsPerRow = 0.0101;
    public const double ItemMs = 1;

    private readonly object _server = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private double _freeAtMs;
    private double _servedMs;

    /// <summary>Patchwork milliseconds (unscaled) of all requests served so far: the server time, whatever the wall time.</summary>
    public double ServedMs
    {
        get
        {
            lock (_server)
            {
                return _servedMs;
            }
        }
    }

    /// <summary>Patchwork milliseconds for one request, unscaled.</summary>
    public static double CostMs(SyntheticRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rangeScan = request.DateFiltered ? DateRangeCountMs - PlainCountMs : 0;
        var count = PlainCountMs + rangeScan;
        var select = (request.Offset * OffsetMsPerRow) + rangeScan;
        return FixedMs + count + select + (request.Items * ItemMs);
    }

    /// <summary>The stub's latency hook: queue behind the requests already on the single server, then serve.</summary>
    public TimeSpan Latency(SyntheticRequest request)
    {
        var unscaled = CostMs(request);
        var cost = unscaled * TimeScale;
        lock (_server)
        {
            _servedMs += unscaled;
            var now = _clock.Elapsed.TotalMilliseconds;
            var start = Math.Max(now, _freeAtMs);
            _freeAtMs = start + cost;
            return TimeSpan.FromMilliseconds(_freeAtMs - now);
        }
    }
}
