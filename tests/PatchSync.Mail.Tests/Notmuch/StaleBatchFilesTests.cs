using PatchSync.Mail.Notmuch;
using PatchSync.Testing;

namespace PatchSync.Mail.Tests.Notmuch;

public sealed class StaleBatchFilesTests
{
    [Fact]
    public void CleanUp_OldBatchFilesOfAKilledRun_Removed_RecentAndOtherFilesKept()
    {
        using var dir = new TempDirectory("pwsync-tmp");
        var now = DateTimeOffset.UtcNow;
        var stale = dir.File("pwsync-notmuch-0123456789abcdef.batch");
        var recent = dir.File("pwsync-notmuch-fedcba9876543210.batch");
        var other = dir.File("other.batch");
        foreach (var file in new[] { stale, recent, other })
        {
            File.WriteAllText(file, "+pw-new -- id:a@example.org\n");
        }

        File.SetLastWriteTimeUtc(stale, now.UtcDateTime.AddHours(-2));
        File.SetLastWriteTimeUtc(other, now.UtcDateTime.AddHours(-2));

        Assert.Equal(1, StaleBatchFiles.CleanUp(dir.Path, now));

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(recent));
        Assert.True(File.Exists(other));
    }
}
