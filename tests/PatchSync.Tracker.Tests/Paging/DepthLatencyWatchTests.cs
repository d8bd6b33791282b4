using PatchSync.Tracker.Paging;

namespace PatchSync.Tracker.Tests.Paging;

public sealed class DepthLatencyWatchTests
{
    [Fact]
    public void Record_FlatLatency_NeverGrows()
    {
        var watch = new DepthLatencyWatch(window: 8, ratio: 2.5);
        for (var page = 0; page < 200; page++)
        {
            watch.Record(250, TimeSpan.FromMilliseconds(400 + (page % 3 * 50)));
        }

        Assert.False(watch.LatencyGrew);
    }

    [Fact]
    public void Record_FewSlowAnswers_DoNotCount()
    {
        var watch = new DepthLatencyWatch(window: 8, ratio: 2.5);
        for (var page = 0; page < 200; page++)
        {
            watch.Record(250, TimeSpan.FromMilliseconds(page % 5 == 0 ? 5000 : 400));
        }

        Assert.False(watch.LatencyGrew);
    }

    [Fact]
    public void Record_LatencyGrowingWithDepth_GrowsPastTheRatio()
    {
        var watch = new DepthLatencyWatch(window: 8, ratio: 2.5);
        var grewAt = -1;
        for (var page = 0; page < 400 && grewAt < 0; page++)
        {
            watch.Record(250, TimeSpan.FromMilliseconds(370 + (2.5 * page))); // Patchwork's 100k curve
            grewAt = watch.LatencyGrew ? page : -1;
        }

        // 2.5 x 370 ms is reached near page 222; the medians and the hysteresis add a few pages.
        Assert.InRange(grewAt, 222, 240);
    }
}
