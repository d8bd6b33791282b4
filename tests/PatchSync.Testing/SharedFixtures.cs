namespace PatchSync.Testing;

/// <summary>
/// Locates <c>../shared/fixtures</c> (captured real Patchwork responses and Patchwork's test mails),
/// which exists beside the project root for developers and CI. Tests that read it skip with a clear
/// message where it does not exist; the project's own fixtures live under each test project.
/// </summary>
public static class SharedFixtures
{
    /// <summary>The message a test skips with when the shared fixtures are absent.</summary>
    public const string MissingMessage = "../shared/fixtures not found beside the project root: contract test skipped";

    private static readonly Lazy<string?> Root = new(Find);

    /// <summary>The fixtures folder, or null when absent.</summary>
    public static string? Path => Root.Value;

    /// <summary>The project root (the folder holding PatchSync.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Full path of a file under the fixtures folder, or null when the fixtures are absent.</summary>
    public static string? File(params string[] parts) =>
        Path is null ? null : System.IO.Path.Combine([Path, .. parts]);

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("PATCHSYNC_SHARED_FIXTURES");
        if (!string.IsNullOrEmpty(env) && Directory.Exists(env))
        {
            return env;
        }

        var candidate = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, "..", "shared", "fixtures"));
        return Directory.Exists(candidate) ? candidate : null;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "PatchSync.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("PatchSync.sln not found above " + AppContext.BaseDirectory);
    }
}
