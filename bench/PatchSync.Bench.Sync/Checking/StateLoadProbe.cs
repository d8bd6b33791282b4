using System.Diagnostics;
using System.Globalization;
using PatchSync.Core.Ports;
using PatchSync.State;

namespace PatchSync.Bench.Sync.Checking;

/// <summary>
/// After the runs, loads pwsync's state file the way every run starts (<see cref="IStateStore.LoadAsync"/>)
/// inside this process, to show how much of a run's time and memory is that load alone: the engine's phase
/// timings do not cover it.
/// </summary>
public static class StateLoadProbe
{
    public static async Task<string> DescribeAsync(string statePath, StateScope scope, CancellationToken cancellationToken)
    {
        await using var store = await StateStore.OpenAsync(statePath, cancellationToken);
        IStateStore port = store;
        var timings = new List<double>();
        ProjectState? state = null;
        long allocated = 0;
        for (var i = 0; i < 3; i++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var clock = Stopwatch.StartNew();
            state = await port.LoadAsync(scope, cancellationToken);
            timings.Add(clock.Elapsed.TotalSeconds);
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        }

        var checkpointChars = state!.Checkpoints.Values.Sum(v => (long)v.Length);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"state load ({state.Patches.Count} patches, {state.Messages.Count} messages, {checkpointChars / 1e6:0.0} M chars of checkpoints): first {timings[0]:0.000} s, then {timings[1]:0.000} / {timings[2]:0.000} s; allocates {allocated / 1048576.0:0} MB per load");
    }
}
