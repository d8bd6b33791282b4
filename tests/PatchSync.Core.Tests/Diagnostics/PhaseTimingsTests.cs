using PatchSync.Core.Diagnostics;

namespace PatchSync.Core.Tests.Diagnostics;

public class PhaseTimingsTests
{
    [Fact]
    public async Task ConcurrentAdds_AreAllCounted()
    {
        var timings = new PhaseTimings();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 1000; i++)
            {
                timings.Count("pages");
                timings.Add("http", TimeSpan.FromTicks(1));
            }
        })));
        Assert.Equal(8000, timings.Counter("pages"));
        Assert.Equal(TimeSpan.FromTicks(8000), timings.Elapsed("http"));
    }

    [Fact]
    public void Merge_PrefixesPhasesAndCounters()
    {
        var a = new PhaseTimings();
        var b = new PhaseTimings();
        b.Add("http", TimeSpan.FromSeconds(2));
        b.Count("retries", 3);
        a.Merge(b, "tracker.");
        Assert.Equal(TimeSpan.FromSeconds(2), a.Elapsed("tracker.http"));
        Assert.Equal(3, a.Counter("tracker.retries"));
        Assert.Contains("tracker.retries", a.Format(), StringComparison.Ordinal);
    }
}
