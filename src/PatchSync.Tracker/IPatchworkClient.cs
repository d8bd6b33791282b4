using PatchSync.Core.Diagnostics;

namespace PatchSync.Tracker;

/// <summary>
/// The tracker as the sync engine sees it: discovery, projects, patches (list, detail, update) and events.
/// Every failure is a <see cref="TrackerException"/> subclass with a one-line message.
/// </summary>
public interface IPatchworkClient
{
    /// <summary>The tracker's site root.</summary>
    Uri BaseUrl { get; }

    /// <summary>Time in HTTP and JSON, pages, requests and retries (for <c>--timings</c>).</summary>
    PhaseTimings Timings { get; }

    /// <summary>Finds the newest API version (1.3 down to 1.0) the server offers; returns it, e.g. "1.3".</summary>
    /// <exception cref="TrackerNotFoundException">No Patchwork API at the URL.</exception>
    Task<string> DiscoverAsync(CancellationToken cancellationToken = default);

    /// <summary>A project by link name (or numeric id).</summary>
    /// <exception cref="TrackerNotFoundException">"no project 'X' on https://…"</exception>
    Task<Project> GetProjectAsync(string linkName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every patch matching <paramref name="query"/> once, in server order unless <see cref="PatchQuery.AnyOrder"/>
    /// lets a long listing be read from both ends, with up to
    /// <see cref="PatchworkClientOptions.MaxInFlight"/> page requests in flight and bounded memory.
    /// </summary>
    /// <exception cref="TrackerNotFoundException">The query's project does not exist.</exception>
    IAsyncEnumerable<Patch> ListPatchesAsync(PatchQuery query, CancellationToken cancellationToken = default);

    /// <summary>One patch in detail form.</summary>
    Task<Patch> GetPatchAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Changes state/archived/delegate; returns the patch as the server has it afterwards.</summary>
    /// <exception cref="TrackerAuthException">No token, bad token, or not allowed to change this patch.</exception>
    /// <exception cref="TrackerBadRequestException">E.g. an unknown state; the message is the server's.</exception>
    /// <exception cref="TrackerUpdateNotAppliedException">The answer does not show the requested state, archived flag or delegate.</exception>
    Task<Patch> UpdatePatchAsync(long id, PatchUpdate update, CancellationToken cancellationToken = default);

    /// <summary>Every event matching <paramref name="query"/>, in server order (Patchwork: newest first unless ordered).</summary>
    IAsyncEnumerable<Event> ListEventsAsync(EventQuery query, CancellationToken cancellationToken = default);

    /// <summary>One series in detail form (completeness, its patches and cover letter).</summary>
    Task<Series> GetSeriesAsync(long id, CancellationToken cancellationToken = default);

    /// <summary>Every series of <paramref name="project"/> started since <paramref name="since"/> (inclusive), in server order.</summary>
    /// <exception cref="TrackerNotFoundException">The project does not exist.</exception>
    IAsyncEnumerable<Series> ListSeriesAsync(string project, DateTime? since, CancellationToken cancellationToken = default);
}
