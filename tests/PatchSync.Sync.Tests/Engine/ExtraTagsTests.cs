namespace PatchSync.Sync.Tests.Engine;

/// <summary>The optional read-only extra tags (delegate, checks, series complete).</summary>
public sealed class ExtraTagsTests : IDisposable
{
    private readonly SyncHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task RunAsync_ExtraTagsOn_DelegateAndChecksTaggedAndFollowed()
    {
        _h.ExtraTags = true;
        _h.Tracker.Add(1, "under-review", _h.Time.GetUtcNow(), delegateUser: "Alice", checks: "fail");
        _h.Mail.Add(_h.MessageId(1));
        await _h.RunAsync();
        Assert.Equal(["pw-checks-fail", "pw-delegate-alice", "pw-under-review"], _h.Mail.TagsOf(_h.MessageId(1)).Order());

        _h.Tracker.Delegate(1, "bob");
        await _h.RunAsync();

        Assert.Equal(["pw-checks-fail", "pw-delegate-bob", "pw-under-review"], _h.Mail.TagsOf(_h.MessageId(1)).Order());
        Assert.Equal(0, _h.Tracker.Updates);
    }

    [Fact]
    public async Task RunAsync_ExtraTagsOn_SeriesCompleteTaggedOnFirstSyncAndWhenTheLastPatchArrives()
    {
        _h.ExtraTags = true;
        _h.Tracker.Add(1, "new", _h.Time.GetUtcNow(), series: 10);
        _h.Tracker.Add(2, "new", _h.Time.GetUtcNow(), series: 10);
        _h.Tracker.CompleteSeries(10);
        _h.Tracker.Add(3, "new", _h.Time.GetUtcNow(), series: 20);
        foreach (var id in new long[] { 1, 2, 3 })
        {
            _h.Mail.Add(_h.MessageId(id));
        }

        await _h.RunAsync();
        Assert.Equal(["pw-new", "pw-series-complete"], _h.Mail.TagsOf(_h.MessageId(1)).Order());
        Assert.Equal(["pw-new", "pw-series-complete"], _h.Mail.TagsOf(_h.MessageId(2)).Order());
        Assert.Equal(["pw-new"], _h.Mail.TagsOf(_h.MessageId(3)).Order());

        // Series 20's last patch arrives: Patchwork says so with a series-completed event.
        _h.Tracker.Add(4, "new", _h.Time.GetUtcNow(), series: 20);
        _h.Mail.Add(_h.MessageId(4));
        _h.Tracker.CompleteSeries(20);
        var next = await _h.RunAsync();

        Assert.Equal("incremental", next.Mode);
        Assert.Equal(["pw-new", "pw-series-complete"], _h.Mail.TagsOf(_h.MessageId(3)).Order());
        Assert.Equal(["pw-new", "pw-series-complete"], _h.Mail.TagsOf(_h.MessageId(4)).Order());
        Assert.Equal(["pw-new", "pw-series-complete"], _h.Mail.TagsOf(_h.MessageId(1)).Order());
        Assert.Equal(0, _h.Tracker.Updates);
    }

    [Fact]
    public async Task RunAsync_ExtraTagsOff_NoSeriesRequestsAndNoSeriesTag()
    {
        _h.Tracker.Add(1, "new", _h.Time.GetUtcNow(), series: 10);
        _h.Tracker.CompleteSeries(10);
        _h.Mail.Add(_h.MessageId(1));

        await _h.RunAsync();
        await _h.RunAsync();

        Assert.Equal(["pw-new"], _h.Mail.TagsOf(_h.MessageId(1)).Order());
        Assert.Equal(0, _h.Tracker.SeriesReads);
    }
}
