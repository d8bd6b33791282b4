using Microsoft.Extensions.Logging;
using PatchSync.Cli.Configuration;
using PatchSync.Cli.Running;
using PatchSync.Tracker;

namespace PatchSync.Cli.Checking;

/// <summary>
/// Checks one tracker and the projects on it without changing anything: the API answers, the token is
/// accepted, each project exists and the token's user is one of its maintainers. Patchwork has no
/// "am I a maintainer" endpoint and a test write would change a patch, so the token's user is found by
/// reading each maintainer's user record (listed in the project's detail): only the token's own record
/// carries <c>settings</c> (API 1.2+).
/// </summary>
internal static class TrackerCheck
{
    /// <summary>Token fix text: where a Patchwork user gets a token, and the keys that hold one.</summary>
    private const string TokenSource = "an API token is on the tracker's web profile page (/user/, \"Generate token\")";

    public static async Task<IReadOnlyList<CheckFinding>> RunAsync(
        TrackerConfig tracker,
        IReadOnlyList<ProjectConfig> projects,
        ILoggerFactory loggers,
        CancellationToken cancellationToken,
        HttpMessageHandler? handler = null)
    {
        var subject = $"tracker {tracker.Name}";
        var findings = new List<CheckFinding>();
        string? token = null;
        if (tracker.Token is not null)
        {
            try
            {
                token = await TrackerToken.ReadAsync(tracker, cancellationToken);
            }
            catch (ConfigException e)
            {
                findings.Add(CheckFinding.Problem(subject, e.Message, $"make the token readable ({TokenSource})", ExitCodes.Usage));
            }
        }

        using var client = CreateClient(tracker, token, loggers, handler);
        var tokenAccepted = false;
        string version;
        try
        {
            version = await client.DiscoverAsync(cancellationToken);
            if (token is not null)
            {
                await client.CheckTokenAsync(cancellationToken);
                tokenAccepted = true;
            }
        }
        catch (TrackerAuthException e) when (token is not null)
        {
            // Patchwork refuses a rejected token on every request, discovery included: say so, then look at
            // the projects without it.
            findings.Add(CheckFinding.Problem(subject, $"the token is not accepted ({e.Message})", $"put a current token in [trackers.{tracker.Name}] ({TokenSource})", ExitCodes.Tracker));
            using var anonymous = CreateClient(tracker, null, loggers, handler);
            if (await DiscoverAsync(anonymous, tracker, subject, findings, cancellationToken) is not { } anonymousVersion)
            {
                return findings;
            }

            foreach (var project in projects)
            {
                findings.Add(await CheckProjectAsync(anonymous, project, anonymousVersion, tokenAccepted: false, canIdentify: false, cancellationToken));
            }

            return findings;
        }
        catch (TrackerException e)
        {
            findings.Add(CheckFinding.Problem(subject, e.Message, UnreachableFix(tracker, e), ExitCodes.Tracker));
            return findings;
        }

        if (tracker.Token is null)
        {
            findings.Add(CheckFinding.Problem(
                subject,
                $"{Shown(tracker.Url)} speaks Patchwork API {version}, but no token is configured: tags changed in mail cannot change patch states",
                $"set token_file, token_command or token_env in [trackers.{tracker.Name}] ({TokenSource})",
                ExitCodes.Tracker));
        }
        else if (tokenAccepted)
        {
            findings.Add(CheckFinding.Ok(subject, $"{Shown(tracker.Url)} speaks Patchwork API {version}; the token is accepted"));
        }

        var canIdentify = tokenAccepted && await client.CanIdentifyTokenUserAsync(cancellationToken);
        foreach (var project in projects)
        {
            findings.Add(await CheckProjectAsync(client, project, version, tokenAccepted, canIdentify, cancellationToken));
        }

        return findings;
    }

    /// <summary>One retry and the configured timeout: a check answers within a minute even when the tracker is down.</summary>
    private static PatchworkClient CreateClient(TrackerConfig tracker, string? token, ILoggerFactory loggers, HttpMessageHandler? handler) =>
        PatchworkClientFactory.Create(
            new PatchworkClientOptions { BaseUrl = tracker.Url, Token = token, RequestTimeout = tracker.Timeout, MaxRetries = 1 },
            loggers,
            handler);

    private static async Task<string?> DiscoverAsync(PatchworkClient client, TrackerConfig tracker, string subject, List<CheckFinding> findings, CancellationToken cancellationToken)
    {
        try
        {
            return await client.DiscoverAsync(cancellationToken);
        }
        catch (TrackerException e)
        {
            findings.Add(CheckFinding.Problem(subject, e.Message, UnreachableFix(tracker, e), ExitCodes.Tracker));
            return null;
        }
    }

    private static string UnreachableFix(TrackerConfig tracker, TrackerException e) => e is TrackerUnavailableException
        ? $"check that {Shown(tracker.Url)} is up and reachable from here (curl {Shown(new Uri(tracker.Url, "api/"))})"
        : $"set [trackers.{tracker.Name}] url to the site root that serves /api/ (e.g. https://patchwork.kernel.org)";

    private static async Task<CheckFinding> CheckProjectAsync(
        PatchworkClient client, ProjectConfig project, string version, bool tokenAccepted, bool canIdentify, CancellationToken cancellationToken)
    {
        var subject = $"project {project.Name}";
        Project found;
        try
        {
            found = await client.GetProjectAsync(project.LinkName, cancellationToken);
        }
        catch (TrackerNotFoundException)
        {
            return CheckFinding.Problem(
                subject,
                $"no project '{project.LinkName}' on {Shown(client.BaseUrl)}",
                $"set linkname in [projects.{project.Name}] to one of: {await ProjectNamesAsync(client, cancellationToken)}",
                ExitCodes.Tracker);
        }
        catch (TrackerException e)
        {
            return CheckFinding.Problem(subject, e.Message, $"check that {client.BaseUrl} is up and answers API requests", ExitCodes.Tracker);
        }

        var maintainers = found.Maintainers ?? [];
        var names = maintainers.Count == 0 ? "none listed" : string.Join(", ", maintainers.Select(m => m.Username));
        if (!tokenAccepted)
        {
            return CheckFinding.Ok(subject, $"'{found.LinkName}' found (maintainers: {names}); without an accepted token pwsync can only read it");
        }

        if (!canIdentify)
        {
            return CheckFinding.Note(
                subject,
                $"'{found.LinkName}' found, but API {version} does not mark the token's own user record, so whether it may change states is unknown",
                "a refused change is reported by the sync (exit 3) and the mail tag set back");
        }

        User? me;
        try
        {
            me = await client.FindTokenUserAsync(maintainers, cancellationToken);
        }
        catch (TrackerException e)
        {
            return CheckFinding.Problem(subject, $"cannot read the maintainers' user records: {e.Message}", "check the token and the tracker", ExitCodes.Tracker);
        }

        if (me is not null)
        {
            return CheckFinding.Ok(subject, $"the token's user '{me.Username}' maintains '{found.LinkName}': pwsync may change patch states");
        }

        return CheckFinding.Problem(
            subject,
            $"the token's user is not a maintainer of '{found.LinkName}' (maintainers: {names}): it may change only patches it submitted or is delegated, a tag changed on any other patch is refused (403) and set back",
            maintainers.Count == 0
                ? "ask the tracker's admins to make the token's user a maintainer of the project"
                : $"use a token of a maintainer ({names}), or ask one of them to make you a maintainer",
            ExitCodes.Tracker);
    }

    /// <summary>The URL as printed: without user:password, should the config carry one.</summary>
    private static string Shown(Uri url) =>
        string.IsNullOrEmpty(url.UserInfo) ? url.ToString() : new UriBuilder(url) { UserName = string.Empty, Password = string.Empty }.Uri.ToString();

    /// <summary>A few link names for the "no such project" fix (the list is short on most trackers).</summary>
    private static async Task<string> ProjectNamesAsync(PatchworkClient client, CancellationToken cancellationToken)
    {
        const int shown = 10;
        var names = new List<string>();
        try
        {
            await foreach (var project in client.ListProjectsAsync(cancellationToken))
            {
                if (names.Count == shown)
                {
                    names.Add("...");
                    break;
                }

                names.Add(project.LinkName);
            }
        }
        catch (TrackerException)
        {
            // The fix text is only a hint; the finding itself stands without the list.
        }

        return names.Count == 0 ? "(the tracker lists no project)" : string.Join(", ", names);
    }
}
