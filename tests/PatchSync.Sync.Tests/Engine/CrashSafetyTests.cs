namespace PatchSync.Sync.Tests.Engine;

/// <summary>
/// Crash safety tested the way isync tests its journal: a run is interrupted after each of its steps in
/// turn (every state commit, every push, every mail write), then resumed; every such run must end in the
/// same final state (tracker, mail, state store) as an uninterrupted one.
/// </summary>
public sealed class CrashSafetyTests
{
    private static readonly string[] ScenarioNames = ["first-sync", "edits-both-sides", "forbidden", "conflict-rule-mail"];

    /// <summary>Each scenario in one chunk, and in chunks of two patches (a run of several chunks, each committing on its own).</summary>
    public static TheoryData<string, int> Scenarios
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var name in ScenarioNames)
            {
                data.Add(name, SyncDefaults.ChunkSize);
                data.Add(name, 2);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task RunAsync_InterruptedAfterEveryStep_ResumesToTheSameFinalState(string scenario, int chunkSize)
    {
        var (expected, steps) = await ReferenceAsync(scenario, chunkSize);
        Assert.True(steps >= 3, $"scenario {scenario} has only {steps} steps");

        for (var crashAt = 1; crashAt <= steps; crashAt++)
        {
            using var h = new SyncHarness { ChunkSize = chunkSize };
            await SetUpAsync(h, scenario);
            var seen = 0;
            var crashed = false;
            try
            {
                await h.RunAsync(afterStep: (step, _) =>
                {
                    if (Interlocked.Increment(ref seen) == crashAt)
                    {
                        throw new InjectedCrashException(step);
                    }

                    return ValueTask.CompletedTask;
                });
            }
            catch (InjectedCrashException)
            {
                crashed = true;
            }

            Assert.True(crashed, $"step {crashAt} of {steps} was never reached");
            await h.RunAsync();
            await h.RunAsync();
            Assert.Equal(expected, await FinalStateAsync(h));
        }
    }

    private static async Task<(string Final, int Steps)> ReferenceAsync(string scenario, int chunkSize)
    {
        using var h = new SyncHarness { ChunkSize = chunkSize };
        await SetUpAsync(h, scenario);
        var steps = 0;
        await h.RunAsync(afterStep: (_, _) =>
        {
            Interlocked.Increment(ref steps);
            return ValueTask.CompletedTask;
        });
        await h.RunAsync();
        await h.RunAsync();
        return (await FinalStateAsync(h), steps);
    }

    private static async Task<string> FinalStateAsync(SyncHarness h) =>
        $"tracker:\n{h.DumpTracker()}\nmail:\n{h.Mail.Dump()}\nstate:\n{await h.DumpStateAsync()}";

    /// <summary>Builds the scenario up to the run that is interrupted.</summary>
    private static async Task SetUpAsync(SyncHarness h, string scenario)
    {
        for (var id = 1; id <= 5; id++)
        {
            h.AddPatch(id, id % 2 == 0 ? "under-review" : "new", id == 5 ? ["pw-new", "inbox"] : ["inbox"]);
        }

        if (scenario == "first-sync")
        {
            return;
        }

        await h.RunAsync();
        switch (scenario)
        {
            case "edits-both-sides":
                h.Tracker.Set(1, "accepted");
                h.Mail.UserTag(h.MessageId(2), add: ["pw-changes-requested"], remove: ["pw-under-review"]);
                h.Tracker.Set(3, "rejected");
                h.Mail.UserTag(h.MessageId(3), add: ["pw-rfc"], remove: ["pw-new"]);
                h.Mail.UserTag(h.MessageId(4), add: ["pw-accepted"]);
                h.Tracker.Archive(5);
                break;
            case "forbidden":
                h.Tracker.Forbid = true;
                h.Mail.UserTag(h.MessageId(1), add: ["pw-accepted"], remove: ["pw-new"]);
                h.Mail.UserTag(h.MessageId(2), add: ["pw-rejected"], remove: ["pw-under-review"]);
                h.Tracker.Set(3, "superseded");
                break;
            case "conflict-rule-mail":
                h.Conflict = Core.Planning.ConflictRule.Mail;
                h.Tracker.Set(1, "accepted");
                h.Mail.UserTag(h.MessageId(1), add: ["pw-rejected"], remove: ["pw-new"]);
                h.Mail.UserTag(h.MessageId(2), add: ["pw-accepted"], remove: ["pw-under-review"]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(scenario));
        }
    }

    private sealed class InjectedCrashException(SyncStep step) : Exception($"injected crash after {step}");
}
