using Microsoft.Extensions.Time.Testing;
using PatchSync.Core.Tags;
using PatchSync.Testing;

namespace PatchSync.Sync.Tests.Engine;

/// <summary>Two trackers' projects sharing one mail store, in one run.</summary>
public sealed class MultiProjectTests : IDisposable
{
    private static readonly DateTimeOffset Epoch = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new("pwsync-multi");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 7, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeMailStore _mail = new();
    private readonly FakeTracker _a;
    private readonly FakeTracker _b;

    public MultiProjectTests()
    {
        _a = new FakeTracker(_time);
        _b = new FakeTracker(_time);
    }

    public void Dispose() => _dir.Dispose();

    private async Task<SyncReport> RunAsync(FakeTracker? failing = null)
    {
        _time.Advance(TimeSpan.FromMinutes(1));
        await using var store = await StateStore.OpenAsync(_dir.File("state.db"), _time);
        var planner = new PlannerOptions(new TagMapping());
        var report = await new SyncEngine(store, _time).RunAsync(new SyncRequest(
        [
            new SyncProject("a", new StateScope("http://a.test", "alpha", "mail"), "alpha", _a, _mail, planner) { Epoch = Epoch },
            new SyncProject("b", new StateScope("http://b.test", "beta", "mail"), "beta", _b, _mail, planner) { Epoch = Epoch },
        ]));
        _time.Advance(TimeSpan.FromMinutes(10));
        return report;
    }

    [Fact]
    public async Task RunAsync_TwoTrackersOneStore_EachProjectSyncsItsOwnPatches()
    {
        _a.Add(1, "new", _time.GetUtcNow(), messageId: "a1@example.org");
        _b.Add(1, "accepted", _time.GetUtcNow(), messageId: "b1@example.org");
        _mail.Add("a1@example.org");
        _mail.Add("b1@example.org");

        var first = await RunAsync();

        Assert.All(first.Projects, p => Assert.Empty(p.Errors));
        Assert.Equal(["pw-new"], _mail.TagsOf("a1@example.org"));
        Assert.Equal(["pw-accepted"], _mail.TagsOf("b1@example.org"));

        // A mail edit reaches only the tracker that owns the patch, though both read the same store.
        _mail.UserTag("b1@example.org", add: ["pw-rejected"], remove: ["pw-accepted"]);
        await RunAsync();

        Assert.Equal("rejected", _b[1].State);
        Assert.Equal("new", _a[1].State);
        Assert.Equal(0, _a.Updates);
    }

    [Fact]
    public async Task RunAsync_OneProjectFails_OtherStillSyncs()
    {
        _a.Add(1, "new", _time.GetUtcNow(), messageId: "a1@example.org");
        _b.Add(1, "new", _time.GetUtcNow(), messageId: "b1@example.org");
        _mail.Add("a1@example.org");
        _mail.Add("b1@example.org");
        _a.Failure = new TrackerFailureException("http://a.test: 503 Service Unavailable");

        var report = await RunAsync();

        Assert.Single(report.Projects[0].Errors);
        Assert.Empty(report.Projects[1].Errors);
        Assert.Empty(_mail.TagsOf("a1@example.org"));
        Assert.Equal(["pw-new"], _mail.TagsOf("b1@example.org"));
    }
}
