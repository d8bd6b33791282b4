using System.Diagnostics;
using PatchSync.Testing;

namespace PatchSync.EndToEnd.Tests;

/// <summary>
/// A temporary <c>git init</c> repository in which the real <c>git pw</c> (Debian's git-pw 2.0.0) runs
/// against a server. git-pw 2.0.0 wants server, project and token on every call, reads included.
/// </summary>
internal sealed class GitPwRepository : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly TempDirectory _directory = new("pwsync-gitpw");
    private readonly string[] _connection;

    private GitPwRepository(Uri server, string project, string token)
    {
        _connection = ["--server", new Uri(server, "/api/1.2").ToString(), "--project", project, "--token", token];
    }

    public string Path => _directory.Path;

    /// <summary>Fails the test with the fix when git-pw is missing (CI installs it with scripts/install-deps.sh).</summary>
    public static async Task<GitPwRepository> CreateAsync(Uri server, string project, string token)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(System.IO.Path.Combine(dir, "git-pw")));
        Assert.True(found, "git-pw is not installed: run scripts/install-deps.sh (it installs Debian's git-pw)");
        var repository = new GitPwRepository(server, project, token);
        await repository.RunAsync("git", ["init", "-q"]);
        await repository.RunAsync("git", ["config", "user.name", "Test"]);
        await repository.RunAsync("git", ["config", "user.email", "test@example.org"]);
        return repository;
    }

    /// <summary>Runs <c>git pw ARGS</c>; a non-zero exit fails with git-pw's output.</summary>
    public Task<string> GitPwAsync(params string[] arguments) => RunAsync("git", ["pw", .. _connection, .. arguments]);

    /// <summary>Runs <c>git pw ARGS</c> and returns its output and its log lines (git-pw logs "Downloaded patch to PATH" on stderr).</summary>
    public Task<string> GitPwWithLogAsync(params string[] arguments) => RunAsync("git", ["pw", .. _connection, .. arguments], includeStderr: true);

    public Task<string> GitAsync(params string[] arguments) => RunAsync("git", arguments);

    /// <summary>Writes <paramref name="relativePath"/> and commits it, as the base a patch applies to.</summary>
    public async Task CommitFileAsync(string relativePath, string content)
    {
        var file = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, content);
        await RunAsync("git", ["add", relativePath]);
        await RunAsync("git", ["commit", "-q", "-m", "base for " + relativePath]);
    }

    public void Dispose() => _directory.Dispose();

    private async Task<string> RunAsync(string fileName, IReadOnlyList<string> arguments, bool includeStderr = false)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Path,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No pager and no colour: the output is parsed.
        start.Environment["GIT_PAGER"] = "cat";
        start.Environment["PAGER"] = "cat";
        start.Environment["TERM"] = "dumb";
        using var timeout = new CancellationTokenSource(Timeout);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + fileName);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout;
        var safeArguments = string.Join(' ', arguments.Select(a => a == _connection[^1] ? "***" : a));
        Assert.True(process.ExitCode == 0, $"{fileName} {safeArguments} exited with {process.ExitCode}: {(await stderr).Trim()} {output.Trim()}");
        return includeStderr ? output + "\n" + await stderr : output;
    }
}
