namespace PatchSync.Sync.Tests.Engine;

/// <summary>The pure reading of the event feed: which patches to re-read, and the cursor the next run starts from.</summary>
public class EventWindowTests
{
    private static readonly DateTimeOffset Started = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);
    private static readonly EventWindow Window = new(Started, Overlap);

    private static readonly Dictionary<string, string> NoCheckpoints = new(StringComparer.Ordinal);

    private static TrackerEvent Event(long id, long patchId, string category, DateTimeOffset date, string? state = null, long? series = null, string? previous = null) =>
        new(id, patchId, category, date, state, series, previous);

    private static Dictionary<string, string> Seen(string ids) => new(StringComparer.Ordinal) { [CheckpointNames.EventsSeen] = ids };

    [Fact]
    public void Cursor_Stored_IsParsed_Else_TheEpoch()
    {
        var epoch = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(epoch, EventWindow.Cursor(NoCheckpoints, epoch));
        var stored = new Dictionary<string, string> { [CheckpointNames.EventsCursor] = "2026-04-30T10:00:00.0000000Z" };
        Assert.Equal(new DateTimeOffset(2026, 4, 30, 10, 0, 0, TimeSpan.Zero), EventWindow.Cursor(stored, epoch));
    }

    [Fact]
    public void ReadFrom_IsOneOverlapBeforeTheCursor() =>
        Assert.Equal(Started.AddMinutes(-12), Window.ReadFrom(Started.AddMinutes(-10)));

    [Fact]
    public void Take_NoEvents_CursorMovesToOneOverlapBeforeTheStart_AndNothingIsRead()
    {
        var taken = Window.Take([], NoCheckpoints, Started.AddDays(-1), extraTags: false);
        Assert.Empty(taken.PatchIds);
        Assert.Empty(taken.SeriesIds);
        Assert.Empty(taken.EventIds);
        Assert.Empty(taken.StateChanges);
        Assert.Equal(EventWindow.FormatTime(Started - Overlap), taken.Checkpoints[CheckpointNames.EventsCursor]);
        Assert.Equal(string.Empty, taken.Checkpoints[CheckpointNames.EventsSeen]);
    }

    [Fact]
    public void Take_CursorFollowsTheNewestEvent_AndNeverGoesBack()
    {
        var newest = Started.AddSeconds(-10);
        var events = new[] { Event(1, 10, "patch-created", Started.AddMinutes(-1)), Event(2, 11, "patch-created", newest) };
        Assert.Equal(EventWindow.FormatTime(newest), Window.Take(events, NoCheckpoints, Started.AddHours(-1), false).Checkpoints[CheckpointNames.EventsCursor]);

        var later = Started.AddMinutes(5);
        Assert.Equal(EventWindow.FormatTime(later), Window.Take(events, NoCheckpoints, later, false).Checkpoints[CheckpointNames.EventsCursor]);
    }

    [Fact]
    public void Take_SeenEvents_AreNotReadAgain_ButCountAsTakenIn()
    {
        var at = Started.AddSeconds(-30);
        var events = new[] { Event(1, 10, TrackerEvent.StateChanged, at, "accepted"), Event(2, 11, TrackerEvent.StateChanged, at, "rejected") };
        var taken = Window.Take(events, Seen("1"), Started.AddMinutes(-1), false);
        Assert.Equal([11L], taken.PatchIds);
        Assert.Equal([2L], taken.StateChanges.Select(e => e.Id));
        Assert.Equal(new HashSet<long> { 1, 2 }, taken.EventIds.ToHashSet());
        Assert.Equal("1,2", taken.Checkpoints[CheckpointNames.EventsSeen]);
    }

    [Fact]
    public void Take_SeveralEventsOfAPatch_ReadItOnce()
    {
        var at = Started.AddSeconds(-30);
        var events = new[]
        {
            Event(1, 10, "patch-created", at),
            Event(2, 10, TrackerEvent.StateChanged, at, "accepted"),
            Event(3, 12, "patch-completed", at),
        };
        Assert.Equal([10L, 12L], Window.Take(events, NoCheckpoints, Started.AddMinutes(-1), false).PatchIds);
    }

    [Theory]
    [InlineData("patch-delegated")]
    [InlineData("check-created")]
    public void Take_DelegateOrChecksOnly_IsReadOnlyWithExtraTags(string category)
    {
        var events = new[] { Event(1, 10, category, Started.AddSeconds(-5)) };
        Assert.Empty(Window.Take(events, NoCheckpoints, Started.AddMinutes(-1), extraTags: false).PatchIds);
        Assert.Equal([10L], Window.Take(events, NoCheckpoints, Started.AddMinutes(-1), extraTags: true).PatchIds);
    }

    [Fact]
    public void Take_DelegateWithAStateChange_IsReadWithoutExtraTags()
    {
        var events = new[] { Event(1, 10, "patch-delegated", Started.AddSeconds(-5)), Event(2, 10, TrackerEvent.StateChanged, Started.AddSeconds(-4), "accepted") };
        Assert.Equal([10L], Window.Take(events, NoCheckpoints, Started.AddMinutes(-1), extraTags: false).PatchIds);
    }

    [Fact]
    public void Take_SeriesEvents_NameSeriesOnlyWithExtraTags_AndNoPatch()
    {
        var events = new[]
        {
            Event(1, 0, TrackerEvent.SeriesCompleted, Started.AddSeconds(-5), series: 7),
            Event(2, 0, TrackerEvent.SeriesCompleted, Started.AddSeconds(-4), series: 7),
            Event(3, 0, TrackerEvent.SeriesCompleted, Started.AddSeconds(-3), series: 8),
        };
        var with = Window.Take(events, NoCheckpoints, Started.AddMinutes(-1), extraTags: true);
        Assert.Equal([7L, 8L], with.SeriesIds);
        Assert.Empty(with.PatchIds);
        var without = Window.Take(events, NoCheckpoints, Started.AddMinutes(-1), extraTags: false);
        Assert.Empty(without.SeriesIds);
        Assert.Empty(without.PatchIds);
    }

    [Fact]
    public void Take_SeenIds_KeepOnlyTheNextWindow()
    {
        // An old burst: the cursor moves to one overlap before the start, and ids before its window are dropped.
        var events = new[]
        {
            Event(5, 10, "patch-created", Started.AddHours(-3)),
            Event(6, 11, "patch-created", Started.AddMinutes(-3)),
            Event(7, 12, "patch-created", Started.AddMinutes(-3)),
            Event(7, 12, "patch-created", Started.AddMinutes(-3)),
        };
        var taken = Window.Take(events, NoCheckpoints, Started.AddHours(-4), false);
        Assert.Equal(EventWindow.FormatTime(Started.AddMinutes(-2)), taken.Checkpoints[CheckpointNames.EventsCursor]);
        Assert.Equal("6,7", taken.Checkpoints[CheckpointNames.EventsSeen]);
        Assert.Equal([10L, 11L, 12L], taken.PatchIds);
    }

    [Fact]
    public void Take_OnlyNewStateChanges_AreEvidence()
    {
        var events = new[]
        {
            Event(1, 10, TrackerEvent.StateChanged, Started.AddSeconds(-9), "accepted", previous: "new"),
            Event(2, 10, "patch-created", Started.AddSeconds(-8)),
            Event(3, 11, TrackerEvent.StateChanged, Started.AddSeconds(-7), "rejected", previous: "new"),
        };
        Assert.Equal([3L], Window.Take(events, Seen("1,2"), Started.AddMinutes(-1), false).StateChanges.Select(e => e.Id));
    }

    [Fact]
    public void AfterListing_CursorIsTheStart_AndEventsBeforeItAreSeen()
    {
        var recent = new[] { Event(3, 10, "patch-created", Started.AddSeconds(-1)), Event(1, 11, "patch-created", Started.AddMinutes(-1)), Event(4, 12, "patch-created", Started) };
        var next = Window.AfterListing(recent);
        Assert.Equal(EventWindow.FormatTime(Started), next[CheckpointNames.EventsCursor]);
        Assert.Equal("1,3", next[CheckpointNames.EventsSeen]);
        Assert.Equal(string.Empty, Window.AfterListing(null)[CheckpointNames.EventsSeen]);
    }

    [Fact]
    public void AddSeen_UnitesAndOrders() =>
        Assert.Equal("1,2,5,9", EventWindow.AddSeen("9,2", [5, 1, 2]));

    [Fact]
    public void Times_RoundTrip() =>
        Assert.Equal(Started.AddTicks(1234), EventWindow.ParseTime(EventWindow.FormatTime(Started.AddTicks(1234))));
}
