using System.Diagnostics;

namespace PatchSync.Testing.Server;

/// <summary>
/// A throwaway PostgreSQL cluster for tests: <c>initdb</c> into a temp dir, <c>pg_ctl start</c> on a
/// free 127.0.0.1 port with its socket in that dir, stopped and deleted on dispose. PostgreSQL refuses
/// to run as root, so as root the binaries run as the <c>postgres</c> user (<c>runuser</c>).
/// <see cref="Unavailable"/> says why it could not start (tests skip with that reason).
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _dir;
    private int _databases;

    private PostgresCluster(string bin, string dir, int port)
    {
        _bin = bin;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Why no cluster is available, or null when started.</summary>
    public string? Unavailable { get; private init; }

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
        {
            return new PostgresCluster("", "", 0) { Unavailable = "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin" };
        }

        var dir = Path.Combine(Path.GetTempPath(), "pwsync-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var port = FreePort.Next();
        var cluster = new PostgresCluster(bin, dir, port);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", ["-R", "postgres:postgres", dir]);
        }

        var data = Path.Combine(dir, "data");
        await cluster.RunPgAsync("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        await cluster.RunPgAsync("pg_ctl", [
            "-D", data, "-l", Path.Combine(dir, "log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
            "start",
        ]);
        return cluster;
    }

    /// <summary>Creates a new empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"pwsync_{Interlocked.Increment(ref _databases)}";
        await RunPgAsync("createdb", ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", name]);
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name};Pooling=true;Maximum Pool Size=20";
    }

    public async ValueTask DisposeAsync()
    {
        if (Unavailable is null)
        {
            try
            {
                await RunPgAsync("pg_ctl", ["-D", Path.Combine(_dir, "data"), "-m", "immediate", "-w", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // Already stopped; the directory goes anyway.
            }
        }

        try
        {
            if (_dir.Length > 0)
            {
                Directory.Delete(_dir, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }

    private Task RunPgAsync(string tool, IReadOnlyList<string> args)
    {
        var exe = Path.Combine(_bin, tool);
        return Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", exe, .. args])
            : RunAsync(exe, args);
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', args.Take(3))} exited {process.ExitCode}: {(await error).Trim()} {(await output).Trim()}");
        }
    }
}
