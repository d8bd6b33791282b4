using PatchSync.Testing;

namespace PatchSync.State.Tests;

public class StateLockTests
{
    [Fact]
    public void Acquire_WhileHeld_IsRefusedNamingFileAndPid()
    {
        using var temp = new TempDirectory();
        var path = temp.File("state.db");
        using var held = StateLock.Acquire(path);

        var e = Assert.Throws<StateLockedException>(() => StateLock.Acquire(path));
        Assert.Equal($"another pwsync run holds the lock on {path}.lock (pid {Environment.ProcessId})", e.Message);
        Assert.Equal(Environment.ProcessId, e.HolderPid);
        Assert.Equal(path + ".lock", held.LockFile);
    }

    [Fact]
    public void Acquire_AfterDispose_Succeeds()
    {
        using var temp = new TempDirectory();
        var path = temp.File("state.db");
        StateLock.Acquire(path).Dispose();
        using var again = StateLock.Acquire(path);
        Assert.Throws<StateLockedException>(() => StateLock.Acquire(path));
    }

    [Fact]
    public void Acquire_StaleLockFileLeftBehind_Succeeds()
    {
        // A killed run leaves the file but not the lock: the OS drops the lock with the process.
        using var temp = new TempDirectory();
        var path = temp.File("state.db");
        File.WriteAllText(path + ".lock", "12345\n");
        File.WriteAllText(path + ".lock.pid", "12345\n");
        using var held = StateLock.Acquire(path);
        Assert.Equal(
            $"another pwsync run holds the lock on {path}.lock (pid {Environment.ProcessId})",
            Assert.Throws<StateLockedException>(() => StateLock.Acquire(path)).Message);
    }

    [Fact]
    public async Task Acquire_HeldByAnotherProcess_IsRefused()
    {
        // flock(1) (util-linux, always on Debian) holds the same kind of lock .NET takes for FileShare.None;
        // --close keeps the lock in flock itself (not in its child), so killing flock releases it.
        using var temp = new TempDirectory();
        var path = temp.File("state.db");
        var ready = temp.File("ready");
        using var holder = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(
            "/usr/bin/flock", ["--exclusive", "--close", path + ".lock", "sh", "-c", $"touch {ready}; sleep 60"]))!;
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!File.Exists(ready) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            Assert.True(File.Exists(ready), "flock did not start");
            var e = Assert.Throws<StateLockedException>(() => StateLock.Acquire(path));
            Assert.StartsWith($"another pwsync run holds the lock on {path}.lock", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync();
        }

        using var mine = StateLock.Acquire(path);
    }
}
