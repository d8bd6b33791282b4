using Microsoft.Extensions.Time.Testing;
using PatchSync.Core.Tags;
using PatchSync.Testing;

namespace PatchSync.Sync.Tests.Fakes;

/// <summary>
/// One project wired to a fake tracker, a fake mail store and a real SQLite state file. Every
/// <see cref="RunAsync"/> opens the state store afresh, as a new pwsync process would.
/// </summary>
internal sealed class SyncHarness : IDisposable
{
    public static readonly DateTimeOffset Epoch = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _dir = new("pwsync-sync");

    public SyncHarness()
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2025, 7, 1, 12, 0, 0, TimeSpan.Zero));
        Tracker = new FakeTracker(Time);
        Mail = new FakeMailStore();
    }

    public FakeTimeProvider Time { get; }

    public FakeTracker Tracker { get; }

    public FakeMailStore Mail { get; }

    public string StatePath => _dir.File("state.db");

    public ConflictRule Conflict { get; set; } = ConflictRule.Tracker;

    public TimeSpan FullCheckInterval { get; set; } = TimeSpan.FromDays(1);

    public bool ExtraTags { get; set; }

    /// <summary>Patches per planned-and-committed chunk; small values make a run of a few patches take several chunks.</summary>
    public int ChunkSize { get; set; } = SyncDefaults.ChunkSize;

    public StateScope Scope { get; } = new("http://tracker.test", "demo", "mail");

    /// <summary>What the last run loaded from the state store.</summary>
    public CountingStateStore LastStore { get; private set; } = null!;

    /// <summary>Adds a patch on the tracker and its mail (untagged unless tags are given) in the store.</summary>
    public void AddPatch(long id, string state, params string[] mailTags)
    {
        Tracker.Add(id, state, Time.GetUtcNow());
        Mail.Add(FakeTracker.MessageIdOf(id), mailTags);
    }

    /// <summary>Patches 1..<paramref name="count"/> in <paramref name="state"/>, each with its untagged mail.</summary>
    public void AddPatches(int count, string state = "new")
    {
        for (var id = 1; id <= count; id++)
        {
            AddPatch(id, state);
        }
    }

    public string MessageId(long id) => FakeTracker.MessageIdOf(id);

    public async Task<ProjectReport> RunAsync(
        bool full = false,
        bool dryRun = false,
        DateTimeOffset? epoch = null,
        Func<SyncStep, CancellationToken, ValueTask>? afterStep = null)
    {
        // Changes made before a run happened a little before it, as in real life.
        Time.Advance(TimeSpan.FromMinutes(1));
        await using var store = await StateStore.OpenAsync(StatePath, Time);
        LastStore = new CountingStateStore(store);
        var engine = new SyncEngine(LastStore, Time);
        var project = Project(epoch);
        var report = await engine.RunAsync(
            new SyncRequest([project]) { Full = full, DryRun = dryRun, AfterStep = afterStep, ChunkSize = ChunkSize },
            CancellationToken.None);
        Time.Advance(TimeSpan.FromMinutes(10));
        return Assert.Single(report.Projects);
    }

    /// <summary>The harness's project as a run sees it.</summary>
    public SyncProject Project(DateTimeOffset? epoch = null) =>
        new("demo", Scope, "demo", Tracker, Mail, new PlannerOptions(new TagMapping(), Conflict))
        {
            FullCheckInterval = FullCheckInterval,
            Epoch = epoch ?? Epoch,
            ExtraTags = ExtraTags,
        };

    /// <summary>The stored base of every patch, for comparing final states.</summary>
    public async Task<string> DumpStateAsync()
    {
        await using var store = await StateStore.OpenAsync(StatePath, Time);
        var patches = await store.LoadPatchesAsync(Scope.Tracker, Scope.Project);
        var outbox = await store.LoadOutboxAsync();
        return string.Join('\n', patches.Values.OrderBy(p => p.PatchId).Select(p => $"{p.PatchId}: {p.Base ?? p.Tracker} {(p.Base is null ? "unsynced" : p.Base == p.Tracker ? string.Empty : "tracker " + p.Tracker)}"))
            + $"\noutbox: {outbox.Count}";
    }

    public string DumpTracker() =>
        string.Join('\n', Tracker.Patches.Values.OrderBy(p => p.Id).Select(p => $"{p.Id}: {p.Value}"));

    public void Dispose() => _dir.Dispose();
}
