using System.Diagnostics;
using System.Text;

namespace PatchSync.Testing.Server;

/// <summary>
/// Runs the built <c>pwsync-server</c> (<c>dotnet …/pwsync-server.dll</c>) as a child process with a
/// temporary SQLite database: admin commands (project add, user add, token new, ingest) and
/// <c>serve</c> on a free 127.0.0.1 port, Patchwork-strict (<see cref="PatchworkQuirks"/>). For
/// end-to-end tests that need a real tracker.
/// The server must be built first (a ProjectReference to src/PatchSync.Server does that);
/// <c>PWSYNC_SERVER_DLL</c> overrides where the dll is looked for.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory? _ownedDirectory;
    private Process? _serve;

    /// <param name="databasePath">SQLite file (or PostgreSQL connection string); null = a new temp file.</param>
    public ServerProcess(string? databasePath = null, string? dllPath = null)
    {
        DllPath = dllPath ?? FindDll();
        if (databasePath is null)
        {
            _ownedDirectory = new TempDirectory("pwsync-server");
            databasePath = _ownedDirectory.File("db.sqlite");
        }

        Database = databasePath;
    }

    /// <summary>The pwsync-server.dll being run.</summary>
    public string DllPath { get; }

    /// <summary>The --db value every command gets.</summary>
    public string Database { get; }

    /// <summary>
    /// Serve with <c>--patchwork-quirks</c> (the default): as strict as real Patchwork 3.1.3 where a
    /// lenient server would hide a client's bug (a chunked body without Content-Length is read as
    /// empty; an aware since/before is read as Australia/Canberra time), so that a client passing its
    /// end-to-end tests also works against Patchwork (issue 9). False serves the lenient default.
    /// </summary>
    public bool PatchworkQuirks { get; init; } = true;

    /// <summary>The port <c>serve</c> listens on, once started.</summary>
    public int Port { get; private set; }

    /// <summary>The <c>serve</c> process's id once started (benchmarks read its CPU time), else null.</summary>
    public int? ProcessId => _serve is { HasExited: false } serve ? serve.Id : null;

    /// <summary>http://127.0.0.1:PORT (no trailing slash), once started.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");

    /// <summary>
    /// The tests' mbox for project <c>widgets</c> (16 patches, 4 covers, 10 replies, 1 malformed mail that
    /// ingest must skip). The users' sample is <c>samples/patches.mbox</c>.
    /// </summary>
    public static string SampleMbox => Path.Combine(SharedFixtures.RepositoryRoot, "tests", "PatchSync.Testing", "Server", "widgets.mbox");

    /// <summary>Runs <c>pwsync-server --db DB args…</c> and returns its exit code and output.</summary>
    public async Task<CommandResult> RunAsync(IReadOnlyList<string> args, string? standardInput = null, CancellationToken cancellationToken = default)
    {
        using var process = new Process { StartInfo = StartInfo(args) };
        process.StartInfo.RedirectStandardInput = standardInput is not null;
        process.Start();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pwsync-server {string.Join(' ', args)} did not finish in {CommandTimeout}");
        }

        return new CommandResult(process.ExitCode, await output, await error);
    }

    public Task<CommandResult> RunAsync(params string[] args) => RunAsync((IReadOnlyList<string>)args);

    public async Task AddProjectAsync(string linkname, string name, string listId, CancellationToken cancellationToken = default) =>
        (await RunAsync(["project", "add", linkname, "--name", name, "--list-id", listId], cancellationToken: cancellationToken)).EnsureSuccess("project add");

    public async Task AddUserAsync(string username, string? email = null, string? maintainerOf = null, CancellationToken cancellationToken = default)
    {
        var args = new List<string> { "user", "add", username };
        if (email is not null)
        {
            args.AddRange(["--email", email]);
        }

        if (maintainerOf is not null)
        {
            args.AddRange(["--maintainer-of", maintainerOf]);
        }

        (await RunAsync(args, cancellationToken: cancellationToken)).EnsureSuccess("user add");
    }

    /// <summary>A new API token for the user (the one line <c>token new</c> prints).</summary>
    public async Task<string> NewTokenAsync(string username, CancellationToken cancellationToken = default) =>
        (await RunAsync(["token", "new", username], cancellationToken: cancellationToken)).EnsureSuccess("token new").Output.Trim();

    /// <summary>Ingests mbox files/maildirs into a project; returns the counts line it prints.</summary>
    public async Task<string> IngestAsync(string project, IReadOnlyList<string> paths, CancellationToken cancellationToken = default) =>
        (await RunAsync(["ingest", "--project", project, .. paths], cancellationToken: cancellationToken)).EnsureSuccess("ingest").Output.Trim();

    /// <summary>Starts <c>serve</c> on a free port and waits until <c>GET /api/</c> answers.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_serve is not null)
        {
            throw new InvalidOperationException("already serving");
        }

        Port = FreePort.Next();
        List<string> serve = ["serve", "--urls", $"http://127.0.0.1:{Port}"];
        if (PatchworkQuirks)
        {
            serve.Add("--patchwork-quirks");
        }

        _serve = new Process { StartInfo = StartInfo(serve) };
        var errors = new StringBuilder();
        _serve.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        _serve.OutputDataReceived += (_, _) => { };
        _serve.Start();
        _serve.BeginErrorReadLine();
        _serve.BeginOutputReadLine();

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (_serve.HasExited)
            {
                throw new InvalidOperationException($"pwsync-server serve exited {_serve.ExitCode}: {errors}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(BaseUrl, "/api/"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"pwsync-server serve did not answer on {BaseUrl} within {StartTimeout}");
    }

    /// <summary>Stops the server process started by <see cref="StartAsync"/> (only that process).</summary>
    public async Task StopAsync()
    {
        if (_serve is null)
        {
            return;
        }

        if (!_serve.HasExited)
        {
            _serve.Kill(entireProcessTree: true);
            await _serve.WaitForExitAsync();
        }

        _serve.Dispose();
        _serve = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _ownedDirectory?.Dispose();
    }

    /// <summary>The newest built pwsync-server.dll under src/PatchSync.Server/bin (Debug or Release).</summary>
    public static string FindDll()
    {
        var env = Environment.GetEnvironmentVariable("PWSYNC_SERVER_DLL");
        if (!string.IsNullOrEmpty(env))
        {
            return env;
        }

        var bin = Path.Combine(SharedFixtures.RepositoryRoot, "src", "PatchSync.Server", "bin");
        var found = Directory.Exists(bin)
            ? Directory.GetFiles(bin, "pwsync-server.dll", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            : null;
        return found ?? throw new FileNotFoundException($"pwsync-server.dll not built under {bin}: build src/PatchSync.Server first");
    }

    private ProcessStartInfo StartInfo(IReadOnlyList<string> args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(DllPath);
        info.ArgumentList.Add("--db");
        info.ArgumentList.Add(Database);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }
}
