using System.Globalization;

namespace PatchSync.State;

/// <summary>
/// Keeps a second pwsync run off a state store: an exclusive lock on <c>&lt;db&gt;.lock</c> beside the
/// database, held until disposed. The operating system drops it when the process dies, so a killed run
/// never leaves a stale lock behind.
/// </summary>
/// <remarks>
/// .NET takes the lock with <c>flock</c> (FileShare.None), which also refuses a second open of the same
/// file in the same process, and any read of it by another: so the holder's pid is written to a separate
/// <c>&lt;db&gt;.lock.pid</c> file for the message the loser prints.
/// </remarks>
public sealed class StateLock : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _pidFile;
    private bool _disposed;

    private StateLock(string lockFile, FileStream handle)
    {
        LockFile = lockFile;
        _lock = handle;
        _pidFile = lockFile + ".pid";
    }

    /// <summary>The lock file (<c>&lt;db&gt;.lock</c>).</summary>
    public string LockFile { get; }

    /// <summary>Takes the lock for the state store at <paramref name="databasePath"/>.</summary>
    /// <exception cref="StateLockedException">Another run holds it.</exception>
    public static StateLock Acquire(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        var lockFile = Path.GetFullPath(databasePath) + ".lock";
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
        FileStream handle;
        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.ReadWrite,
                Share = FileShare.None,
            };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            handle = new FileStream(lockFile, options);
        }
        catch (IOException e) when (File.Exists(lockFile))
        {
            throw new StateLockedException(lockFile, ReadHolderPid(lockFile + ".pid"), e);
        }

        var stateLock = new StateLock(lockFile, handle);
        stateLock.WritePid();
        return stateLock;
    }

    /// <summary>Releases the lock and removes the pid file, so the next run can take it.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            File.Delete(_pidFile);
        }
        catch (IOException)
        {
            // Only informational; the next holder overwrites it.
        }

        _lock.Dispose();
    }

    private void WritePid()
    {
        var pid = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        _lock.SetLength(0);
        _lock.Write(System.Text.Encoding.ASCII.GetBytes(pid + "\n"));
        _lock.Flush();
        try
        {
            File.WriteAllText(_pidFile, pid + "\n");
        }
        catch (IOException)
        {
            // The pid file only improves the loser's message.
        }
    }

    private static int? ReadHolderPid(string pidFile)
    {
        try
        {
            return int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
