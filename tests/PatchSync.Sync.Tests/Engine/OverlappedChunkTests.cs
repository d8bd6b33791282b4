namespace PatchSync.Sync.Tests.Engine;

/// <summary>
/// A chunk without pushes is left writing to the mail store while the next chunk is listed, loaded and
/// planned (issue 9): the overlap happens, it is settled before anything it feeds, and a failure on either
/// side ends the run the way the chunks one after the other would have.
/// </summary>
public sealed class OverlappedChunkTests : IDisposable
{
    /// <summary>Long enough for a loaded machine; a run that waits for its own write's release fails after it.</summary>
    private static readonly TimeSpan HoldLimit = TimeSpan.FromSeconds(10);

    private readonly SyncHarness _h = new() { ChunkSize = 2 };

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task RunAsync_FullSync_ListsTheNextChunkWhileTheChunkBeforeIsWritten()
    {
        _h.AddPatches(6);
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writingWhenListed = new List<long>();
        // The first chunk's write is held until the listing has served the whole second chunk: a run that
        // waited for the write before listing on would wait for ever (here: until the hold limit fails it).
        _h.Mail.Writing = async number =>
        {
            if (number == 1)
            {
                await released.Task.WaitAsync(HoldLimit);
            }
        };
        _h.Tracker.BeforeListPatch = id =>
        {
            if (_h.Mail.ApplyCalls == 1 && _h.Mail.AppliesDone == 0)
            {
                writingWhenListed.Add(id);
            }

            if (id == 4)
            {
                released.TrySetResult();
            }

            return Task.CompletedTask;
        };

        var report = await _h.RunAsync();

        Assert.Empty(report.Errors);
        Assert.Equal([3, 4], writingWhenListed);
        Assert.Equal(6, report.Retagged);
        Assert.All(Enumerable.Range(1, 6), id => Assert.Equal(["pw-new"], _h.Mail.TagsOf(_h.MessageId(id))));
        Assert.Equal(string.Join('\n', Enumerable.Range(1, 6).Select(id => $"{id}: new ")) + "\noutbox: 0", await _h.DumpStateAsync());

        // Nothing left over for the next run: every chunk was recorded.
        var next = await _h.RunAsync();
        Assert.Equal(0, next.Retagged + next.Pushed);
    }

    [Fact]
    public async Task RunAsync_FullSync_WritesTheNextChunkWhileTheChunkBeforeIsCommitted()
    {
        _h.AddPatches(6);
        var log = new List<string>();
        _h.Mail.Writing = number =>
        {
            log.Add($"write {number}");
            return Task.CompletedTask;
        };

        var report = await _h.RunAsync(afterStep: (step, _) =>
        {
            if (!step.Detail.StartsWith("mail read", StringComparison.Ordinal))
            {
                log.Add($"{step.Kind} {step.Detail}");
            }

            return ValueTask.CompletedTask;
        });

        Assert.Empty(report.Errors);
        // Each chunk's steps in their own order (write, then its results; its record commit is empty here:
        // the retag commit recorded everything); the next chunk's write starts as soon as the one before is
        // written, before that one's commits.
        Assert.Equal(
            [
                "write 1",
                "MailWrite retag 2", "write 2", "StateCommit retagged 2",
                "MailWrite retag 2", "write 3", "StateCommit retagged 2",
                "MailWrite retag 2", "StateCommit retagged 2",
                "StateCommit checkpoints",
            ],
            log);
    }

    [Fact]
    public async Task RunAsync_CommitFailsWhileTheNextChunkIsWritten_ThatFailureAfterTheWriteIsWaitedOut()
    {
        // The chunks one after the other would have met the failed commit before the second (failing) write.
        _h.AddPatches(6);
        _h.Mail.Writing = async number =>
        {
            if (number == 2)
            {
                await Task.Delay(100);
                throw new IOException("disk full");
            }
        };

        var crash = await Assert.ThrowsAsync<InvalidOperationException>(() => _h.RunAsync(afterStep: (step, _) =>
            step.Detail == "retagged 2" ? throw new InvalidOperationException("killed after " + step.Detail) : ValueTask.CompletedTask));

        Assert.Equal("killed after retagged 2", crash.Message);
        Assert.Equal(2, _h.Mail.ApplyCalls);
        Assert.Equal(2, _h.Mail.AppliesDone);

        _h.Mail.Writing = null;
        var next = await _h.RunAsync();
        Assert.Empty(next.Errors);
        Assert.Empty(next.Conflicts);
        Assert.Equal(string.Join('\n', Enumerable.Range(1, 6).Select(id => $"{id}: new ")) + "\noutbox: 0", await _h.DumpStateAsync());
        Assert.All(Enumerable.Range(1, 6), id => Assert.Equal(["pw-new"], _h.Mail.TagsOf(_h.MessageId(id))));
    }

    [Fact]
    public async Task RunAsync_PatchListedAgainWhileItsChunkIsWriting_IsSyncedWithItsNewValue()
    {
        _h.AddPatches(4);
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _h.Mail.Writing = async number =>
        {
            if (number == 1)
            {
                await released.Task.WaitAsync(HoldLimit);
            }
        };
        // Patch 2 changes on the tracker and the listing serves it again right after its chunk [1, 2] was
        // planned and started writing.
        _h.Tracker.ListAgainAfter = id =>
        {
            if (id != 2)
            {
                return null;
            }

            _h.Tracker.Set(2, "accepted");
            released.TrySetResult();
            return 2;
        };

        var report = await _h.RunAsync();

        Assert.Empty(report.Errors);
        Assert.Equal(["pw-accepted"], _h.Mail.TagsOf(_h.MessageId(2)));
        Assert.Equal("1: new \n2: accepted \n3: new \n4: new \noutbox: 0", await _h.DumpStateAsync());
    }

    [Fact]
    public async Task RunAsync_MessageIdSharedWithTheChunkBeingWritten_IsPlannedOnTheWrittenTags()
    {
        // Patch 3 (next chunk) has the same mail as patch 1 (first chunk): it is planned on the tags the first
        // chunk wrote, as if the chunks had gone one after the other, so the mail ends with one state tag.
        _h.AddPatches(2);
        _h.Tracker.Add(3, "accepted", _h.Time.GetUtcNow(), messageId: _h.MessageId(1));
        _h.AddPatch(4, "new");
        _h.Mail.Writing = async number =>
        {
            if (number == 1)
            {
                // Still writing while the next chunk is listed and planned.
                await Task.Delay(200);
            }
        };

        var report = await _h.RunAsync();

        Assert.Empty(report.Errors);
        Assert.Equal(["pw-accepted"], _h.Mail.TagsOf(_h.MessageId(1)));
    }

    [Fact]
    public async Task RunAsync_ChunkWithPushes_WaitsForTheChunkBeingWritten()
    {
        _h.AddPatches(4);
        await _h.RunAsync();
        _h.FullCheckInterval = TimeSpan.Zero;
        _h.Tracker.Set(1, "accepted");
        _h.Mail.UserTag(_h.MessageId(3), add: ["pw-rejected"], remove: ["pw-new"]);
        var before = _h.Mail.ApplyCalls;
        _h.Mail.Writing = async number =>
        {
            if (number == before + 1)
            {
                // The first chunk's retag of patch 1, still being written when the second chunk is planned.
                await Task.Delay(200);
            }
        };
        var writesDoneAtPush = -1;
        _h.Tracker.BeforeUpdate = _ => writesDoneAtPush = _h.Mail.AppliesDone;

        var report = await _h.RunAsync();

        Assert.Empty(report.Errors);
        Assert.Equal("full", report.Mode);
        Assert.Equal(before + 1, writesDoneAtPush);
        Assert.Equal("rejected", _h.Tracker[3].State);
        Assert.Equal(["pw-accepted"], _h.Mail.TagsOf(_h.MessageId(1)));
        Assert.Equal("1: accepted \n2: new \n3: rejected \n4: new \noutbox: 0", await _h.DumpStateAsync());
    }

    [Fact]
    public async Task RunAsync_BackgroundWriteFails_MailErrorAndNothingOfThatChunkRecorded()
    {
        _h.AddPatches(6);
        _h.Mail.Writing = number => number == 2 ? Task.FromException(new IOException("disk full")) : Task.CompletedTask;

        var report = await _h.RunAsync();

        var error = Assert.Single(report.Errors);
        Assert.Equal(SyncArea.Mail, error.Area);
        Assert.Contains("fake-mail: tagging 2 messages: disk full", error.Message);
        Assert.Equal("1: new \n2: new \noutbox: 0", await _h.DumpStateAsync());
        Assert.Empty(_h.Mail.TagsOf(_h.MessageId(5)));

        _h.Mail.Writing = null;
        var next = await _h.RunAsync();
        Assert.Empty(next.Errors);
        Assert.Equal(string.Join('\n', Enumerable.Range(1, 6).Select(id => $"{id}: new ")) + "\noutbox: 0", await _h.DumpStateAsync());
        Assert.All(Enumerable.Range(1, 6), id => Assert.Equal(["pw-new"], _h.Mail.TagsOf(_h.MessageId(id))));
    }

    [Fact]
    public async Task RunAsync_ListingFailsWhileAChunkIsWriting_TrackerErrorAndTheNextRunFinishes()
    {
        _h.AddPatches(6);
        var failListing = true;
        _h.Tracker.BeforeListPatch = id => failListing && id == 3
            ? Task.FromException(new TrackerFailureException("http://tracker.test/api/patches/?page=2: 500 Internal Server Error"))
            : Task.CompletedTask;
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _h.Mail.Writing = async number =>
        {
            if (number == 1)
            {
                // Written after the listing failed: the run waits for it before it ends.
                await Task.Delay(100);
                released.TrySetResult();
            }
        };

        var report = await _h.RunAsync();

        var error = Assert.Single(report.Errors);
        Assert.Equal(SyncArea.Tracker, error.Area);
        Assert.True(released.Task.IsCompleted, "the run ended with its write still under way");
        Assert.Equal(1, _h.Mail.AppliesDone);
        // Written, recorded by nobody: the next run reads the tags back and agrees.
        Assert.Equal("\noutbox: 0", await _h.DumpStateAsync());

        failListing = false;
        var next = await _h.RunAsync();
        Assert.Empty(next.Errors);
        Assert.Empty(next.Conflicts);
        Assert.Equal(string.Join('\n', Enumerable.Range(1, 6).Select(id => $"{id}: new ")) + "\noutbox: 0", await _h.DumpStateAsync());
        Assert.All(Enumerable.Range(1, 6), id => Assert.Equal(["pw-new"], _h.Mail.TagsOf(_h.MessageId(id))));
    }

    [Fact]
    public async Task RunAsync_ListingAndTheWriteBeingWaitedForBothFail_ReportsTheMailError()
    {
        // The chunks one after the other would have met the failed write before listing on.
        _h.AddPatches(6);
        _h.Tracker.BeforeListPatch = id => id == 3
            ? Task.FromException(new TrackerFailureException("http://tracker.test/api/patches/?page=2: 500 Internal Server Error"))
            : Task.CompletedTask;
        _h.Mail.Writing = number => number == 1 ? Task.FromException(new IOException("disk full")) : Task.CompletedTask;

        var report = await _h.RunAsync();

        var error = Assert.Single(report.Errors);
        Assert.Equal(SyncArea.Mail, error.Area);
        Assert.Contains("disk full", error.Message);
        Assert.Equal("\noutbox: 0", await _h.DumpStateAsync());
    }
}
