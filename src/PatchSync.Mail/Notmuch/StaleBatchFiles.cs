namespace PatchSync.Mail.Notmuch;

/// <summary>
/// Removes the <c>pwsync-notmuch-*.batch</c> files that versions before batches went on stdin left in the
/// temporary directory when they were killed (world-readable, holding Message-IDs and tags). Once per
/// process; only files old enough that no running pwsync can still be writing them.
/// </summary>
internal static class StaleBatchFiles
{
    public const string Pattern = "pwsync-notmuch-*.batch";

    private static readonly TimeSpan MinimumAge = TimeSpan.FromMinutes(10);
    private static int _done;

    public static void CleanUpOnce(TimeProvider? time = null)
    {
        if (Interlocked.Exchange(ref _done, 1) == 0)
        {
            CleanUp(Path.GetTempPath(), (time ?? TimeProvider.System).GetUtcNow());
        }
    }

    /// <returns>How many files were removed.</returns>
    internal static int CleanUp(string directory, DateTimeOffset now)
    {
        var removed = 0;
        try
        {
            foreach (var file in Directory.EnumerateFiles(directory, Pattern))
            {
                try
                {
                    if (now - File.GetLastWriteTimeUtc(file) >= MinimumAge)
                    {
                        File.Delete(file);
                        removed++;
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Another user's file in a shared /tmp, or gone already: not ours to worry about.
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No readable temporary directory: nothing was left there either.
        }

        return removed;
    }
}
