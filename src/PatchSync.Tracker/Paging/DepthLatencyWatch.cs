namespace PatchSync.Tracker.Paging;

/// <summary>
/// Watches how long plain pages take per item as a walk goes deeper, to tell whether the server pays for
/// OFFSET (Patchwork on PostgreSQL: page 400 of a 100k project ~6x page 1) or not (pwsync-server: flat).
/// </summary>
/// <remarks>
/// The baseline is the median of the first <c>window</c> full pages after page 1 (page 1 runs alone, the
/// others share the server with up to K - 1 siblings, so page 1 is not comparable). The current level is the
/// median of the latest <c>window</c> full pages. Medians ignore a stray slow answer; on top of that the
/// level must stay above <c>ratio</c> x baseline for <c>window / 2</c> pages in a row before the watch says
/// so (hysteresis), so a burst of load on the server does not switch a walk to slices. Once said, it stays
/// said: the caller switches once per walk. Pages faster than <c>minimumPageLatency</c> never count as slow:
/// on a fast server the ratio is mostly noise and slices could not save anything worth a request.
/// </remarks>
internal sealed class DepthLatencyWatch
{
    private readonly object _gate = new();
    private readonly int _window;
    private readonly double _ratio;
    private readonly List<double> _baseline = [];
    private readonly Queue<double> _recent = new();
    private readonly Queue<double> _recentPages = new();
    private readonly double _minimumPageMs;
    private double _baselineMedian;
    private int _above;
    private bool _grew;

    public DepthLatencyWatch(int window, double ratio, TimeSpan minimumPageLatency = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 2);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ratio, 1.0);
        _window = window;
        _ratio = ratio;
        _minimumPageMs = minimumPageLatency.TotalMilliseconds;
    }

    /// <summary>True once deep pages cost, per item, sustainedly more than the ratio times the first pages.</summary>
    public bool LatencyGrew
    {
        get
        {
            lock (_gate)
            {
                return _grew;
            }
        }
    }

    /// <summary>The latest level over the baseline (for logs); null before both are known.</summary>
    public double? Growth
    {
        get
        {
            lock (_gate)
            {
                return _baselineMedian > 0 && _recent.Count == _window ? Median(_recent) / _baselineMedian : null;
            }
        }
    }

    /// <summary>
    /// Whether the latest pages cost, per item, more than <paramref name="ratio"/> times the first ones right now
    /// (no hysteresis: asked once, at the middle of a listing, to decide whether to read the rest from the other end).
    /// </summary>
    public bool Exceeds(double ratio)
    {
        lock (_gate)
        {
            return _baselineMedian > 0 && _recent.Count == _window
                && Median(_recent) > ratio * _baselineMedian && Median(_recentPages) >= _minimumPageMs;
        }
    }

    /// <summary>Records one full page (not page 1, not a short last page) that took <paramref name="latency"/>.</summary>
    public void Record(int items, TimeSpan latency)
    {
        if (items <= 0)
        {
            return;
        }

        var perItem = latency.TotalMilliseconds / items;
        lock (_gate)
        {
            if (_baseline.Count < _window)
            {
                _baseline.Add(perItem);
                if (_baseline.Count == _window)
                {
                    _baselineMedian = Median(_baseline);
                }

                return;
            }

            _recent.Enqueue(perItem);
            _recentPages.Enqueue(latency.TotalMilliseconds);
            if (_recent.Count > _window)
            {
                _recent.Dequeue();
                _recentPages.Dequeue();
            }

            if (_recent.Count < _window || _grew)
            {
                return;
            }

            var slow = Median(_recent) > _ratio * _baselineMedian && Median(_recentPages) >= _minimumPageMs;
            _above = slow ? _above + 1 : 0;
            _grew = _above >= Math.Max(1, _window / 2);
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
